import { formatDuration } from '../model/duration.ts';
import { sessionLength } from '../model/sessions.ts';
import type { TimelineItem } from '../model/timeline-layout.ts';
import { formatDateTime, zoneName } from '../model/wall-clock.ts';

export interface TimelineTooltipProps {
  item: TimelineItem;
  /** The session's ID, when the page has it. */
  id: string | undefined;
  timeZone: string;
  /** Where the pointer or the bar is, in the chart's pixels. */
  left: number;
  top: number;
  width: number;
}

const TOOLTIP_WIDTH = 264;

/** The pointed-at or stepped-to session's details, over the chart (announced separately). */
export function TimelineTooltip({ item, id, timeZone, left, top, width }: TimelineTooltipProps) {
  const { session } = item;
  const clampedLeft = Math.min(Math.max(0, left - TOOLTIP_WIDTH / 2), Math.max(0, width - TOOLTIP_WIDTH));
  const placeBelow = top < 90;
  const zone = zoneName(session.start, timeZone);
  return (
    <div
      aria-hidden="true"
      className="pointer-events-none absolute z-10 rounded-md bg-slate-900 px-3 py-2 text-xs leading-relaxed text-white shadow-lg dark:bg-slate-100 dark:text-slate-900"
      style={{
        left: clampedLeft,
        width: Math.min(TOOLTIP_WIDTH, width),
        ...(placeBelow ? { top: top + 24 } : { bottom: `calc(100% - ${top}px + 6px)` }),
      }}
    >
      <p className="font-semibold">
        {session.active ? 'Active' : 'Expired'}
        {session.revoked && ' · revoked'}
      </p>
      {id !== undefined && <p className="font-mono break-all">{id}</p>}
      <p>
        {formatDateTime(session.start, timeZone)} → {formatDateTime(session.end, timeZone)} {zone}
      </p>
      <p>
        {session.revoked ? 'at most ' : ''}
        {formatDuration(sessionLength(session))}
      </p>
    </div>
  );
}
