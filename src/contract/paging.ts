/** Paging limits of fetchUsers, shared by the server's validation and the web app's page-size choices. */

export const PAGE_MAX = 1_000_000_000;
export const LIMIT_MAX = 100;
export const DEFAULT_PAGE = 1;
export const DEFAULT_LIMIT = 20;
export const PAGE_SIZES = [10, 20, 50, 100] as const;
