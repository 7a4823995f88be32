import { parseDay } from './model/zoned-time.ts';
import { STATUS_FILTERS } from './model/session-filter.ts';
import type { HistoryFilter, StatusFilter } from './model/session-filter.ts';
import type { UserDetailsParams } from './api/query-keys.ts';

/**
 * The user page keeps its view in the address: `env`, the history filter (`status`, `from`,
 * `to`) and the timeline `range`. Unknown values read as the defaults, which are left out.
 */

export const TIMELINE_RANGES = ['24h', '7d', '30d', 'all'] as const;
export type TimelineRange = (typeof TIMELINE_RANGES)[number];

export interface UserDetailsSearch extends HistoryFilter {
  env?: string;
  range: TimelineRange;
}

const oneOf = <T extends string>(values: readonly T[], raw: string | null, fallback: T): T =>
  values.includes(raw as T) ? (raw as T) : fallback;

export function parseUserDetailsSearch(params: URLSearchParams): UserDetailsSearch {
  const search: UserDetailsSearch = {
    status: oneOf<StatusFilter>(STATUS_FILTERS, params.get('status'), 'all'),
    range: oneOf<TimelineRange>(TIMELINE_RANGES, params.get('range'), 'all'),
  };
  const env = params.get('env');
  if (env) search.env = env;
  const from = params.get('from') ?? undefined;
  const to = params.get('to') ?? undefined;
  if (parseDay(from)) search.from = from;
  if (parseDay(to)) search.to = to;
  return search;
}

export function serializeUserDetailsSearch(search: UserDetailsSearch): string {
  const params = new URLSearchParams();
  if (search.env) params.set('env', search.env);
  if (search.status !== 'all') params.set('status', search.status);
  if (search.from) params.set('from', search.from);
  if (search.to) params.set('to', search.to);
  if (search.range !== 'all') params.set('range', search.range);
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * The path's product, session and identifier, decoded from the raw address. The router's own
 * params decode twice, which turns an identifier holding a literal "%2F" into "/".
 */
export function userDetailsParamsFromUrl(pathname: string, search: string): UserDetailsParams | undefined {
  const parts = pathname.split('/');
  if (parts.length !== 7 || parts[1] !== 'products' || parts[3] !== 'sessions' || parts[5] !== 'users')
    return undefined;
  try {
    const [product, session, identifier] = [parts[2], parts[4], parts[6]].map((part) => decodeURIComponent(part ?? ''));
    if (!product || !session || !identifier) return undefined;
    const env = new URLSearchParams(search).get('env') || undefined;
    return { product, session, identifier, env };
  } catch {
    return undefined;
  }
}
