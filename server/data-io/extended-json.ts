/**
 * MongoDB Extended JSON (as `mongoexport` and `mongodump --json` write it, canonical or relaxed)
 * read as plain values: `{"$oid": h}` → h, `{"$date": …}` → an ISO-8601 UTC string,
 * `{"$numberLong"|"$numberInt"|"$numberDouble"|"$numberDecimal": s}` → a number. Anything else is
 * kept as it is, so plain JSON passes through unchanged.
 */
export function fromExtendedJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromExtendedJson);
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object);
  if (keys.length === 1) {
    const [key] = keys as [string];
    const inner = object[key];
    switch (key) {
      case '$oid':
        if (typeof inner === 'string') return inner;
        break;
      case '$date':
        return dateValue(inner) ?? value;
      case '$numberLong':
      case '$numberInt':
      case '$numberDouble':
      case '$numberDecimal':
        if (typeof inner === 'string' && inner.trim() !== '' && Number.isFinite(Number(inner))) return Number(inner);
        break;
    }
  }
  const plain: Record<string, unknown> = {};
  for (const key of keys) plain[key] = fromExtendedJson(object[key]);
  return plain;
}

/** `$date` holds an ISO string (relaxed), milliseconds, or `{"$numberLong": "ms"}` (canonical). */
function dateValue(inner: unknown): string | undefined {
  if (typeof inner === 'string') return inner;
  const ms = typeof inner === 'number' ? inner : fromExtendedJson(inner);
  if (typeof ms !== 'number' || !Number.isFinite(ms)) return undefined;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}
