/** Paging limits of fetchUsers, shared by the server's validation and the web app's page-size choices. */

export const PAGE_MAX = 1_000_000_000;
export const LIMIT_MAX = 100;
export const DEFAULT_PAGE = 1;
export const DEFAULT_LIMIT = 20;
export const PAGE_SIZES = [10, 20, 50, 100] as const;

/** Paging of a user's session history (fetchUserDetails with `sessions_limit`). */
export const SESSIONS_LIMIT_MAX = 1_000;
/** The user page's history page: enough to fill a tall screen several times over. */
export const SESSIONS_PAGE_SIZE = 100;
