import {
  hashKey,
  keepPreviousData,
  noop,
  queryOptions,
  usePrefetchQuery,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import type { Query } from '@tanstack/react-query';
import { useEffect, useRef } from 'react';
import { fetchUsersResultCheck } from '../../../contract/response-checks.ts';
import type { FetchUsersResult } from '../../../contract/session-users.ts';
import { getJson } from '../../../lib/api-client.ts';
import { liveQueryOptions } from '../../../lib/live-query.ts';
import { apiPaths } from '../../../lib/routes.ts';
import { afterNextPaint } from '../../../lib/after-paint.ts';
import { whenShown } from '../../../lib/when-shown.ts';
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
 *
 * The first page keeps itself current (lib/live-query.ts): new and updated users take their
 * places. When it changes, the other pages held for this session are marked out of date and the
 * next one is fetched ahead again. A later page stays as read, so its rows never move under the
 * reader (useNewerUsers says what changed).
 */
export function useSessionUsers(params: FetchUsersParams) {
  const queryClient = useQueryClient();
  // Starts the request during render rather than after the first commit: rows arrive sooner.
  usePrefetchQuery(usersQueryOptions(params));
  const live = params.page === 1;
  const query = useQuery({
    ...usersQueryOptions(params),
    ...(live ? liveQueryOptions : {}),
    placeholderData: (previous, previousQuery) =>
      sameSession(previousQuery as Query | undefined, params) ? keepPreviousData(previous) : undefined,
  });

  const { product, session, env, page, limit, q, sort } = params;
  const data = query.isPlaceholderData ? undefined : query.data;
  const shown = useRef<{ view: string; data: FetchUsersResult }>(undefined);
  useEffect(() => {
    if (data === undefined) return;
    const view = hashKey(usersKeys.list({ product, session, env, page, limit, q, sort }));
    const changed = live && shown.current?.view === view && shown.current.data !== data;
    shown.current = { view, data };
    if (changed) {
      void queryClient.invalidateQueries({
        queryKey: usersKeys.session(product, session),
        predicate: (other) => other.queryHash !== view,
        refetchType: 'none',
      });
    }
    if (page >= data.totalPages) return;
    // Not in the task that shows this page (a click's effects run before its frame): starting a
    // request costs milliseconds that the page after next can wait.
    let cancelShown = () => {};
    const cancelPaint = afterNextPaint(() => {
      cancelShown = whenShown(() => {
        queryClient.query(usersQueryOptions({ product, session, env, page: page + 1, limit, q, sort })).catch(noop);
      });
    });
    return () => {
      cancelPaint();
      cancelShown();
    };
  }, [queryClient, live, product, session, env, page, limit, q, sort, data]);

  return query;
}

/**
 * The page after `params.page` once it is here (fetched ahead by useSessionUsers), so the table can
 * build it ahead, hidden; this never asks for it.
 */
export function useUsersPageAhead(params: FetchUsersParams): FetchUsersResult | undefined {
  return useQuery({ ...usersQueryOptions({ ...params, page: params.page + 1 }), enabled: false }).data;
}
