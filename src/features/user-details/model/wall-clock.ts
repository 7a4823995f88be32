/**
 * Wall-clock arithmetic in one IANA time zone with Intl only. The page shows either UTC or the
 * viewer's own zone; the functions take any zone so they can be tested across zones.
 */

export type TimeZoneMode = 'utc' | 'local';

let local: string | undefined;
/** The viewer's zone, read once: building an Intl.DateTimeFormat to ask costs more than a render. */
export function localTimeZone(): string {
  local ??= Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  return local;
}

export function timeZoneFor(mode: TimeZoneMode): string {
  return mode === 'utc' ? 'UTC' : localTimeZone();
}

export interface ZonedParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const cache = new Map<string, Intl.DateTimeFormat>();
function cached(key: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let format = cache.get(key);
  if (!format) {
    format = make();
    cache.set(key, format);
  }
  return format;
}

function partsFormat(timeZone: string): Intl.DateTimeFormat {
  return cached(`parts|${timeZone}`, () => {
    return new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
  });
}

export function zonedParts(ms: number, timeZone: string): ZonedParts {
  if (timeZone === 'UTC') {
    const date = new Date(ms);
    return {
      year: date.getUTCFullYear(),
      month: date.getUTCMonth() + 1,
      day: date.getUTCDate(),
      hour: date.getUTCHours(),
      minute: date.getUTCMinutes(),
      second: date.getUTCSeconds(),
    };
  }
  const parts: Record<string, number> = {};
  for (const part of partsFormat(timeZone).formatToParts(ms)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  return {
    year: parts.year ?? 0,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: (parts.hour ?? 0) % 24,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** Milliseconds to add to a UTC instant to get the zone's wall clock at that instant. */
export function zoneOffset(ms: number, timeZone: string): number {
  if (timeZone === 'UTC') return 0;
  const p = zonedParts(ms, timeZone);
  const wall = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return wall - (ms - (((ms % 1000) + 1000) % 1000));
}

/** The instant at which the zone's wall clock shows the given time (the later one in a DST gap). */
export function zonedToUtc(
  year: number,
  month: number,
  day: number,
  timeZone: string,
  hour = 0,
  minute = 0,
  second = 0,
): number {
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  const first = wall - zoneOffset(wall, timeZone);
  // The offset at the guess may differ from the offset at the answer across a DST change.
  return wall - zoneOffset(first, timeZone);
}

const pad = (value: number, size = 2) => String(value).padStart(size, '0');

/** The calendar day of an instant in a zone, as "YYYY-MM-DD". */
export function dayKey(ms: number, timeZone: string): string {
  const p = zonedParts(ms, timeZone);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

const DATE_INPUT = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "YYYY-MM-DD" (an `<input type="date">` value) → its parts, or undefined when not a real date. */
export function parseDay(value: string | undefined): { year: number; month: number; day: number } | undefined {
  const match = value ? DATE_INPUT.exec(value) : null;
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    return undefined;
  }
  return { year, month, day };
}

/** Midnight at the start of the day "YYYY-MM-DD" in the zone, or undefined for a bad value. */
export function startOfDay(value: string | undefined, timeZone: string): number | undefined {
  const parsed = parseDay(value);
  return parsed && zonedToUtc(parsed.year, parsed.month, parsed.day, timeZone);
}

/** Midnight at the end of the day "YYYY-MM-DD" (the start of the next day) in the zone. */
export function endOfDay(value: string | undefined, timeZone: string): number | undefined {
  const parsed = parseDay(value);
  return parsed && zonedToUtc(parsed.year, parsed.month, parsed.day + 1, timeZone);
}

/** "2026-11-30 09:53:39": sortable, unambiguous, the same in every locale. */
export function formatDateTime(ms: number, timeZone: string): string {
  if (!Number.isFinite(ms)) return 'Invalid date';
  const p = zonedParts(ms, timeZone);
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)} ${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}`;
}

/** "Mon 30 Nov 2026" for day headings. */
export function formatDay(ms: number, timeZone: string): string {
  if (!Number.isFinite(ms)) return 'Invalid date';
  const format = cached(`day|${timeZone}`, () => {
    return new Intl.DateTimeFormat('en-GB', {
      timeZone,
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
    });
  });
  return format.format(ms).replace(',', '');
}

/** The zone's short name at an instant, as the viewer's locale writes it: "UTC", "EST", "GMT+5:30". */
export function zoneName(ms: number, timeZone: string): string {
  if (timeZone === 'UTC') return 'UTC';
  const format = cached(`zone|${timeZone}`, () => {
    return new Intl.DateTimeFormat(undefined, { timeZone, timeZoneName: 'short' });
  });
  return format.formatToParts(ms).find((part) => part.type === 'timeZoneName')?.value ?? timeZone;
}
