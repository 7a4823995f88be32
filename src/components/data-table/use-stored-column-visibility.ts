import { functionalUpdate } from '@tanstack/react-table';
import type { ColumnVisibilityState, Updater } from '@tanstack/react-table';
import { useCallback, useState } from 'react';
import { boolean, record } from '../../contract/json-check.ts';
import { readStored, writeStored } from '../../lib/storage.ts';

const visibilityCheck = record(boolean);

/**
 * A table's column visibility, remembered in localStorage under `key` (what the person turned
 * off stays off on their next visit); `defaults` until they choose. For `useTable`'s
 * `state.columnVisibility` and `onColumnVisibilityChange`.
 */
export function useStoredColumnVisibility(key: string, defaults: ColumnVisibilityState) {
  const [columnVisibility, setColumnVisibility] = useState<ColumnVisibilityState>(
    () => readStored(key, visibilityCheck) ?? defaults,
  );
  const onColumnVisibilityChange = useCallback(
    (updater: Updater<ColumnVisibilityState>) =>
      setColumnVisibility((current) => {
        const next = functionalUpdate(updater, current);
        writeStored(key, next);
        return next;
      }),
    [key],
  );
  return { columnVisibility, onColumnVisibilityChange };
}
