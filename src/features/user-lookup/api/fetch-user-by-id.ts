import { queryOptions, useQuery } from '@tanstack/react-query';
import { userByIdCheck } from '../../../contract/response-checks.ts';
import type { UserById } from '../../../contract/session-users.ts';
import { getJson } from '../../../lib/api-client.ts';
import { apiPaths } from '../../../lib/routes.ts';
import { userLookupKeys } from './query-keys.ts';

export type { UserById };

/** The platform's `sessions.user(ductape_user_id)`; rejects with ApiError USER_NOT_FOUND (404). */
export function fetchUserById(ductapeUserId: string, signal?: AbortSignal): Promise<UserById> {
  return getJson(apiPaths.userById(ductapeUserId), userByIdCheck, signal);
}

export function userByIdQueryOptions(ductapeUserId: string) {
  return queryOptions({
    queryKey: userLookupKeys.byId(ductapeUserId),
    queryFn: ({ signal }) => fetchUserById(ductapeUserId, signal),
  });
}

export function useUserById(ductapeUserId: string) {
  return useQuery(userByIdQueryOptions(ductapeUserId));
}
