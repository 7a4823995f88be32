import { zonedParts, zonedToUtc, zoneOffset } from './wall-clock.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

type Step = { kind: 'fixed'; size: number } | { kind: 'day'; days: number } | { kind: 'month'; months: number };

const STEPS: { approx: number; step: Step }[] = [
  ...[1, 5, 15, 30].map((m) => ({ approx: m * MINUTE, step: { kind: 'fixed', size: m * MINUTE } as Step })),
  ...[1, 2, 3, 6, 12].map((h) => ({ approx: h * HOUR, step: { kind: 'fixed', size: h * HOUR } as Step })),
  ...[1, 2, 7, 14].map((d) => ({ approx: d * DAY, step: { kind: 'day', days: d } as Step })),
  ...[1, 3, 6, 12, 24, 60].map((m) => ({ approx: m * 30 * DAY, step: { kind: 'month', months: m } as Step })),
];

export interface Tick {
  at: number;
  label: string;
}

const labelFormats = new Map<string, Intl.DateTimeFormat>();
function labelFormat(kind: 'time' | 'day' | 'month' | 'year', timeZone: string): Intl.DateTimeFormat {
  const key = `${kind}|${timeZone}`;
  let format = labelFormats.get(key);
  if (!format) {
    const options: Intl.DateTimeFormatOptions =
      kind === 'time'
        ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }
        : kind === 'day'
          ? { day: 'numeric', month: 'short' }
          : kind === 'month'
            ? { month: 'short', year: 'numeric' }
            : { year: 'numeric' };
    format = new Intl.DateTimeFormat('en-GB', { ...options, timeZone });
    labelFormats.set(key, format);
  }
  return format;
}

/**
 * Axis ticks for [from, to] at round wall-clock times in `timeZone` (whole hours, midnights,
 * first days of months), at most about `maxTicks` of them. Midnight ticks show the date.
 */
export function timeTicks(from: number, to: number, timeZone: string, maxTicks: number): Tick[] {
  const span = to - from;
  if (!(span > 0) || maxTicks < 1) return [];
  const choice = STEPS.find(({ approx }) => span / approx <= maxTicks) ?? STEPS[STEPS.length - 1];
  const step = choice?.step ?? { kind: 'month', months: 60 };
  const ticks: Tick[] = [];

  if (step.kind === 'fixed') {
    const offset = zoneOffset(from, timeZone);
    for (let at = Math.ceil((from + offset) / step.size) * step.size - offset; at <= to; at += step.size) {
      const p = zonedParts(at, timeZone);
      const midnight = p.hour === 0 && p.minute === 0;
      ticks.push({ at, label: labelFormat(midnight ? 'day' : 'time', timeZone).format(at) });
    }
    return ticks;
  }

  const start = zonedParts(from, timeZone);
  if (step.kind === 'day') {
    for (let day = start.day; ; day += 1) {
      const at = zonedToUtc(start.year, start.month, day, timeZone);
      if (at > to) break;
      const dayNumber = Math.round(Date.UTC(start.year, start.month - 1, day) / DAY);
      if (at >= from && dayNumber % step.days === 0) ticks.push({ at, label: labelFormat('day', timeZone).format(at) });
    }
    return ticks;
  }

  for (let month = start.month; ; month += 1) {
    const at = zonedToUtc(start.year, month, 1, timeZone);
    if (at > to) break;
    const monthIndex = start.year * 12 + month - 1;
    if (at >= from && monthIndex % step.months === 0) {
      const kind = step.months >= 12 ? 'year' : 'month';
      ticks.push({ at, label: labelFormat(kind, timeZone).format(at) });
    }
  }
  return ticks;
}
