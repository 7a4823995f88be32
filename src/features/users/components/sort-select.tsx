import { useId } from 'react';
import { Select } from '../../../components/ui/select.tsx';
import { DEFAULT_SORT, type UserSort } from '../../../contract/view-params.ts';

/**
 * On phones the table's headers (the sort buttons) are not shown, so the order is chosen here;
 * from the `sm` breakpoint up the column headers do it and this is hidden.
 */
export function SortSelect({ value, onChange }: { value: UserSort | undefined; onChange: (sort: UserSort) => void }) {
  const id = useId();
  return (
    <div className="flex items-center gap-2 sm:hidden">
      <label htmlFor={id} className="text-sm font-medium">
        Sort by
      </label>
      <Select id={id} value={value ?? DEFAULT_SORT} onChange={(event) => onChange(event.target.value as UserSort)}>
        <option value="last_seen">Last seen, newest first</option>
        <option value="first_seen">First seen, newest first</option>
      </Select>
    </div>
  );
}
