import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { RefObject } from 'react';
import { useWindowVirtualizer } from '@tanstack/react-virtual';
import { Skeleton } from '../../../components/ui/skeleton.tsx';
import { LIST_PROPS } from './session-rows-shared.ts';
import type { RowsProps } from './session-rows-shared.ts';
import { SessionRow } from './session-row.tsx';

// Measured heights (wide / narrow layout). Close estimates matter: every row whose measured
// height differs shifts all rows after it, which costs a pass over all 10,000.
const ROW_HEIGHT = { wide: 49, narrow: 141 };
const HEADING_HEIGHT = 39;
const WIDE = '(min-width: 768px)';

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
 * and scroll smoothly. Each row says its position (aria-posinset/setsize). The list is as long as
 * the whole history from the start; rows whose page has not come yet show as placeholders, and
 * showing one asks for the next page.
 */
export function VirtualRows({ sessions, setSize, onNeedMore, grouping, timeZone, now, zone }: RowsProps) {
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
    count: setSize,
    estimateSize,
    overscan: 8,
    scrollMargin,
    getItemKey,
  });

  const items = virtualizer.getVirtualItems();
  const waiting = items.some((row) => row.index >= sessions.length);
  useEffect(() => (waiting ? onNeedMore?.() : undefined), [waiting, onNeedMore]);

  return (
    <div ref={listRef} {...LIST_PROPS} className="relative" style={{ height: virtualizer.getTotalSize() }}>
      {items.map((row) => {
        const session = sessions[row.index];
        if (!session) {
          return (
            <div
              key={row.key}
              aria-hidden="true"
              className="absolute top-0 left-0 w-full border-b border-slate-100 px-4 py-3 dark:border-slate-800/70"
              style={{ height: row.size, transform: `translateY(${row.start - virtualizer.options.scrollMargin}px)` }}
            >
              <Skeleton className="h-4 w-2/3" />
            </div>
          );
        }
        const group = groups[groupOf[row.index] ?? -1];
        return (
          <SessionRow
            key={row.key}
            ref={virtualizer.measureElement}
            index={row.index}
            setSize={setSize}
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
