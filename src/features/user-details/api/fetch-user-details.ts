import { queryOptions, usePrefetchQuery, useQuery } from '@tanstack/react-query';
import { getJson } from '../../../lib/api-client.ts';
import { liveQueryOptions } from '../../../lib/live-query.ts';
import { apiPaths } from '../../../lib/routes.ts';
import { userDetailsCheck } from '../../../contract/response-checks.ts';
import type { UserDetails } from '../../../contract/session-users.ts';
import { userDetailsKeys } from './query-keys.ts';
import type { UserDetailsParams } from './query-keys.ts';

export type { IUserSessionInfo } from '../../../contract/session-users.ts';
export type { UserDetailsParams } from './query-keys.ts';

/** The `fetchUserDetails` result: the user plus `sessions`, `totalSessions`, `activeSessionsCount`. */
export type UserDetailsResult = UserDetails;

/** GET one user and their session history; the answer is checked against the shared schema. */
export function fetchUserDetails(params: UserDetailsParams, signal?: AbortSignal): Promise<UserDetailsResult> {
  return getJson(apiPaths.userDetails(params), userDetailsCheck, signal);
}

/**
 * Used by the hook and the users page's prefetch on row hover: one cache entry. The page keeps
 * itself current (lib/live-query.ts): figures, timeline and history follow the user's sessions.
 */
export function userDetailsQueryOptions(params: UserDetailsParams) {
  return queryOptions({
    queryKey: userDetailsKeys.detail(params),
    queryFn: ({ signal }) => fetchUserDetails(params, signal),
    ...liveQueryOptions,
  });
}

export function useSessionUserDetails(params: UserDetailsParams) {
  const options = userDetailsQueryOptions(params);
  // useQuery fetches only once the page commits, which React may hold back (it paces Suspense
  // reveals); starting the request during render saves that wait on a direct open.
  usePrefetchQuery(options);
  return useQuery(options);
}
