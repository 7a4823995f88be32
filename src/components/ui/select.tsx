import type { SelectHTMLAttributes } from 'react';

export interface SelectProps extends SelectHTMLAttributes<HTMLSelectElement> {
  /** `compact`: the header's height (h-8); otherwise the toolbar's (h-9). */
  compact?: boolean;
}

/** The native select, styled once: every drop-down in the app is this one. */
export function Select({ compact = false, className = '', ...props }: SelectProps) {
  return (
    <select
      className={`rounded-md border border-slate-300 bg-white py-0 pl-2 text-sm disabled:opacity-60 dark:border-slate-700 dark:bg-slate-900 ${compact ? 'h-8 pr-7' : 'h-9 pr-8'} ${className}`}
      {...props}
    />
  );
}
