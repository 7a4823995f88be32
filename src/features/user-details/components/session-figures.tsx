import { useMemo } from 'react';
import type { ReactNode } from 'react';
import type { UserDetailsResult } from '../api/fetch-user-details.ts';
import { describeDuration, formatDuration } from '../model/duration.ts';
import { sessionStats } from '../model/sessions.ts';
import type { SessionTime } from '../model/sessions.ts';
import { ZonedTime } from './zoned-time.tsx';

export interface SessionFiguresProps {
  user: UserDetailsResult;
  /** Every session of the history (its times). */
  sessions: readonly SessionTime[];
  timeZone: string;
  now: number;
}

const count = new Intl.NumberFormat('en');

function Figure({ label, children, note }: { label: string; children: ReactNode; note?: ReactNode }) {
  return (
    <div className="min-w-0 rounded-lg border border-slate-200 p-3 dark:border-slate-800">
      <dt className="text-sm text-slate-600 dark:text-slate-400">{label}</dt>
      <dd className="mt-1 text-lg font-semibold tabular-nums">{children}</dd>
      {note && <dd className="mt-0.5 text-xs text-slate-500 dark:text-slate-400">{note}</dd>}
    </div>
  );
}

function Length({ ms }: { ms?: number }) {
  if (ms === undefined) return <>—</>;
  return (
    <>
      <span aria-hidden="true">{formatDuration(ms)}</span>
      <span className="sr-only">{describeDuration(ms)}</span>
    </>
  );
}

export function SessionFigures({ user, sessions, timeZone, now }: SessionFiguresProps) {
  const stats = useMemo(() => sessionStats(sessions), [sessions]);
  const revoked = useMemo(() => sessions.reduce((total, session) => total + (session.revoked ? 1 : 0), 0), [sessions]);
  const lengthNote = revoked > 0 ? `${count.format(revoked)} revoked not counted` : undefined;
  return (
    <section aria-labelledby="figures-heading">
      <h2 id="figures-heading" className="sr-only">
        Figures
      </h2>
      <dl className="grid grid-cols-2 gap-3 lg:grid-cols-6">
        <Figure label="Total sessions">{count.format(user.totalSessions)}</Figure>
        <Figure label="Active sessions">
          <span className="inline-flex items-center gap-2">
            {user.activeSessionsCount > 0 && (
              <span aria-hidden="true" className="h-2.5 w-2.5 rounded-full bg-emerald-500 dark:bg-emerald-400" />
            )}
            {count.format(user.activeSessionsCount)}
          </span>
        </Figure>
        <Figure label="First session">
          {stats.first === undefined ? (
            '—'
          ) : (
            <ZonedTime ms={stats.first} timeZone={timeZone} now={now} withRelative className="text-sm" />
          )}
        </Figure>
        <Figure label="Latest session">
          {stats.latest === undefined ? (
            '—'
          ) : (
            <ZonedTime ms={stats.latest} timeZone={timeZone} now={now} withRelative className="text-sm" />
          )}
        </Figure>
        <Figure label="Median session length" note={lengthNote}>
          <Length ms={stats.medianLength} />
        </Figure>
        <Figure label="Longest session" note={lengthNote}>
          <Length ms={stats.longestLength} />
        </Figure>
      </dl>
    </section>
  );
}
