import type { ReactNode } from 'react';

export interface EmptyStateProps {
  title: string;
  description?: ReactNode;
  /** Usually a button or link that gets the person somewhere useful. */
  action?: ReactNode;
  className?: string;
}

export function EmptyState({ title, description, action, className = '' }: EmptyStateProps) {
  return (
    <div
      className={`flex flex-col items-center gap-2 rounded-lg border border-dashed border-slate-300 px-6 py-10 text-center dark:border-slate-700 ${className}`}
    >
      <svg aria-hidden="true" viewBox="0 0 24 24" className="h-8 w-8 text-slate-400" fill="none" stroke="currentColor">
        <path strokeWidth="1.5" strokeLinecap="round" d="M4 7h16M4 12h10M4 17h6" />
      </svg>
      <p className="font-medium">{title}</p>
      {description && <div className="max-w-md text-sm text-slate-600 dark:text-slate-300">{description}</div>}
      {action && <div className="mt-2">{action}</div>}
    </div>
  );
}
