import { ApiError } from '../../lib/api-client.ts';
import { Button } from './button.tsx';

export interface ErrorPanelProps {
  /** What failed, in the person's words: "Could not load users". */
  title: string;
  /** The error thrown by the query; an ApiError's own message (from the API) is shown as is. */
  error: unknown;
  /** Shows a "Retry" button when given. */
  onRetry?: () => void;
  /** True while the retry is in flight (disables the button). */
  retrying?: boolean;
  className?: string;
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong.';
}

export function ErrorPanel({ title, error, onRetry, retrying = false, className = '' }: ErrorPanelProps) {
  const code = error instanceof ApiError ? error.code : undefined;
  return (
    <div
      role="alert"
      className={`rounded-lg border border-red-300 bg-red-50 p-4 text-red-900 dark:border-red-800 dark:bg-red-950/60 dark:text-red-100 ${className}`}
    >
      <div className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <p className="font-semibold">{title}</p>
          <p className="mt-1 text-sm break-words">{errorMessage(error)}</p>
          {code && <p className="mt-1 font-mono text-xs text-red-800 dark:text-red-300">{code}</p>}
        </div>
        {onRetry && (
          <Button onClick={onRetry} disabled={retrying} aria-busy={retrying}>
            {retrying ? 'Retrying…' : 'Retry'}
          </Button>
        )}
      </div>
    </div>
  );
}
