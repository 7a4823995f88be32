import type { FetchUsersParams } from './fetch-users.ts';

export const usersKeys = {
  all: ['users'] as const,
  lists: () => [...usersKeys.all, 'list'] as const,
  session: (product: string, session: string) => [...usersKeys.lists(), product, session] as const,
  list: ({ product, session, env, page, limit, q, sort }: FetchUsersParams) =>
    [
      ...usersKeys.session(product, session),
      { env: env ?? null, page, limit, q: q ?? null, sort: sort ?? null },
    ] as const,
};
