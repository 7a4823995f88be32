import { queryOptions, useQueries, useQuery } from '@tanstack/react-query';
import { overviewCheck } from '../../../contract/response-checks.ts';
import type { Overview } from '../../../contract/session-users.ts';
import { getJson } from '../../../lib/api-client.ts';
import { liveQueryOptions } from '../../../lib/live-query.ts';
import { apiPaths } from '../../../lib/routes.ts';
import { overviewKeys } from './query-keys.ts';

export type { Overview };

export interface FetchOverviewParams {
  product: string;
  session: string;
  /** Absent: every environment. */
  env?: string;
  days: number;
}

/** The session's figures and daily activity (GET …/overview). */
export function fetchOverview(params: FetchOverviewParams, signal?: AbortSignal): Promise<Overview> {
  return getJson(apiPaths.overview(params), overviewCheck, signal);
}

export function overviewQueryOptions(params: FetchOverviewParams) {
  return queryOptions({
    queryKey: overviewKeys.detail(params),
    queryFn: ({ signal }) => fetchOverview(params, signal),
    // The figures move with new data and with the clock: kept current like the users list.
    ...liveQueryOptions,
  });
}

export function useOverview(params: FetchOverviewParams) {
  return useQuery(overviewQueryOptions(params));
}

/** One overview per environment (the chart's stacked colours), each from its own kept aggregates. */
export function useOverviewsByEnv(params: Omit<FetchOverviewParams, 'env'>, envs: readonly string[]) {
  return useQueries({
    queries: envs.map((env) => overviewQueryOptions({ ...params, env })),
    combine: (results) => ({
      data: results.every((result) => result.data !== undefined)
        ? envs.map((env, i) => ({ env, overview: results[i]?.data as Overview }))
        : undefined,
    }),
  });
}
