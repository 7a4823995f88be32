import { useEffect, useId, useRef, useState } from 'react';

/** What the menu needs of a TanStack table with the column visibility feature. */
export interface ColumnMenuTable {
  getAllLeafColumns: () => readonly {
    id: string;
    /** `meta.label`: the column's plain-text name. */
    columnDef: { meta?: { label?: string } };
    getIsVisible: () => boolean;
    /** False for columns that must stay (e.g. the row's link): listed, but cannot be turned off. */
    getCanHide: () => boolean;
    toggleVisibility: (visible: boolean) => void;
  }[];
  /** Back to the table's initial column visibility. */
  resetColumnVisibility: () => void;
}

/** A "Columns" button opening a list of checkboxes; Escape or a click outside closes it. */
export function ColumnMenu({ table }: { table: ColumnMenuTable }) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        setOpen(false);
        button.current?.focus();
      }
    };
    document.addEventListener('pointerdown', onPointer);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onPointer);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const columns = table.getAllLeafColumns();
  const hidden = columns.filter((column) => !column.getIsVisible()).length;
  return (
    <div
      ref={root}
      className="relative"
      onBlur={(event) => {
        if (!root.current?.contains(event.relatedTarget as Node | null)) setOpen(false);
      }}
    >
      <button
        ref={button}
        type="button"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={() => setOpen((value) => !value)}
        className="inline-flex h-9 items-center gap-1.5 rounded-md border border-slate-300 bg-white px-3 text-sm font-medium hover:bg-slate-50 dark:border-slate-700 dark:bg-slate-900 dark:hover:bg-slate-800"
      >
        <svg
          aria-hidden="true"
          viewBox="0 0 20 20"
          className="h-4 w-4"
          fill="none"
          stroke="currentColor"
          strokeWidth="1.5"
        >
          <path d="M3 4h14v12H3zM8 4v12M13 4v12" />
        </svg>
        Columns
        {hidden > 0 && <span className="text-slate-500 dark:text-slate-400">({hidden} hidden)</span>}
      </button>
      {open && (
        <div
          id={panelId}
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
      )}
    </div>
  );
}
