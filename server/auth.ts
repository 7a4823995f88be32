import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { CookieOptions } from 'hono/utils/cookie';
import type { CookieSecure } from './config.ts';
import { FailureThrottle, type ThrottledCheck, type ThrottleOptions } from './failure-throttle.ts';
import { errorResponse } from './http-errors.ts';
import type { SessionUsersSource } from './store/source.ts';

/** The login cookie's name (kept from before the rename, so signed-in browsers keep their cookie). */
export const LOGIN_COOKIE = 'dashboard_session';
/** A login cookie ends after this long without use; each use past half of it renews it. */
export const LOGIN_IDLE_SECONDS = 12 * 60 * 60;
/** However often it is renewed, a login cookie ends this long after the sign-in. */
export const LOGIN_MAX_SECONDS = 7 * 24 * 60 * 60;
export const WRONG_TOKEN_MESSAGE = 'That token is not valid.';
const MISSING_CREDENTIALS_MESSAGE =
  'Sign in first: send "Authorization: Bearer <token>" or open the dashboard with ?token=<token>.';
const ENDED_MESSAGE = 'Your session has ended. Sign in again.';
/** How long a read of the access epoch is trusted before the store is asked again (other processes' logouts). */
const EPOCH_TTL_MS = 1_000;

/** API paths anyone may call: the health check and the login/logout endpoints themselves. */
export const PUBLIC_API_PATHS = new Set(['/api/health', '/api/login', '/api/logout']);

type AccessEpochStore = Pick<SessionUsersSource, 'accessEpoch' | 'bumpAccessEpoch'>;

export interface AuthOptions {
  token: string;
  /** Where the logout epoch is kept (the data store, so a logout survives restarts). */
  epochs: AccessEpochStore;
  throttle?: Partial<ThrottleOptions>;
  cookieSecure?: CookieSecure;
  now?: () => number;
}

/** A valid login cookie's times, in seconds since 1970. */
interface LoginCookie {
  issued: number;
  expires: number;
}

/**
 * The admin token and what it unlocks. The login cookie never holds the token: it holds the
 * access epoch it was issued in, its sign-in and expiry times, and an HMAC of those keyed by the
 * token. So it cannot be forged without the token, stops working when the token changes, and
 * stops working for good when a logout moves the epoch on (kept in the store: restarts keep it).
 */
export class Auth {
  readonly throttle: FailureThrottle;
  readonly cookieSecure: CookieSecure;
  readonly #token: string;
  readonly #tokenDigest: Buffer;
  readonly #now: () => number;
  readonly #epochs: AccessEpochStore;
  #epoch: { value: number; readAt: number } | undefined;

  constructor(options: AuthOptions) {
    this.#token = options.token;
    this.#tokenDigest = sha256(options.token);
    this.#now = options.now ?? Date.now;
    this.#epochs = options.epochs;
    this.cookieSecure = options.cookieSecure ?? 'auto';
    this.throttle = new FailureThrottle(options.throttle, this.#now);
  }

  /** Constant-time: both sides are hashed to equal-length digests before comparing. */
  tokenMatches(candidate: string): boolean {
    return timingSafeEqual(sha256(candidate), this.#tokenDigest);
  }

  /** Checks a presented token, counting failures per client; a client over budget is refused unchecked. */
  checkToken(client: string, candidate: string): ThrottledCheck {
    return this.throttle.attempt(client, () => this.tokenMatches(candidate));
  }

  /** A new cookie value for a sign-in at `issued` (kept across renewals), and its Max-Age. */
  async loginCookie(issued = this.#seconds()): Promise<{ value: string; maxAge: number }> {
    const now = this.#seconds();
    const expires = Math.min(now + LOGIN_IDLE_SECONDS, issued + LOGIN_MAX_SECONDS);
    const epoch = await this.#currentEpoch();
    return { value: `${epoch}.${issued}.${expires}.${this.#mac(epoch, issued, expires)}`, maxAge: expires - now };
  }

  /** The cookie's times when it is genuine, unexpired and from the current epoch; otherwise undefined. */
  async readLoginCookie(value: string): Promise<LoginCookie | undefined> {
    const match = /^(\d{1,15})\.(\d{1,12})\.(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(value);
    if (!match) return undefined;
    const [epoch, issued, expires] = [Number(match[1]), Number(match[2]), Number(match[3])];
    const now = this.#seconds();
    if (expires <= now || issued + LOGIN_MAX_SECONDS <= now) return undefined;
    if (!timingSafeEqual(Buffer.from(match[4] ?? ''), Buffer.from(this.#mac(epoch, issued, expires)))) return undefined;
    if (epoch !== (await this.#currentEpoch())) return undefined;
    return { issued, expires };
  }

  /** Past half its idle life, a cookie in use is renewed (up to its sign-in's maximum age). */
  shouldRenew(cookie: LoginCookie): boolean {
    const now = this.#seconds();
    return cookie.expires - now < LOGIN_IDLE_SECONDS / 2 && cookie.expires < cookie.issued + LOGIN_MAX_SECONDS;
  }

  /** Logout: moves the access epoch on, so every login cookie issued so far answers 401 from now on. */
  async endAllLogins(): Promise<void> {
    this.#epoch = { value: await this.#epochs.bumpAccessEpoch(), readAt: this.#now() };
  }

  async #currentEpoch(): Promise<number> {
    const now = this.#now();
    if (this.#epoch === undefined || now - this.#epoch.readAt >= EPOCH_TTL_MS) {
      this.#epoch = { value: await this.#epochs.accessEpoch(), readAt: now };
    }
    return this.#epoch.value;
  }

  #seconds(): number {
    return Math.floor(this.#now() / 1000);
  }

  #mac(epoch: number, issued: number, expires: number): string {
    return createHmac('sha256', this.#token)
      .update(`${LOGIN_COOKIE}.v2.${epoch}.${issued}.${expires}`)
      .digest('base64url');
  }
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/**
 * The client's socket address (not X-Forwarded-For, which anyone can set). Behind a reverse
 * proxy every client shares the proxy's address, so the limit then applies to all together.
 */
export function clientKey(c: Context): string {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? 'unknown';
}

function cameOverHttps(c: Context): boolean {
  if (new URL(c.req.url).protocol === 'https:') return true;
  const forwarded = c.req.header('x-forwarded-proto');
  return forwarded?.split(',')[0]?.trim().toLowerCase() === 'https';
}

function cookieOptions(c: Context, auth: Auth): CookieOptions {
  const secure = auth.cookieSecure === 'always' || cameOverHttps(c);
  return { httpOnly: true, sameSite: 'Strict', path: '/', secure };
}

/** Sets a login cookie for a sign-in now, or renews one signed in at `issued`. */
export async function setLoginCookie(c: Context, auth: Auth, issued?: number): Promise<void> {
  const { value, maxAge } = await auth.loginCookie(issued);
  setCookie(c, LOGIN_COOKIE, value, { ...cookieOptions(c, auth), maxAge });
}

export function clearLoginCookie(c: Context, auth: Auth): void {
  deleteCookie(c, LOGIN_COOKIE, cookieOptions(c, auth));
}

export function unauthorized(c: Context, message: string): Response {
  c.header('WWW-Authenticate', 'Bearer realm="dashboard"');
  return errorResponse(c, 401, 'UNAUTHORIZED', message);
}

/** 429 for a client that must wait before its next token is checked. */
function tooManyAttempts(c: Context, retryAfterMs: number): Response {
  const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
  c.header('Retry-After', String(seconds));
  return errorResponse(
    c,
    429,
    'TOO_MANY_REQUESTS',
    `Too many wrong tokens from this address. Try again in ${seconds} second${seconds === 1 ? '' : 's'}.`,
  );
}

/** The answer to a refused token check: 429 when the client must wait, 401 when the token is wrong. */
export function refusedToken(c: Context, check: Extract<ThrottledCheck, { ok: false }>): Response {
  return check.retryAfterMs === undefined
    ? unauthorized(c, WRONG_TOKEN_MESSAGE)
    : tooManyAttempts(c, check.retryAfterMs);
}

export const BEARER = /^Bearer +(\S+) *$/i;

/**
 * A request is let in by a bearer token or by a valid login cookie. When an Authorization header
 * is sent it alone decides, so a script with a wrong token is told so even if a cookie is present.
 */
export function requireAuth(auth: Auth): MiddlewareHandler {
  return async (c, next) => {
    if (PUBLIC_API_PATHS.has(c.req.path)) return next();
    const header = c.req.header('authorization');
    if (header !== undefined) {
      const token = BEARER.exec(header)?.[1];
      if (token === undefined) return unauthorized(c, 'The Authorization header must be "Bearer <token>".');
      const check = auth.checkToken(clientKey(c), token);
      if (!check.ok) return refusedToken(c, check);
      return next();
    }
    const cookie = getCookie(c, LOGIN_COOKIE);
    if (cookie === undefined) return unauthorized(c, MISSING_CREDENTIALS_MESSAGE);
    const login = await auth.readLoginCookie(cookie);
    if (login === undefined) return unauthorized(c, ENDED_MESSAGE);
    await next();
    if (auth.shouldRenew(login)) await setLoginCookie(c, auth, login.issued);
  };
}

/**
 * `GET /any/page?token=...`: a right token sets the login cookie and redirects to the same
 * address without `token` (so it leaves the address bar and the history); a wrong one redirects
 * to the login page with an error, keeping that address (without the token) as `next`.
 */
export function pageTokenLogin(auth: Auth): MiddlewareHandler {
  return async (c, next) => {
    const url = new URL(c.req.url);
    if (!url.searchParams.has('token')) return next();
    const tokens = url.searchParams.getAll('token');
    const target = addressWithoutToken(url);
    c.header('Cache-Control', 'no-store');
    const [token] = tokens;
    const check: ThrottledCheck =
      tokens.length === 1 && token !== undefined ? auth.checkToken(clientKey(c), token) : { ok: false };
    if (check.ok) {
      await setLoginCookie(c, auth);
      return c.redirect(target, 302);
    }
    const after = url.pathname === '/login' ? '/' : target;
    const error = check.retryAfterMs === undefined ? 'invalid_token' : 'too_many_attempts';
    return c.redirect(`/login?error=${error}&next=${encodeURIComponent(after)}`, 302);
  };
}

/** The request's path and query minus every `token` parameter, kept byte for byte otherwise. */
export function addressWithoutToken(url: URL): string {
  // `//evil.example` would be a protocol-relative redirect to another site: keep one slash.
  const path = url.pathname.replace(/^\/{2,}/, '/');
  const kept = url.search
    .slice(1)
    .split('&')
    .filter((pair) => pair !== '' && decodeQueryName(pair.split('=')[0] ?? '') !== 'token');
  return kept.length > 0 ? `${path}?${kept.join('&')}` : path;
}

function decodeQueryName(name: string): string {
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return name;
  }
}
