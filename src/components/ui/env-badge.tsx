import { describeEnvironment, environmentBadgeClasses } from '../../lib/environments.ts';

export interface EnvBadgeProps {
  /** The environment name as the API sends it, e.g. "production". */
  env: string;
  /** Show the short code (prd, stg…) instead of the label; the full label stays available to assistive tech. */
  compact?: boolean;
  className?: string;
}

/** An environment, always in the same colour; non-production is drawn with a dashed border. */
export function EnvBadge({ env, compact = false, className = '' }: EnvBadgeProps) {
  const info = describeEnvironment(env);
  const title = info.isProduction ? `${info.label} environment` : `${info.label} (non-production environment)`;
  return (
    <span
      title={title}
      data-env={env}
      className={`inline-flex max-w-full items-center gap-1 rounded-full border px-2 py-0.5 text-xs font-medium whitespace-nowrap ${environmentBadgeClasses(env)} ${className}`}
    >
      {compact ? (
        <>
          <span aria-hidden="true" className="font-mono uppercase">
            {info.short}
          </span>
          <span className="sr-only">{info.label}</span>
        </>
      ) : (
        <span className="truncate">{info.label}</span>
      )}
      {!info.isProduction && <span className="sr-only"> (non-production)</span>}
    </span>
  );
}
