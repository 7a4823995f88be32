import { lazy, Suspense, useEffect, useState } from 'react';
import { afterNextPaint } from '../../../lib/after-paint.ts';
import { zoneName } from '../model/wall-clock.ts';
import { SessionRow } from './session-row.tsx';
import { LIST_PROPS } from './session-rows-shared.ts';
import type { RowsProps, SessionListProps } from './session-rows-shared.ts';

/**
 * Up to this many rows are all rendered (and all their pages fetched at once): find-in-page and
 * reading the whole list just work.
 */
const RENDER_ALL_UP_TO = 200;
/**
 * Rows in the page's first frame: the history starts below the header, figures and timeline, so
 * no more than this many can be on screen when a user opens (a click's frame renders only what
 * shows). Then ROWS_PER_FRAME more after each frame is painted, until all are there: every row is
 * styled and laid out (a full-page capture draws them all), a row costs about 10 ms of style and
 * layout on a slow phone (4× CPU slowdown), and each step stays under a 50 ms long task
 * (Lighthouse's Total Blocking Time).
 */
const FIRST_FRAME_ROWS = 8;
const ROWS_PER_FRAME = 4;

// The virtualiser loads only for long histories, keeping it out of the page's first load.
const VirtualRows = lazy(() =>
  import('./virtual-session-rows.tsx').then(({ VirtualRows }) => ({ default: VirtualRows })),
);

/** Sessions newest first under day headings; long histories are virtualised. */
export function SessionList(props: SessionListProps) {
  const zone = zoneName(props.now, props.timeZone);
  return (
    <div className="rounded-lg border border-slate-200 dark:border-slate-800">
      <div
        aria-hidden="true"
        className="hidden grid-cols-[minmax(0,2.3fr)_minmax(0,1.5fr)_minmax(0,1.5fr)_minmax(0,0.8fr)_minmax(0,1.3fr)] gap-x-4 border-b border-slate-200 bg-slate-50 px-4 py-2 text-xs font-medium text-slate-600 md:grid dark:border-slate-800 dark:bg-slate-900 dark:text-slate-400"
      >
        <span>Session ID</span>
        <span>Start ({zone})</span>
        <span>End ({zone})</span>
        <span>Duration</span>
        <span>Status</span>
      </div>
      {props.setSize > RENDER_ALL_UP_TO ? (
        <Suspense fallback={<AllRows {...props} zone={zone} limit={20} />}>
          <VirtualRows {...props} zone={zone} />
        </Suspense>
      ) : (
        <AllRows {...props} zone={zone} />
      )}
    </div>
  );
}

/** Every row (or the first `limit`, while the virtualiser loads), in normal page flow. */
function AllRows(props: RowsProps & { limit?: number }) {
  const { sessions, setSize, onNeedMore, grouping, timeZone, now, zone, limit = Infinity } = props;
  const { groups, groupOf } = grouping;
  const [rendered, setRendered] = useState(FIRST_FRAME_ROWS);
  const more = rendered < Math.min(limit, sessions.length);
  useEffect(
    () => (more ? afterNextPaint(() => setRendered((count) => count + ROWS_PER_FRAME)) : undefined),
    [more, rendered],
  );
  // A short list is fetched whole, after the first rows are painted.
  const missing = limit === Infinity && sessions.length < setSize;
  useEffect(() => (missing && onNeedMore ? afterNextPaint(onNeedMore) : undefined), [missing, onNeedMore]);
  return (
    <div {...LIST_PROPS}>
      {sessions.slice(0, Math.min(limit, rendered)).map((session, index) => {
        const group = groups[groupOf[index] ?? -1];
        return (
          <SessionRow
            key={session.id}
            index={index}
            setSize={setSize}
            session={session}
            day={group?.first === index ? group : undefined}
            timeZone={timeZone}
            zone={zone}
            now={now}
          />
        );
      })}
    </div>
  );
}
