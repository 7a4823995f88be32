import { memo } from 'react';
import type { Ref } from 'react';
import { CopyButton } from '../../../components/ui/copy-button.tsx';
import type { DayGroup } from '../model/day-groups.ts';
import { describeDuration, formatDuration, formatEndsIn } from '../model/duration.ts';
import { sessionLength } from '../model/sessions.ts';
import type { TimedSession } from '../model/sessions.ts';
import { formatDay } from '../model/wall-clock.ts';
import { ZonedTime } from './zoned-time.tsx';

export interface SessionRowProps {
  ref?: Ref<HTMLDivElement>;
  index: number;
  setSize: number;
  session: TimedSession;
  /** Set on the first session of a day: the row then carries the day's heading. */
  day?: DayGroup;
  timeZone: string;
  /** The zone named in the column headers and labels. */
  zone: string;
  now: number;
  /** Set when virtualised: the row's place in the list, in pixels. */
  offset?: number;
}

const label = 'text-xs text-slate-500 md:sr-only dark:text-slate-400';

function StatusBadge({ session, now }: { session: TimedSession; now: number }) {
  if (session.active) {
    return (
      <span className="flex flex-wrap items-center gap-x-2 gap-y-0.5">
        <span className="inline-flex items-center gap-1.5 rounded-full bg-emerald-100 px-2 py-0.5 text-xs font-semibold text-emerald-900 dark:bg-emerald-900/60 dark:text-emerald-100">
          <span aria-hidden="true" className="h-1.5 w-1.5 rounded-full bg-emerald-600 dark:bg-emerald-300" />
          Active
        </span>
        <span className="text-xs text-slate-600 dark:text-slate-400">{formatEndsIn(session.end, now)}</span>
      </span>
    );
  }
  return (
    <span className="flex flex-wrap items-center gap-1.5">
      <span className="inline-flex rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-700 dark:bg-slate-800 dark:text-slate-300">
        Expired
      </span>
      {session.revoked && (
        <span className="inline-flex rounded-full border border-rose-300 px-2 py-0.5 text-xs font-medium text-rose-800 dark:border-rose-800 dark:text-rose-200">
          Revoked
        </span>
      )}
    </span>
  );
}

export const SessionRow = memo(function SessionRow({
  ref,
  index,
  setSize,
  session,
  day,
  timeZone,
  zone,
  now,
  offset,
}: SessionRowProps) {
  const length = sessionLength(session);
  return (
    <div
      ref={ref}
      role="listitem"
      aria-setsize={setSize}
      aria-posinset={index + 1}
      data-index={index}
      data-session-id={session.id}
      // In page flow every row is drawn (no content-visibility: a full-page capture or a print
      // would show the rows below the viewport as blank space).
      className={offset === undefined ? undefined : 'absolute top-0 left-0 w-full [contain:content]'}
      style={offset === undefined ? undefined : { transform: `translateY(${offset}px)` }}
    >
      {day && (
        <h3 className="border-b border-slate-200 bg-slate-50/80 px-4 pt-3 pb-1.5 text-sm font-semibold dark:border-slate-800 dark:bg-slate-900/60">
          {Number.isFinite(session.start) ? formatDay(session.start, timeZone) : 'Unknown day'}
          <span className="font-normal text-slate-600 dark:text-slate-400">
            {' '}
            · {day.count} {day.count === 1 ? 'session' : 'sessions'}
          </span>
        </h3>
      )}
      <div className="grid grid-cols-2 gap-x-4 gap-y-1.5 border-b border-slate-100 px-4 py-2.5 text-sm md:grid-cols-[minmax(0,2.3fr)_minmax(0,1.5fr)_minmax(0,1.5fr)_minmax(0,0.8fr)_minmax(0,1.3fr)] md:items-center dark:border-slate-800/70">
        <div className="col-span-2 flex min-w-0 items-center gap-1 md:col-span-1">
          <span className="sr-only">Session ID </span>
          <code className="min-w-0 font-mono text-xs break-all text-slate-800 dark:text-slate-200">{session.id}</code>
          <CopyButton value={session.id} what="session ID" />
        </div>
        <div className="min-w-0">
          <span className={label}>Start ({zone}) </span>
          <ZonedTime
            ms={session.start}
            iso={session.source.start_at}
            timeZone={timeZone}
            impliedZone={zone}
            className="block md:inline"
          />
        </div>
        <div className="min-w-0">
          <span className={label}>
            {session.active ? 'Ends' : 'End'} ({zone}){' '}
          </span>
          <ZonedTime
            ms={session.end}
            iso={session.source.end_at}
            timeZone={timeZone}
            impliedZone={zone}
            className="block md:inline"
          />
        </div>
        <div className="min-w-0 tabular-nums">
          <span className={label}>Duration </span>
          <span
            className="block md:inline"
            title={session.revoked ? 'Revoked before its end: at most this long' : undefined}
          >
            <span aria-hidden="true">
              {session.revoked ? '≤ ' : ''}
              {formatDuration(length)}
            </span>
            <span className="sr-only">
              {session.revoked ? 'at most ' : ''}
              {describeDuration(length)}
            </span>
          </span>
        </div>
        <div className="min-w-0">
          <span className="sr-only">Status </span>
          <StatusBadge session={session} now={now} />
        </div>
      </div>
    </div>
  );
});
