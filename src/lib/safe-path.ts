const ORIGIN = 'http://app.invalid';

/**
 * `value` when it is a path inside this app (`/…`, as a redirect target or link), else
 * undefined. The one rule for every address that comes from outside the code (a `?next=` after
 * login, router state): no `//host` or `/\host`, no scheme, and no control characters or spaces,
 * which browsers drop while parsing (so `/<tab>/evil.example` would become `//evil.example`).
 */
export function safeLocalPath(value: unknown): string | undefined {
  if (typeof value !== 'string' || !value.startsWith('/') || /[\\\s\p{Cc}]/u.test(value)) return undefined;
  try {
    // What the browser would make of it: still this app, and a path rather than a host.
    const url = new URL(value, ORIGIN);
    return url.origin === ORIGIN && !value.startsWith('//') ? value : undefined;
  } catch {
    return undefined;
  }
}
