import { lazy, Suspense, useId, useRef, useState } from 'react';

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

// The list opens on a click: its code is not part of the page's first load.
const ColumnMenuPanel = lazy(() => import('./column-menu-panel.tsx'));

/** A "Columns" button opening a list of checkboxes; Escape or a click outside closes it. */
export function ColumnMenu({ table }: { table: ColumnMenuTable }) {
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const hidden = table.getAllLeafColumns().filter((column) => !column.getIsVisible()).length;
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
        <Suspense fallback={null}>
          <ColumnMenuPanel id={panelId} table={table} root={root} button={button} onClose={() => setOpen(false)} />
        </Suspense>
      )}
    </div>
  );
}
