import { formatRelative } from '../../../lib/time.ts';
import { formatDateTime, zoneName } from '../model/wall-clock.ts';

export interface ZonedTimeProps {
  /** ISO-8601 from the API; or pass `ms` when already parsed. */
  iso?: string;
  ms?: number;
  timeZone: string;
  now?: number;
  /** Adds "(5 minutes ago)" after the exact time. */
  withRelative?: boolean;
  /** The zone already named nearby (a column header): shown again only when it differs (DST). */
  impliedZone?: string;
  className?: string;
}

/** An exact time on the page's clock (UTC or local) with the zone named: "2026-11-30 09:53:39 UTC". */
export function ZonedTime({
  iso,
  ms,
  timeZone,
  now,
  withRelative = false,
  impliedZone,
  className = '',
}: ZonedTimeProps) {
  const at = ms ?? (iso === undefined ? Number.NaN : Date.parse(iso));
  if (!Number.isFinite(at)) return <span className={className}>{iso || '—'}</span>;
  const dateTime = new Date(at).toISOString();
  const zone = zoneName(at, timeZone);
  return (
    <span className={className}>
      <time
        dateTime={dateTime}
        title={`${dateTime.replace('T', ' ').replace(/\.\d+Z$/, ' UTC')}`}
        className="tabular-nums"
      >
        {formatDateTime(at, timeZone)}
        {zone === impliedZone ? (
          <span className="sr-only"> {zone}</span>
        ) : (
          <span className="text-xs text-slate-500 dark:text-slate-400"> {zone}</span>
        )}
      </time>
      {withRelative && now !== undefined && (
        <span className="block text-xs font-normal text-slate-500 dark:text-slate-400">
          {formatRelative(dateTime, now)}
        </span>
      )}
    </span>
  );
}
