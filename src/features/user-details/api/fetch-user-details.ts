import { infiniteQueryOptions, useInfiniteQuery, usePrefetchInfiniteQuery } from '@tanstack/react-query';
import type { InfiniteData } from '@tanstack/react-query';
import { getJson } from '../../../lib/api-client.ts';
import { liveQueryOptions } from '../../../lib/live-query.ts';
import { apiPaths } from '../../../lib/routes.ts';
import { SESSIONS_LIMIT_MAX, SESSIONS_PAGE_SIZE } from '../../../contract/paging.ts';
import { userDetailsCheck } from '../../../contract/response-checks.ts';
import type { UserDetails } from '../../../contract/session-users.ts';
import { userDetailsKeys } from './query-keys.ts';
import type { UserDetailsParams } from './query-keys.ts';

export type { IUserSessionInfo } from '../../../contract/session-users.ts';
export type { UserDetailsParams } from './query-keys.ts';

/** The `fetchUserDetails` result: the user plus `sessions`, `totalSessions`, `activeSessionsCount`. */
export type UserDetailsResult = UserDetails;

/** One page of a user's history: at most `limit` sessions, after the page that gave `cursor`. */
export interface HistoryPage {
  limit: number;
  cursor?: string;
}

/**
 * GET one user and their session history, every session or (with `page`) one page of it; the
 * answer is checked against the shared schema.
 */
export function fetchUserDetails(
  params: UserDetailsParams,
  signal?: AbortSignal,
  page?: HistoryPage,
): Promise<UserDetailsResult> {
  const path = apiPaths.userDetails({ ...params, sessions_limit: page?.limit, sessions_cursor: page?.cursor });
  return getJson(path, userDetailsCheck, signal);
}

const FIRST_PAGE: HistoryPage = { limit: SESSIONS_PAGE_SIZE };

/**
 * After the first page (100 sessions: what opens the page fast), each next one holds 1,000: about
 * 35 kB with brotli, and the oldest of 10,000 sessions is 10 requests away, not 99. The cursor
 * says where a page starts, so a refresh asks for the same pages again.
 */
function nextPage(last: UserDetailsResult): HistoryPage | undefined {
  return last.next_sessions_cursor ? { limit: SESSIONS_LIMIT_MAX, cursor: last.next_sessions_cursor } : undefined;
}

type HistoryData = InfiniteData<UserDetailsResult, HistoryPage>;

/**
 * A refresh whose pages all answered 304 gives back the very same page objects (lib/api-client.ts):
 * the cache then keeps its data object too, so nothing re-renders and no change is reported.
 */
function keepUnchangedPages(old: unknown, next: unknown): unknown {
  const before = old as HistoryData | undefined;
  const after = next as HistoryData;
  const same = before?.pages.length === after.pages.length && after.pages.every((page, i) => page === before.pages[i]);
  return same ? before : after;
}

/**
 * The user page's data, used by its hook and by the users page's prefetch on row hover (one cache
 * entry): the user, the totals and every session's times (`session_times`) come with the first
 * page of sessions; more pages as the reader goes on. It keeps itself current (lib/live-query.ts):
 * a refresh asks for the loaded pages again, each with `If-None-Match`.
 */
export function userHistoryQueryOptions(params: UserDetailsParams) {
  return infiniteQueryOptions({
    queryKey: userDetailsKeys.detail(params),
    queryFn: ({ pageParam, signal }) => fetchUserDetails(params, signal, pageParam),
    initialPageParam: FIRST_PAGE,
    getNextPageParam: nextPage,
    ...liveQueryOptions,
    structuralSharing: keepUnchangedPages,
  });
}

export function useUserHistory(params: UserDetailsParams) {
  const options = userHistoryQueryOptions(params);
  // useInfiniteQuery fetches only once the page commits, which React may hold back (it paces
  // Suspense reveals); starting the request during render saves that wait on a direct open.
  usePrefetchInfiniteQuery(options);
  return useInfiniteQuery(options);
}
