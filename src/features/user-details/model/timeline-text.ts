import { describeDuration } from './duration.ts';
import { sessionLength } from './sessions.ts';
import type { TimelineItem, TimelineLayout } from './timeline-layout.ts';
import { formatDateTime, zoneName } from './wall-clock.ts';

const count = new Intl.NumberFormat('en');

/** "2026-11-30 09:53 UTC": minutes are enough for a sentence; the list has the seconds. */
function at(ms: number, timeZone: string): string {
  return `${formatDateTime(ms, timeZone).slice(0, 16)} ${zoneName(ms, timeZone)}`;
}

/** The picture's text alternative, in one sentence: how many, when, how many at once. */
export function summarizeTimeline(layout: TimelineLayout, timeZone: string, from: number): string {
  const span = `between ${at(from, timeZone)} and ${at(layout.now, timeZone)}`;
  const total = layout.items.length;
  if (total === 0) return `No sessions ${span}.`;
  const { activeCount, laneCount } = layout;
  const active = activeCount > 0 ? `; ${count.format(activeCount)} ${activeCount === 1 ? 'is' : 'are'} active now` : '';
  return `${count.format(total)} ${total === 1 ? 'session' : 'sessions'} ${span}, up to ${count.format(laneCount)} at once${active}.`;
}

/** One session read out when the keyboard steps to it (by its ID when the page has it). */
export function describeItem(item: TimelineItem, timeZone: string, id = item.session.id): string {
  const { session } = item;
  const length = describeDuration(sessionLength(session));
  const started = `Session ${id === undefined ? '' : `${id}, `}started ${at(session.start, timeZone)}`;
  if (session.active) return `Active. ${started}, ends ${at(session.end, timeZone)}, lasting ${length}.`;
  if (session.revoked) {
    return `Expired, revoked. ${started}, was due to end ${at(session.end, timeZone)}, lasted at most ${length}.`;
  }
  return `Expired. ${started}, ended ${at(session.end, timeZone)}, lasted ${length}.`;
}
