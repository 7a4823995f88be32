/** Search, sort and overview parameters, shared by the server's validation and the web app's address parsing. */

/** fetchUsers `q`: identifiers containing this text, ignoring ASCII letter case. */
export const SEARCH_MIN = 1;
export const SEARCH_MAX = 200;
/** fetchUsers `sort`: always newest first, then `_id` descending. The first is the default. */
export const USER_SORTS = ['last_seen', 'first_seen'] as const;
export type UserSort = (typeof USER_SORTS)[number];
export const DEFAULT_SORT: UserSort = 'last_seen';
/** The overview's `days`: the last N UTC days, ending today. */
export const OVERVIEW_DAYS_MAX = 365;
export const DEFAULT_OVERVIEW_DAYS = 30;
