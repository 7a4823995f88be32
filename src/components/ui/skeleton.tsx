export interface SkeletonProps {
  /** Size it like the content it stands in for (e.g. "h-4 w-32"). */
  className?: string;
}

/** A grey placeholder block; hidden from assistive tech (announce loading elsewhere). */
export function Skeleton({ className = '' }: SkeletonProps) {
  return (
    <span
      aria-hidden="true"
      className={`block animate-pulse rounded bg-slate-200 motion-reduce:animate-none dark:bg-slate-800 ${className}`}
    />
  );
}
