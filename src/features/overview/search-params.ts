import { DEFAULT_OVERVIEW_DAYS, OVERVIEW_DAYS_MAX } from '../../contract/view-params.ts';

/**
 * The overview keeps its view state in the address: `env` and `days` (1–365; the page offers 30
 * and 90). This is the one place that reads and writes them; defaults stay out of the address.
 */
export interface OverviewSearch {
  env?: string;
  days: number;
}

export interface OverviewSearchProblem {
  param: 'env' | 'days';
  message: string;
}

export const DAY_CHOICES = [30, 90] as const;

export function parseOverviewSearch(
  params: URLSearchParams,
  environments?: readonly string[],
): { search: OverviewSearch; problems: OverviewSearchProblem[]; canonical: string } {
  const problems: OverviewSearchProblem[] = [];
  const search: OverviewSearch = { days: DEFAULT_OVERVIEW_DAYS };
  const env = params.get('env');
  if (env !== null && env.trim() !== '') {
    const known = !environments || environments.includes(env);
    if (known) search.env = env;
    else
      problems.push({
        param: 'env',
        message: `There is no environment “${env}” in this product, so all environments are shown.`,
      });
  }
  const days = params.get('days');
  if (days !== null && days.trim() !== '') {
    const value = /^\d+$/.test(days.trim()) ? Number(days.trim()) : Number.NaN;
    if (Number.isSafeInteger(value) && value >= 1 && value <= OVERVIEW_DAYS_MAX) search.days = value;
    else
      problems.push({
        param: 'days',
        message: `“${days}” is not a number of days from 1 to ${OVERVIEW_DAYS_MAX}, so the last ${DEFAULT_OVERVIEW_DAYS} days are shown.`,
      });
  }
  return { search, problems, canonical: serializeOverviewSearch(search) };
}

export function serializeOverviewSearch(search: OverviewSearch): string {
  const params = new URLSearchParams();
  if (search.env) params.set('env', search.env);
  if (search.days !== DEFAULT_OVERVIEW_DAYS) params.set('days', String(search.days));
  const text = params.toString();
  return text ? `?${text}` : '';
}
