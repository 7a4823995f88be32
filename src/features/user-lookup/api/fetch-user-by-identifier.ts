import { queryOptions } from '@tanstack/react-query';
import { userDetailsCheck } from '../../../contract/response-checks.ts';
import type { ISessionUser } from '../../../contract/session-users.ts';
import { getJson } from '../../../lib/api-client.ts';
import { apiPaths } from '../../../lib/routes.ts';
import { userLookupKeys } from './query-keys.ts';

export interface IdentifierLookup {
  product: string;
  session: string;
  identifier: string;
}

/**
 * Does this exact identifier exist in the session? Uses the details operation (`fetchUserDetails`,
 * most recently seen environment) and keeps only the user's record; rejects with USER_NOT_FOUND.
 */
export async function fetchUserByIdentifier(lookup: IdentifierLookup, signal?: AbortSignal): Promise<ISessionUser> {
  const details = await getJson(apiPaths.userDetails(lookup), userDetailsCheck, signal);
  const {
    sessions: _sessions,
    totalSessions: _total,
    activeSessionsCount: _active,
    environments: _envs,
    ...user
  } = details;
  return user;
}

export function userByIdentifierQueryOptions(lookup: IdentifierLookup) {
  return queryOptions({
    queryKey: userLookupKeys.byIdentifier(lookup),
    queryFn: ({ signal }) => fetchUserByIdentifier(lookup, signal),
  });
}
