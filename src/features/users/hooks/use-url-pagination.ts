import type { Paging } from '../../../components/data-table/pagination.tsx';
import type { PageSize, UsersSearch, UsersSearchChange } from '../search-params.ts';

/**
 * The table's pages are the address's `page` and `limit`: the footer reads them, and its page
 * buttons and page-size select change the address. A new page size starts again at page 1
 * (changeUsersSearch does that when no page is given).
 */
export function useUrlPagination(
  search: UsersSearch,
  total: number | undefined,
  onSearchChange: (change: UsersSearchChange) => void,
): Paging {
  return {
    pageIndex: search.page - 1,
    pageSize: search.limit,
    rowCount: total,
    onPageIndexChange: (pageIndex) => onSearchChange({ page: pageIndex + 1 }),
    onPageSizeChange: (size) => onSearchChange({ limit: size as PageSize }),
  };
}
