import {
  keepPreviousData,
  noop,
  queryOptions,
  usePrefetchQuery,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type { Query } from '@tanstack/react-query';
import { useEffect } from 'react';
import { fetchUsersResultCheck } from '../../../contract/response-checks.ts';
import type { FetchUsersResult } from '../../../contract/session-users.ts';
import { getJson } from '../../../lib/api-client.ts';
import { apiPaths } from '../../../lib/routes.ts';
import { usersKeys } from './query-keys.ts';

export type { FetchUsersResult };

export interface FetchUsersParams {
  product: string;
  session: string;
  /** Absent: every environment. */
  env?: string;
  page: number;
  limit: number;
  /** Absent: every user; else identifiers containing this text. */
  q?: string;
  /** Absent: last_seen. */
  sort?: string;
}

/** The platform's `fetchUsers`: one page of a session's users, most recently seen first. */
export function fetchUsers(params: FetchUsersParams, signal?: AbortSignal): Promise<FetchUsersResult> {
  return getJson(apiPaths.users(params), fetchUsersResultCheck, signal);
}

export function usersQueryOptions(params: FetchUsersParams) {
  return queryOptions({
    queryKey: usersKeys.list(params),
    // Passing the signal lets Query abort a request nobody waits for any more (a superseded page).
    queryFn: ({ signal }) => fetchUsers(params, signal),
  });
}

function sameSession(query: Query | undefined, params: FetchUsersParams): boolean {
  const [, , product, session] = (query?.queryKey ?? []) as readonly unknown[];
  return product === params.product && session === params.session;
}

/**
 * A page of users. While the next page, environment or page size loads, the previous rows stay
 * on screen (`isPlaceholderData`), but never another session's rows. Once a page arrives, the
 * page after it is fetched ahead so "Next page" is instant.
 */
export function useSessionUsers(params: FetchUsersParams) {
  const queryClient = useQueryClient();
  // Starts the request during render rather than after the first commit: rows arrive sooner.
  usePrefetchQuery(usersQueryOptions(params));
  const query = useQuery({
    ...usersQueryOptions(params),
    placeholderData: (previous, previousQuery) =>
      sameSession(previousQuery as Query | undefined, params) ? keepPreviousData(previous) : undefined,
  });

  const { product, session, env, page, limit, q, sort } = params;
  const totalPages = query.isPlaceholderData ? undefined : query.data?.totalPages;
  useEffect(() => {
    if (totalPages === undefined || page >= totalPages) return;
    queryClient.query(usersQueryOptions({ product, session, env, page: page + 1, limit, q, sort })).catch(noop);
  }, [queryClient, product, session, env, page, limit, q, sort, totalPages]);

  return query;
}
