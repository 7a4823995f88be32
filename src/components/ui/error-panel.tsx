import { useIsFetching, useQueryClient } from '@tanstack/react-query';
import type { QueryKey } from '@tanstack/react-query';
import { ApiError } from '../../lib/api-client.ts';
import { retryFailedQueries } from '../../lib/retry-failed.ts';
import { Button } from './button.tsx';

export interface ErrorPanelProps {
  /** What failed, in the person's words: "Could not load users". */
  title: string;
  /** The error thrown by the query; an ApiError's own message (from the API) is shown as is. */
  error: unknown;
  /** The failed query's key: "Retry" fetches it again, with every other failed query that may heal. */
  queryKey: QueryKey;
  /** What "Retry" does instead, when the failure is not the query's own (a page of it that did not load). */
  onRetry?: () => unknown;
  className?: string;
}

function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong.';
}

/** The one panel for a query that failed: what failed, the API's message and code, and Retry. */
export function ErrorPanel({ title, error, queryKey, onRetry, className = '' }: ErrorPanelProps) {
  const queryClient = useQueryClient();
  const retrying = useIsFetching({ queryKey }) > 0;
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
        <Button
          onClick={() => void (onRetry ? onRetry() : retryFailedQueries(queryClient, queryKey))}
          disabled={retrying}
          aria-busy={retrying}
        >
          {retrying ? 'Retrying…' : 'Retry'}
        </Button>
      </div>
    </div>
  );
}
