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
/**
 * The next page is asked for this many rows before the reader reaches it: about a second of a fast
 * fling (12,000 px/s at 49 px a row). Never more than half of what is loaded, so opening a user
 * (the first page of 100) costs one request.
 */
const FETCH_AHEAD = 250;

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
  // The day headings come from the whole history's times, so every row's size is known before its
  // page comes. Rows are keyed by place (the default), not by session: a page that arrives changes
  // no key and no size, and the virtualizer keeps its measurements of all 10,000.
  const estimateSize = useCallback(
    (index: number) => rowHeight + (groups[groupOf[index] ?? -1]?.first === index ? HEADING_HEIGHT : 0),
    [groups, groupOf, rowHeight],
  );
  const virtualizer = useWindowVirtualizer({ count: setSize, estimateSize, overscan: 8, scrollMargin });

  const items = virtualizer.getVirtualItems();
  const last = items.at(-1)?.index ?? 0;
  const ahead = Math.min(FETCH_AHEAD, sessions.length / 2);
  const waiting = last >= sessions.length - ahead && sessions.length < setSize;
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
