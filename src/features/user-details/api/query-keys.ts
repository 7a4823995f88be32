/** What identifies one user's details: the path's parts and the optional environment. */
export interface UserDetailsParams {
  product: string;
  session: string;
  identifier: string;
  /** Absent: the API answers for the environment the user was most recently seen in. */
  env?: string;
}

/** The one key factory of this feature: the page's hook and the users page's hover prefetch both key here. */
export const userDetailsKeys = {
  all: ['user-details'] as const,
  details: () => [...userDetailsKeys.all, 'detail'] as const,
  detail: ({ product, session, identifier, env }: UserDetailsParams) =>
    [...userDetailsKeys.details(), product, session, { identifier, env: env || null }] as const,
};
