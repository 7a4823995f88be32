/** Time formatting with Intl only. Every input is an ISO-8601 string from the API. */

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 60 * 60 * 1000],
  ['month', 30 * 24 * 60 * 60 * 1000],
  ['week', 7 * 24 * 60 * 60 * 1000],
  ['day', 24 * 60 * 60 * 1000],
  ['hour', 60 * 60 * 1000],
  ['minute', 60 * 1000],
];

const relativeFormats = new Map<string, Intl.RelativeTimeFormat>();
function relativeFormat(locale: string | undefined): Intl.RelativeTimeFormat {
  const key = locale ?? '';
  let format = relativeFormats.get(key);
  if (!format) {
    format = new Intl.RelativeTimeFormat(locale, { numeric: 'auto', style: 'long' });
    relativeFormats.set(key, format);
  }
  return format;
}

export function parseTimestamp(iso: string): Date | undefined {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** "5 minutes ago", "yesterday", "in 3 hours"; under a minute is "just now". */
export function formatRelative(iso: string, now: number = Date.now(), locale?: string): string {
  const date = parseTimestamp(iso);
  if (!date) return 'Unknown time';
  const diff = date.getTime() - now;
  const abs = Math.abs(diff);
  if (abs < 60 * 1000) return 'just now';
  for (const [unit, size] of UNITS) {
    if (abs >= size) return relativeFormat(locale).format(Math.round(diff / size), unit);
  }
  return relativeFormat(locale).format(Math.round(diff / 60_000), 'minute');
}

const pad = (value: number) => String(value).padStart(2, '0');

/** "2026-11-30 09:53:39 UTC": unambiguous and the same for everyone. */
export function formatUtc(iso: string): string {
  const date = parseTimestamp(iso);
  if (!date) return iso;
  return (
    `${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())} ` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} UTC`
  );
}

const LONG: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  timeZoneName: 'short',
};
const SHORT: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
};

// Building an Intl.DateTimeFormat costs far more than using one; a table renders dozens of times.
const dateFormats = new Map<string, Intl.DateTimeFormat>();
function dateFormat(style: 'long' | 'short', locale: string | undefined, timeZone: string | undefined) {
  const key = `${style}|${locale ?? ''}|${timeZone ?? ''}`;
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { ...(style === 'long' ? LONG : SHORT), timeZone });
    dateFormats.set(key, format);
  }
  return format;
}

/** The viewer's own clock, with the zone named: "30 Nov 2026, 10:53:39 CET". */
export function formatLocal(iso: string, locale?: string, timeZone?: string): string {
  const date = parseTimestamp(iso);
  return date ? dateFormat('long', locale, timeZone).format(date) : iso;
}

/** A compact absolute date for tables: "30 Nov 2026, 10:53". */
export function formatShortLocal(iso: string, locale?: string, timeZone?: string): string {
  const date = parseTimestamp(iso);
  return date ? dateFormat('short', locale, timeZone).format(date) : iso;
}
