import { useDeferredValue, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent, PointerEvent } from 'react';
import { ToggleGroup } from '../../../components/ui/toggle-group.tsx';
import { useAfterFirstPaint } from '../hooks/use-after-first-paint.ts';
import { useElementWidth } from '../../../lib/use-element-width.ts';
import { useIsDark } from '../hooks/use-is-dark.ts';
import type { SessionTime } from '../model/sessions.ts';
import { itemAt, layoutTimeline, timelineLaneCount } from '../model/timeline-layout.ts';
import { describeItem, summarizeTimeline } from '../model/timeline-text.ts';
import { timeTicks } from '../model/time-ticks.ts';
import { TIMELINE_RANGES } from '../search-params.ts';
import type { TimelineRange } from '../search-params.ts';
import { DARK, LIGHT, drawTimeline, timelineGeometry } from './timeline-canvas.ts';
import { TimelineTooltip } from './timeline-tooltip.tsx';

export interface SessionTimelineProps {
  sessions: readonly SessionTime[];
  /** A session's ID, when the page has it (the history's times come without them). */
  idOf: (session: SessionTime) => string | undefined;
  range: TimelineRange;
  onRangeChange: (range: TimelineRange) => void;
  now: number;
  timeZone: string;
}

const RANGE_TITLES: Record<TimelineRange, string> = {
  '24h': 'Last 24 hours',
  '7d': 'Last 7 days',
  '30d': 'Last 30 days',
  all: 'Every session',
};
const RANGE_OPTIONS = TIMELINE_RANGES.map((value) => ({
  value,
  label: value === 'all' ? 'All' : value,
  title: RANGE_TITLES[value],
}));

const NO_SESSIONS: readonly SessionTime[] = [];

/**
 * Every session of the range as a bar on a time axis; sessions open at the same time get their
 * own lanes. Drawn on a canvas so 10,000 sessions stay fast. The bars answer to the pointer, and
 * the keyboard steps through them (arrows, Home, End) with each one announced.
 */
export function SessionTimeline({ sessions: latest, idOf, range, onRangeChange, now, timeZone }: SessionTimelineProps) {
  // The picture is laid out and drawn after the page's first frame, so the header, the figures
  // and the history show first (in the frame after the click that opened the page).
  const painted = useAfterFirstPaint();
  const sessions = useDeferredValue(painted ? latest : NO_SESSIONS, NO_SESSIONS);
  const pending = sessions !== latest;
  const layout = useMemo(() => layoutTimeline(sessions, range, now), [sessions, range, now]);
  const containerRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const width = useElementWidth(containerRef);
  const dark = useIsDark();
  const [pointed, setPointed] = useState<{ key: string; x: number } | null>(null);
  const [stepped, setStepped] = useState<string | null>(null);
  const ids = { summary: useId(), help: useId() };

  // Until the bars are laid out, the picture already takes its final height: the history below
  // does not jump down when they appear (Lighthouse's layout shift).
  const finalLanes = useMemo(
    () => (pending ? timelineLaneCount(latest, range, now) : undefined),
    [pending, latest, range, now],
  );
  // One object per lane count: the picture is drawn again only when something drawn changes, not
  // on every render of the page (each page of history that arrives renders it).
  const laneCount = finalLanes ?? layout.laneCount;
  const geometry = useMemo(() => timelineGeometry(laneCount), [laneCount]);
  const ticks = useMemo(
    () => timeTicks(layout.from, layout.to, timeZone, Math.max(2, Math.floor(width / 96))),
    [layout.from, layout.to, timeZone, width],
  );
  const indexOf = (key: string | null) =>
    key === null ? -1 : layout.items.findIndex((item) => item.session.key === key);
  const steppedIndex = indexOf(stepped);
  const steppedItem = layout.items[steppedIndex];
  const pointedIndex = pointed ? indexOf(pointed.key) : -1;
  const shownIndex = pointedIndex >= 0 ? pointedIndex : steppedIndex;
  const x = (time: number) => ((time - layout.from) / (layout.to - layout.from)) * width;

  useLayoutEffect(() => {
    const canvas = canvasRef.current;
    // Not in the commit that shows the page (a page built ahead is shown by the click's commit):
    // setting up the canvas and drawing the axis waits for the first frame too.
    if (!canvas || width <= 0 || !painted) return;
    drawTimeline(canvas, layout, {
      width,
      geometry,
      palette: dark ? DARK : LIGHT,
      ticks: ticks.map((tick) => tick.at),
      highlight: shownIndex,
    });
  }, [layout, width, geometry, dark, ticks, shownIndex, painted]);

  const onPointerMove = (event: PointerEvent<HTMLDivElement>) => {
    const rect = event.currentTarget.getBoundingClientRect();
    const px = event.clientX - rect.left;
    const lane = Math.floor((event.clientY - rect.top - geometry.top) / geometry.pitch);
    const perPixel = (layout.to - layout.from) / Math.max(1, width);
    const index = itemAt(layout, lane, layout.from + px * perPixel, 3 * perPixel);
    const item = layout.items[index];
    setPointed(item ? { key: item.session.key, x: px } : null);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const last = layout.items.length - 1;
    if (last < 0) return;
    const current = steppedIndex;
    const moves: Record<string, number> = {
      ArrowRight: current < 0 ? last : Math.min(last, current + 1),
      ArrowLeft: current < 0 ? last : Math.max(0, current - 1),
      PageDown: Math.min(last, Math.max(0, current) + 10),
      PageUp: Math.max(0, current - 10),
      Home: 0,
      End: last,
    };
    if (event.key === 'Escape') {
      setStepped(null);
      return;
    }
    const next = moves[event.key];
    if (next === undefined) return;
    event.preventDefault();
    setPointed(null);
    setStepped(layout.items[next]?.session.key ?? null);
  };

  const shown = layout.items[shownIndex];
  const rangeFrom = range === 'all' ? (layout.items[0]?.start ?? layout.from) : layout.from;
  const summary = summarizeTimeline(layout, timeZone, Math.min(rangeFrom, layout.now));
  const revokedShown = layout.items.some((item) => item.session.revoked);

  return (
    <section aria-labelledby="timeline-heading" className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="timeline-heading" className="text-lg font-semibold">
          Timeline
        </h2>
        <ToggleGroup label="Timeline range" value={range} options={RANGE_OPTIONS} onChange={onRangeChange} />
      </div>
      <figure className="rounded-lg border border-slate-200 p-3 dark:border-slate-800">
        <div className="relative pt-5" ref={containerRef}>
          {/* Placed once the width is known, so it does not jump across the picture. */}
          {width > 0 && (
            <span
              aria-hidden="true"
              className="absolute top-0 -translate-x-1/2 text-xs font-medium text-slate-700 dark:text-slate-200"
              style={{ left: Math.min(x(layout.now), width - 14) }}
            >
              Now
            </span>
          )}
          <div
            tabIndex={0}
            role="group"
            aria-roledescription="timeline"
            aria-label="Session timeline"
            aria-describedby={`${ids.summary} ${ids.help}`}
            onKeyDown={onKeyDown}
            onBlur={() => setStepped(null)}
            onPointerMove={onPointerMove}
            onPointerDown={onPointerMove}
            onPointerLeave={() => setPointed(null)}
            className="relative rounded focus-visible:outline-2 focus-visible:outline-offset-4"
            data-testid="session-timeline"
            data-lanes={layout.laneCount}
            data-sessions={layout.items.length}
          >
            <canvas ref={canvasRef} aria-hidden="true" className="block w-full" style={{ height: geometry.height }} />
            {shown && (
              <TimelineTooltip
                item={shown}
                id={idOf(shown.session)}
                timeZone={timeZone}
                left={pointedIndex >= 0 && pointed ? pointed.x : x((shown.start + Math.min(shown.end, layout.now)) / 2)}
                top={geometry.top + shown.lane * geometry.pitch}
                width={width}
              />
            )}
          </div>
          <div aria-hidden="true" className="relative mt-1 h-4 text-xs text-slate-600 dark:text-slate-400">
            {ticks.map((tick) => {
              const left = x(tick.at);
              if (left < 16 || left > width - 40) return null;
              return (
                <span key={tick.at} className="absolute -translate-x-1/2 whitespace-nowrap" style={{ left }}>
                  {tick.label}
                </span>
              );
            })}
          </div>
        </div>
        <figcaption className="mt-3 flex flex-wrap items-center justify-between gap-x-4 gap-y-2 text-sm">
          <p id={ids.summary} className="text-slate-700 dark:text-slate-300">
            {pending ? 'Drawing the timeline…' : summary}
          </p>
          <ul aria-label="Legend" className="flex flex-wrap gap-3 text-xs text-slate-600 dark:text-slate-400">
            <LegendItem className="bg-emerald-600 dark:bg-emerald-400" label="Active" />
            <LegendItem className="bg-indigo-500 dark:bg-indigo-400" label="Expired" />
            {revokedShown && <LegendItem className="bg-rose-600 dark:bg-rose-400" label="Revoked (end not recorded)" />}
          </ul>
        </figcaption>
        <p id={ids.help} className="sr-only">
          Use the left and right arrow keys to step through the sessions in time order, Home and End for the first and
          last. The session history below lists every session.
        </p>
        <p aria-live="polite" className="sr-only">
          {stepped && steppedItem
            ? `${steppedIndex + 1} of ${layout.items.length}. ${describeItem(steppedItem, timeZone, idOf(steppedItem.session))}`
            : ''}
        </p>
      </figure>
    </section>
  );
}

function LegendItem({ className, label }: { className: string; label: string }) {
  return (
    <li className="flex items-center gap-1.5">
      <span aria-hidden="true" className={`h-2.5 w-4 rounded-sm ${className}`} />
      {label}
    </li>
  );
}
