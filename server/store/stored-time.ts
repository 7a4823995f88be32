const FIRST_STORABLE_MS = -62_167_219_200_000; // 0000-01-01T00:00:00.000Z
const LAST_STORABLE_MS = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z
const DAY_MS = 86_400_000;
const DAY_PREFIX_CACHE_LIMIT = 4096;

const dayPrefixes = new Map<number, string>();

/**
 * Milliseconds → the one stored timestamp format, `YYYY-MM-DDTHH:MM:SS.sssZ` (24 characters that
 * sort like time; years 0000–9999 only). Identical to `Date#toISOString` for those years, but
 * about twice as fast when seeding millions of rows: the date part is cached per day.
 */
export function storedTime(ms: number): string {
  if (!Number.isInteger(ms) || ms < FIRST_STORABLE_MS || ms > LAST_STORABLE_MS) {
    throw new RangeError(`Cannot store the timestamp ${ms}: it must be whole milliseconds within years 0000 to 9999`);
  }
  const day = Math.floor(ms / DAY_MS);
  let prefix = dayPrefixes.get(day);
  if (prefix === undefined) {
    if (dayPrefixes.size >= DAY_PREFIX_CACHE_LIMIT) dayPrefixes.clear();
    prefix = new Date(day * DAY_MS).toISOString().slice(0, 11);
    dayPrefixes.set(day, prefix);
  }
  let rest = ms - day * DAY_MS;
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const millis = rest - seconds * 1000;
  return `${prefix}${two(hours)}:${two(minutes)}:${two(seconds)}.${millis < 10 ? '00' : millis < 100 ? '0' : ''}${millis}Z`;
}

function two(value: number): string {
  return value < 10 ? `0${value}` : `${value}`;
}
