import { parseDay } from './model/wall-clock.ts';
import { STATUS_FILTERS } from './model/session-filter.ts';
import type { HistoryFilter, StatusFilter } from './model/session-filter.ts';

/**
 * The user page keeps its view in the address: `env`, the history filter (`status`, `from`,
 * `to`) and the timeline `range`. This is the one place that reads and writes them. Unknown
 * values read as the defaults, quietly; defaults are left out of the address.
 */

export const TIMELINE_RANGES = ['24h', '7d', '30d', 'all'] as const;
export type TimelineRange = (typeof TIMELINE_RANGES)[number];

export interface UserDetailsSearch extends HistoryFilter {
  env?: string;
  range: TimelineRange;
}

const oneOf = <T extends string>(values: readonly T[], raw: string | null, fallback: T): T =>
  values.includes(raw as T) ? (raw as T) : fallback;

export interface ParsedUserDetailsSearch {
  search: UserDetailsSearch;
  /** Always empty: an unknown value here is corrected without a word (the view shows what it shows). */
  problems: { message: string }[];
  /** The search string (`?…` or '') that shows the same view with unknown values and defaults left out. */
  canonical: string;
}

export function parseUserDetailsSearch(params: URLSearchParams): ParsedUserDetailsSearch {
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
  return { search, problems: [], canonical: serializeUserDetailsSearch(search) };
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
