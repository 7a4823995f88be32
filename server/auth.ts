import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { CookieOptions } from 'hono/utils/cookie';
import { FailureThrottle, type ThrottleOptions } from './failure-throttle.ts';
import { errorResponse } from './http-errors.ts';

export const LOGIN_COOKIE = 'dashboard_session';
export const LOGIN_TTL_SECONDS = 7 * 24 * 60 * 60;
export const WRONG_TOKEN_MESSAGE = 'That token is not valid.';
const MISSING_CREDENTIALS_MESSAGE =
  'Sign in first: send "Authorization: Bearer <token>" or open the dashboard with ?token=<token>.';

/** API paths anyone may call: the health check and the login/logout endpoints themselves. */
const PUBLIC_API_PATHS = new Set(['/api/health', '/api/login', '/api/logout']);

export interface AuthOptions {
  token: string;
  throttle?: Partial<ThrottleOptions>;
  now?: () => number;
}

/**
 * The admin token and what it unlocks. The session cookie never holds the token: it holds an
 * expiry and an HMAC of that expiry keyed by the token, so it is stateless (survives restarts),
 * cannot be forged without the token, and stops working when the token changes.
 */
export class Auth {
  readonly throttle: FailureThrottle;
  readonly #token: string;
  readonly #tokenDigest: Buffer;
  readonly #now: () => number;

  constructor(options: AuthOptions) {
    this.#token = options.token;
    this.#tokenDigest = sha256(options.token);
    this.#now = options.now ?? Date.now;
    this.throttle = new FailureThrottle(options.throttle, this.#now);
  }

  /** Constant-time: both sides are hashed to equal-length digests before comparing. */
  tokenMatches(candidate: string): boolean {
    return timingSafeEqual(sha256(candidate), this.#tokenDigest);
  }

  /** Checks a presented token, counting failures per client and slowing repeated ones. */
  checkToken(client: string, candidate: string): Promise<boolean> {
    return this.throttle.attempt(client, () => this.tokenMatches(candidate));
  }

  loginCookieValue(): string {
    const expires = Math.floor(this.#now() / 1000) + LOGIN_TTL_SECONDS;
    return `${expires}.${this.#mac(expires)}`;
  }

  loginCookieValid(value: string): boolean {
    const match = /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(value);
    if (!match) return false;
    const expires = Number(match[1]);
    if (expires * 1000 <= this.#now()) return false;
    return timingSafeEqual(Buffer.from(match[2] ?? ''), Buffer.from(this.#mac(expires)));
  }

  #mac(expires: number): string {
    return createHmac('sha256', this.#token).update(`${LOGIN_COOKIE}.v1.${expires}`).digest('base64url');
  }
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/**
 * The client's socket address (not X-Forwarded-For, which anyone can set). Behind a reverse
 * proxy every client shares the proxy's address, so the slow-down then applies to all together.
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

function cookieOptions(c: Context): CookieOptions {
  return { httpOnly: true, sameSite: 'Strict', path: '/', secure: cameOverHttps(c) };
}

export function setLoginCookie(c: Context, auth: Auth): void {
  setCookie(c, LOGIN_COOKIE, auth.loginCookieValue(), { ...cookieOptions(c), maxAge: LOGIN_TTL_SECONDS });
}

export function clearLoginCookie(c: Context): void {
  deleteCookie(c, LOGIN_COOKIE, cookieOptions(c));
}

export function unauthorized(c: Context, message: string): Response {
  c.header('WWW-Authenticate', 'Bearer realm="dashboard"');
  return errorResponse(c, 401, 'UNAUTHORIZED', message);
}

const BEARER = /^Bearer +(\S+) *$/i;

/**
 * A request is let in by a bearer token or by a valid session cookie. When an Authorization header
 * is sent it alone decides, so a script with a wrong token is told so even if a cookie is present.
 */
export function requireAuth(auth: Auth): MiddlewareHandler {
  return async (c, next) => {
    if (PUBLIC_API_PATHS.has(c.req.path)) return next();
    const header = c.req.header('authorization');
    if (header !== undefined) {
      const token = BEARER.exec(header)?.[1];
      if (token === undefined) return unauthorized(c, 'The Authorization header must be "Bearer <token>".');
      if (!(await auth.checkToken(clientKey(c), token))) return unauthorized(c, WRONG_TOKEN_MESSAGE);
      return next();
    }
    const cookie = getCookie(c, LOGIN_COOKIE);
    if (cookie !== undefined && auth.loginCookieValid(cookie)) return next();
    return unauthorized(
      c,
      cookie === undefined ? MISSING_CREDENTIALS_MESSAGE : 'Your session has ended. Sign in again.',
    );
  };
}

/**
 * `GET /any/page?token=...`: a right token sets the session cookie and redirects to the same
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
    if (tokens.length === 1 && token !== undefined && (await auth.checkToken(clientKey(c), token))) {
      setLoginCookie(c, auth);
      return c.redirect(target, 302);
    }
    const after = url.pathname === '/login' ? '/' : target;
    return c.redirect(`/login?error=invalid_token&next=${encodeURIComponent(after)}`, 302);
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
