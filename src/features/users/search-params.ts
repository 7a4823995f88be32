import { DEFAULT_LIMIT, DEFAULT_PAGE, PAGE_MAX, PAGE_SIZES } from '../../contract/paging.ts';
import { DEFAULT_SORT, SEARCH_MAX, USER_SORTS, type UserSort } from '../../contract/view-params.ts';

/**
 * The users page keeps its whole view state in the address: `env`, `q`, `sort`, `page`, `limit`. This is
 * the one place that reads and writes them. Bad values never blank the page: each is corrected
 * to something sensible and a problem says what happened; defaults are left out of the address.
 */

export type PageSize = (typeof PAGE_SIZES)[number];

export interface UsersSearch {
  /** Absent: every environment. */
  env?: string;
  /** Absent: every user; else identifiers containing this text (ignoring ASCII letter case). */
  q?: string;
  /** Absent: `last_seen` (the default order). */
  sort?: UserSort;
  page: number;
  limit: PageSize;
}

export type { UserSort };

export type UsersSearchParam = 'env' | 'q' | 'sort' | 'page' | 'limit';

export interface UsersSearchProblem {
  param: UsersSearchParam;
  message: string;
}

export interface ParsedUsersSearch {
  search: UsersSearch;
  problems: UsersSearchProblem[];
  /** The search string (`?…` or '') that shows the same view with corrected values and no defaults. */
  canonical: string;
}

const WHOLE_NUMBER = /^\d+$/;

function isPageSize(value: number): value is PageSize {
  return (PAGE_SIZES as readonly number[]).includes(value);
}

function parsePage(raw: string | null): { page: number; problem?: string } {
  if (raw === null || raw.trim() === '') return { page: DEFAULT_PAGE };
  const text = raw.trim();
  const value = WHOLE_NUMBER.test(text) ? Number(text) : Number.NaN;
  if (Number.isSafeInteger(value) && value >= 1 && value <= PAGE_MAX) return { page: value };
  return { page: DEFAULT_PAGE, problem: `“${raw}” is not a page number, so the first page is shown.` };
}

function parseLimit(raw: string | null): { limit: PageSize; problem?: string } {
  const fallback = DEFAULT_LIMIT as PageSize;
  if (raw === null || raw.trim() === '') return { limit: fallback };
  const text = raw.trim();
  const value = WHOLE_NUMBER.test(text) ? Number(text) : Number.NaN;
  if (isPageSize(value)) return { limit: value };
  const choices = `${PAGE_SIZES.slice(0, -1).join(', ')} or ${PAGE_SIZES.at(-1)}`;
  if (!Number.isFinite(value) || value < 1) {
    return { limit: fallback, problem: `“${raw}” is not a number of rows, so ${fallback} rows per page are shown.` };
  }
  const largest = PAGE_SIZES[PAGE_SIZES.length - 1] as PageSize;
  const limit = PAGE_SIZES.find((size) => size >= value) ?? largest;
  return { limit, problem: `Rows per page can be ${choices}; ${raw} was asked for, so ${limit} are shown.` };
}

function parseEnv(raw: string | null, environments?: readonly string[]): { env?: string; problem?: string } {
  if (raw === null || raw.trim() === '') return {};
  if (!environments || environments.includes(raw)) return { env: raw };
  const sameIgnoringCase = environments.find((name) => name.toLowerCase() === raw.trim().toLowerCase());
  if (sameIgnoringCase) return { env: sameIgnoringCase };
  return { problem: `There is no environment “${raw}” in this product, so all environments are shown.` };
}

function parseQ(raw: string | null): { q?: string; problem?: string } {
  if (raw === null || raw.trim() === '') return {};
  if (raw.length <= SEARCH_MAX) return { q: raw };
  return {
    q: raw.slice(0, SEARCH_MAX),
    problem: `A search can be at most ${SEARCH_MAX} characters, so only the first ${SEARCH_MAX} are searched for.`,
  };
}

function parseSort(raw: string | null): { sort?: UsersSearch['sort']; problem?: string } {
  if (raw === null || raw.trim() === '' || raw === DEFAULT_SORT) return {};
  const known = USER_SORTS.find((sort) => sort === raw.trim().toLowerCase());
  if (known !== undefined) return known === DEFAULT_SORT ? {} : { sort: known };
  return { problem: `“${raw}” is not an order the table knows, so users are shown by last seen.` };
}

/** The order a view shows, defaults included. */
export function sortOf(search: UsersSearch): UserSort {
  return search.sort ?? DEFAULT_SORT;
}

/**
 * Reads the users page state from the address. Pass the product's `environments` once known to
 * also check `env`; until then any `env` is taken as given.
 */
export function parseUsersSearch(params: URLSearchParams, environments?: readonly string[]): ParsedUsersSearch {
  const problems: UsersSearchProblem[] = [];
  const env = parseEnv(params.get('env'), environments);
  const q = parseQ(params.get('q'));
  const sort = parseSort(params.get('sort'));
  const page = parsePage(params.get('page'));
  const limit = parseLimit(params.get('limit'));
  if (env.problem) problems.push({ param: 'env', message: env.problem });
  if (q.problem) problems.push({ param: 'q', message: q.problem });
  if (sort.problem) problems.push({ param: 'sort', message: sort.problem });
  if (page.problem) problems.push({ param: 'page', message: page.problem });
  if (limit.problem) problems.push({ param: 'limit', message: limit.problem });
  const search: UsersSearch = { page: page.page, limit: limit.limit };
  if (env.env !== undefined) search.env = env.env;
  if (q.q !== undefined) search.q = q.q;
  if (sort.sort !== undefined) search.sort = sort.sort;
  return { search, problems, canonical: serializeUsersSearch(search) };
}

/** The search string for a view: `?env=staging&page=3`, or '' for the defaults. */
export function serializeUsersSearch(search: UsersSearch): string {
  const params = new URLSearchParams();
  if (search.env) params.set('env', search.env);
  if (search.q) params.set('q', search.q);
  if (search.sort && search.sort !== DEFAULT_SORT) params.set('sort', search.sort);
  if (search.page !== DEFAULT_PAGE) params.set('page', String(search.page));
  if (search.limit !== DEFAULT_LIMIT) params.set('limit', String(search.limit));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** A change of view; `sort` may name the default order, which leaves the address. */
export type UsersSearchChange = Partial<Omit<UsersSearch, 'sort'>> & { sort?: UserSort };

/** Applies a change; a new environment, search, order or page size starts again at page 1. */
export function changeUsersSearch(current: UsersSearch, change: UsersSearchChange): UsersSearch {
  const { sort, ...rest } = change;
  const next: UsersSearch = { ...current, ...rest };
  if ('env' in change && change.env === undefined) delete next.env;
  if ('q' in change && (change.q === undefined || change.q.trim() === '')) delete next.q;
  if ('sort' in change) {
    if (sort === undefined || sort === DEFAULT_SORT) delete next.sort;
    else next.sort = sort;
  }
  const refilters =
    ('env' in change && change.env !== current.env) ||
    ('q' in change && (next.q ?? '') !== (current.q ?? '')) ||
    ('sort' in change && next.sort !== current.sort) ||
    (change.limit !== undefined && change.limit !== current.limit);
  if (refilters && change.page === undefined) next.page = DEFAULT_PAGE;
  return next;
}
