const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const UNITS: [string, number][] = [
  ['d', DAY],
  ['h', HOUR],
  ['m', MINUTE],
  ['s', SECOND],
];

/**
 * "2h 5m 12s": the largest units first, at most `maxUnits` of them, truncated (never rounded up,
 * so a session is never shown longer than it was). Negative or invalid lengths show as "0s".
 */
export function formatDuration(ms: number, maxUnits = 3): string {
  if (!Number.isFinite(ms) || ms < SECOND) return '0s';
  let rest = Math.floor(ms / SECOND) * SECOND;
  const out: string[] = [];
  for (const [unit, size] of UNITS) {
    if (out.length === maxUnits) break;
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0 || out.length > 0) out.push(`${count}${unit}`);
  }
  // Drop trailing zero units: "2h 0m 0s" reads as "2h".
  while (out.length > 1 && /^0\D/.test(out[out.length - 1] ?? '')) out.pop();
  return out.join(' ');
}

const LONG_NAMES: Record<string, [string, string]> = {
  d: ['day', 'days'],
  h: ['hour', 'hours'],
  m: ['minute', 'minutes'],
  s: ['second', 'seconds'],
};

/** The same length spelled out for screen readers and tooltips: "2 hours 5 minutes 12 seconds". */
export function describeDuration(ms: number, maxUnits = 3): string {
  return formatDuration(ms, maxUnits)
    .split(' ')
    .filter((part) => !/^0\D/.test(part) || part === '0s')
    .map((part) => {
      const count = Number.parseInt(part, 10);
      const [one, many] = LONG_NAMES[part.replace(/^\d+/, '')] ?? ['', ''];
      return `${count} ${count === 1 ? one : many}`;
    })
    .join(' ');
}

/** "ends in 3h 12m" for an active session; "ending now" once under a second is left. */
export function formatEndsIn(end: number, now: number): string {
  const left = end - now;
  return left < SECOND ? 'ending now' : `ends in ${formatDuration(left, 2)}`;
}
