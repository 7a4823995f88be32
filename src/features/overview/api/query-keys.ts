import type { FetchOverviewParams } from './fetch-overview.ts';

export const overviewKeys = {
  all: ['overview'] as const,
  session: (product: string, session: string) => [...overviewKeys.all, product, session] as const,
  detail: ({ product, session, env, days }: FetchOverviewParams) =>
    [...overviewKeys.session(product, session), { env: env ?? null, days }] as const,
};
