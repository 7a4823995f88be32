import { useCallback, useLayoutEffect, useRef, useState } from 'react';
import type { RefObject } from 'react';
import { useWindowVirtualizer } from '@tanstack/react-virtual';
import type { DayGrouping } from '../model/day-groups.ts';
import type { TimedSession } from '../model/sessions.ts';
import { zoneName } from '../model/zoned-time.ts';
import { SessionRow } from './session-row.tsx';

export interface SessionListProps {
  sessions: readonly TimedSession[];
  grouping: DayGrouping;
  timeZone: string;
  now: number;
}

/** Up to this many rows are all rendered: find-in-page and reading the whole list just work. */
const RENDER_ALL_UP_TO = 200;

// Measured heights (wide / narrow layout). Close estimates matter: every row whose measured
// height differs shifts all rows after it, which costs a pass over all 10,000.
const ROW_HEIGHT = { wide: 49, narrow: 161 };
const HEADING_HEIGHT = 39;
const WIDE = '(min-width: 768px)';

const LIST_PROPS = { role: 'list', 'aria-label': 'Session history' } as const;

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
      {props.sessions.length > RENDER_ALL_UP_TO ? (
        <VirtualRows {...props} zone={zone} />
      ) : (
        <AllRows {...props} zone={zone} />
      )}
    </div>
  );
}

function AllRows({ sessions, grouping, timeZone, now, zone }: SessionListProps & { zone: string }) {
  const { groups, groupOf } = grouping;
  return (
    <div {...LIST_PROPS}>
      {sessions.map((session, index) => {
        const group = groups[groupOf[index] ?? -1];
        return (
          <SessionRow
            key={session.id}
            index={index}
            setSize={sessions.length}
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

/** Distance from the top of the document, kept current as content above it changes size. */
function useDocumentTop(ref: RefObject<HTMLElement | null>): number {
  const [top, setTop] = useState(0);
  useLayoutEffect(() => {
    const measure = () => {
      const element = ref.current;
      if (element) setTop(Math.round(element.getBoundingClientRect().top + window.scrollY));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(document.body);
    return () => observer.disconnect();
  }, [ref]);
  return top;
}

/**
 * Scrolls with the page and renders only the rows near the viewport, so 10,000 sessions open
 * and scroll smoothly. Each row says its position (aria-posinset/setsize).
 */
function VirtualRows({ sessions, grouping, timeZone, now, zone }: SessionListProps & { zone: string }) {
  const listRef = useRef<HTMLDivElement>(null);
  const scrollMargin = useDocumentTop(listRef);
  const { groups, groupOf } = grouping;
  const rowHeight = window.matchMedia(WIDE).matches ? ROW_HEIGHT.wide : ROW_HEIGHT.narrow;
  // Stable callbacks: a new getItemKey makes the virtualizer re-measure every row.
  const estimateSize = useCallback(
    (index: number) => rowHeight + (groups[groupOf[index] ?? -1]?.first === index ? HEADING_HEIGHT : 0),
    [groups, groupOf, rowHeight],
  );
  const getItemKey = useCallback((index: number) => sessions[index]?.id ?? index, [sessions]);
  const virtualizer = useWindowVirtualizer({
    count: sessions.length,
    estimateSize,
    overscan: 8,
    scrollMargin,
    getItemKey,
  });

  return (
    <div ref={listRef} {...LIST_PROPS} className="relative" style={{ height: virtualizer.getTotalSize() }}>
      {virtualizer.getVirtualItems().map((row) => {
        const session = sessions[row.index];
        if (!session) return null;
        const group = groups[groupOf[row.index] ?? -1];
        return (
          <SessionRow
            key={row.key}
            ref={virtualizer.measureElement}
            index={row.index}
            setSize={sessions.length}
            session={session}
            day={group?.first === row.index ? group : undefined}
            timeZone={timeZone}
            zone={zone}
            now={now}
            offset={row.start - virtualizer.options.scrollMargin}
          />
        );
      })}
    </div>
  );
}
