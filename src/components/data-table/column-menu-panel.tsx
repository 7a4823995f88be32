import { useEffect } from 'react';
import type { RefObject } from 'react';
import type { ColumnMenuTable } from './column-menu.tsx';

export interface ColumnMenuPanelProps {
  id: string;
  table: ColumnMenuTable;
  /** The menu (button and list): a pointer down outside it closes the list. */
  root: RefObject<HTMLDivElement | null>;
  /** Escape closes the list and returns focus here. */
  button: RefObject<HTMLButtonElement | null>;
  onClose: () => void;
}

/** The column menu's open list (column-menu.tsx): a checkbox per column and "Reset to default". */
export default function ColumnMenuPanel({ id, table, root, button, onClose }: ColumnMenuPanelProps) {
  useEffect(() => {
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) onClose();
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        onClose();
        button.current?.focus();
      }
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [root, button, onClose]);

  const columns = table.getAllLeafColumns();
  return (
    <div
      id={id}
      className="absolute right-0 z-30 mt-1 w-56 rounded-md border border-slate-200 bg-white p-2 shadow-lg dark:border-slate-700 dark:bg-slate-900"
    >
      <fieldset>
        <legend className="px-2 pb-1 text-xs font-semibold tracking-wide text-slate-500 uppercase dark:text-slate-400">
          Show columns
        </legend>
        {columns.map((column) => (
          <label
            key={column.id}
            className="flex cursor-pointer items-center gap-2 rounded px-2 py-1.5 text-sm hover:bg-slate-100 dark:hover:bg-slate-800"
          >
            <input
              type="checkbox"
              className="h-4 w-4 accent-indigo-600"
              checked={column.getIsVisible()}
              disabled={!column.getCanHide()}
              onChange={(event) => column.toggleVisibility(event.target.checked)}
            />
            {column.columnDef.meta?.label ?? column.id}
          </label>
        ))}
      </fieldset>
      <button
        type="button"
        onClick={() => table.resetColumnVisibility()}
        className="mt-1 w-full rounded px-2 py-1.5 text-left text-sm text-indigo-700 hover:bg-slate-100 dark:text-indigo-300 dark:hover:bg-slate-800"
      >
        Reset to default
      </button>
    </div>
  );
}
