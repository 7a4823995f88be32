import { Skeleton } from '../../../components/ui/skeleton.tsx';
import type { UsersColumnMeta } from './users-columns.tsx';

export interface SkeletonRowsProps {
  /** The visible columns, so the placeholders line up with the rows to come. */
  columns: readonly { id: string; columnDef: { meta?: UsersColumnMeta } }[];
  count: number;
}

/** Placeholder rows while the first page loads, in the table's (and the phone layout's) shape. */
export function SkeletonRows({ columns, count }: SkeletonRowsProps) {
  return Array.from({ length: count }, (_, index) => (
    <tr
      key={index}
      className="h-12 max-sm:block max-sm:h-auto max-sm:rounded-lg max-sm:border max-sm:border-slate-200 max-sm:p-3 dark:max-sm:border-slate-800"
    >
      {columns.map((column) => (
        <td key={column.id} className="px-3 py-2 max-sm:flex max-sm:items-center max-sm:gap-3 max-sm:px-0 max-sm:py-1">
          <span aria-hidden="true" className="w-28 shrink-0 text-xs text-slate-500 sm:hidden dark:text-slate-400">
            {column.columnDef.meta?.label}
          </span>
          <Skeleton className={`h-4 ${column.columnDef.meta?.skeletonWidth ?? 'w-24'}`} />
        </td>
      ))}
    </tr>
  ));
}
