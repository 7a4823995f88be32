import { DEFAULT_LIMIT, DEFAULT_PAGE, PAGE_MAX, PAGE_SIZES } from '../../contract/paging.ts';

/**
 * The users page keeps its whole view state in the address: `env`, `page`, `limit`. This is
 * the one place that reads and writes them. Bad values never blank the page: each is corrected
 * to something sensible and a problem says what happened; defaults are left out of the address.
 */

export type PageSize = (typeof PAGE_SIZES)[number];

export interface UsersSearch {
  /** Absent: every environment. */
  env?: string;
  page: number;
  limit: PageSize;
}

export type UsersSearchParam = 'env' | 'page' | 'limit';

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

/**
 * Reads the users page state from the address. Pass the product's `environments` once known to
 * also check `env`; until then any `env` is taken as given.
 */
export function parseUsersSearch(params: URLSearchParams, environments?: readonly string[]): ParsedUsersSearch {
  const problems: UsersSearchProblem[] = [];
  const env = parseEnv(params.get('env'), environments);
  const page = parsePage(params.get('page'));
  const limit = parseLimit(params.get('limit'));
  if (env.problem) problems.push({ param: 'env', message: env.problem });
  if (page.problem) problems.push({ param: 'page', message: page.problem });
  if (limit.problem) problems.push({ param: 'limit', message: limit.problem });
  const search: UsersSearch = { page: page.page, limit: limit.limit };
  if (env.env !== undefined) search.env = env.env;
  return { search, problems, canonical: serializeUsersSearch(search) };
}

/** The search string for a view: `?env=staging&page=3`, or '' for the defaults. */
export function serializeUsersSearch(search: UsersSearch): string {
  const params = new URLSearchParams();
  if (search.env) params.set('env', search.env);
  if (search.page !== DEFAULT_PAGE) params.set('page', String(search.page));
  if (search.limit !== DEFAULT_LIMIT) params.set('limit', String(search.limit));
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Applies a change; a new environment or page size starts again at page 1. */
export function changeUsersSearch(current: UsersSearch, change: Partial<UsersSearch>): UsersSearch {
  const next: UsersSearch = { ...current, ...change };
  if ('env' in change && change.env === undefined) delete next.env;
  const refilters =
    ('env' in change && change.env !== current.env) || (change.limit !== undefined && change.limit !== current.limit);
  if (refilters && change.page === undefined) next.page = DEFAULT_PAGE;
  return next;
}
