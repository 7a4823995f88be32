import { functionalUpdate } from '@tanstack/react-table';
import type { PaginationState, Updater } from '@tanstack/react-table';
import type { PageSize, UsersSearch } from '../search-params.ts';

/**
 * The table's pagination is the address's `page` and `limit`: the table reads them, and its
 * page buttons and page-size select change the address. A new page size starts again at page 1
 * (changeUsersSearch does that when no page is given).
 */
export function useUrlPagination(search: UsersSearch, onSearchChange: (change: Partial<UsersSearch>) => void) {
  const pagination: PaginationState = { pageIndex: search.page - 1, pageSize: search.limit };
  const onPaginationChange = (updater: Updater<PaginationState>) => {
    const next = functionalUpdate(updater, pagination);
    if (next.pageSize !== pagination.pageSize) onSearchChange({ limit: next.pageSize as PageSize });
    else if (next.pageIndex !== pagination.pageIndex) onSearchChange({ page: next.pageIndex + 1 });
  };
  return { pagination, onPaginationChange };
}
