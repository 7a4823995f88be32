import { matchPath } from 'react-router-dom';
import type { PathParam } from 'react-router-dom';

/**
 * Every address the app builds, in one table: each web page's pattern (what the router matches)
 * beside its href builder (what links and redirects use), and below them the API's paths. Every
 * path segment is percent-encoded here, so `/`, `+`, `%`, quotes and non-Latin letters in an
 * identifier survive the round trip; `matchRoute` reads them back, decoding exactly once.
 * docs/architecture.md lists the pages and what each address keeps.
 */

/** Percent-encodes one path segment (so `/` and `+` in identifiers survive the round trip). */
const segment = (value: string) => encodeURIComponent(value);

/** `?a=1&b=2` from the given values, leaving out undefined and empty ones; '' when none is left. */
export function queryString(params: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export interface SessionRef {
  product: string;
  session: string;
}

export interface UserRef extends SessionRef {
  identifier: string;
  /** Absent: the environment the user was most recently seen in. */
  env?: string;
}

/** The fields of an API user record (ISessionUser) that say where its page is. */
interface UserRecord {
  product_tag: string;
  session_tag: string;
  identifier: string;
  env: string;
}

const sessionBase = ({ product, session }: SessionRef) => `/products/${segment(product)}/sessions/${segment(session)}`;
const userDetailsHref = ({ identifier, env, ...ref }: UserRef) =>
  `${sessionBase(ref)}/users/${segment(identifier)}${queryString({ env })}`;

export const routes = {
  login: {
    pattern: '/login',
    /** `next`: where to go after logging in; `reason`: why the person was sent here. */
    href: (search: { next?: string; reason?: 'expired' } = {}) => `/login${queryString(search)}`,
  },
  home: {
    pattern: '/',
    href: () => '/',
  },
  /** Any page of one product's session: the header reads the product and session from it. */
  sessionPages: {
    pattern: '/products/:product/sessions/:session/*',
  },
  users: {
    pattern: '/products/:product/sessions/:session/users',
    /** `search`: the list's own search string (`?env=…&page=…`), already canonical. */
    href: (ref: SessionRef, search = '') => `${sessionBase(ref)}/users${search}`,
  },
  userDetails: {
    pattern: '/products/:product/sessions/:session/users/:identifier',
    href: userDetailsHref,
    /** The page of a user record as the API sends it, in the record's environment. */
    hrefOf: (user: UserRecord) =>
      userDetailsHref({
        product: user.product_tag,
        session: user.session_tag,
        identifier: user.identifier,
        env: user.env,
      }),
  },
  overview: {
    pattern: '/products/:product/sessions/:session/overview',
    /** `search`: the overview's own search string (`?env=…&days=…`), already canonical. */
    href: (ref: SessionRef, search = '') => `${sessionBase(ref)}/overview${search}`,
  },
  userById: {
    pattern: '/users/:ductapeUserId',
    href: (ductapeUserId: string) => `/users/${segment(ductapeUserId)}`,
  },
} as const;

export type RouteParams<Pattern extends string> = Record<PathParam<Pattern>, string>;

/**
 * The params of `pattern` in `pathname`, the address as the browser holds it (still
 * percent-encoded), each decoded exactly once; undefined when it does not match or is broken
 * percent-encoding. React Router's own `useParams()` decodes twice, which turns an identifier
 * that holds a literal "%2F" into "/" (remix-run/react-router#11293); matching the raw path
 * does not.
 */
export function matchRoute<Pattern extends string>(
  pattern: Pattern,
  pathname: string,
): RouteParams<Pattern> | undefined {
  const match = matchPath(pattern, pathname);
  if (!match) return undefined;
  try {
    const params: Partial<Record<string, string>> = match.params;
    const entries = Object.entries(params).map(([name, value]) => [name, decodeURIComponent(value ?? '')]);
    return Object.fromEntries(entries) as RouteParams<Pattern>;
  } catch {
    return undefined;
  }
}

/** The API's paths; the server's routes (server/routes/) serve these. */
export const apiPaths = {
  catalog: () => '/api/catalog',
  users: ({
    env,
    page,
    limit,
    q,
    sort,
    ...ref
  }: SessionRef & { env?: string; page: number; limit: number; q?: string; sort?: string }) =>
    `/api${sessionBase(ref)}/users${queryString({ env, page, limit, q, sort })}`,
  overview: ({ env, days, ...ref }: SessionRef & { env?: string; days: number }) =>
    `/api${sessionBase(ref)}/overview${queryString({ env, days })}`,
  /** With `sessions_limit`, one page of the history (`sessions_cursor`: the page after the one that gave it). */
  userDetails: ({
    identifier,
    env,
    sessions_limit,
    sessions_cursor,
    ...ref
  }: UserRef & { sessions_limit?: number; sessions_cursor?: string }) =>
    `/api${sessionBase(ref)}/users/${segment(identifier)}${queryString({ env, sessions_limit, sessions_cursor })}`,
  userById: (ductapeUserId: string) => `/api/users/${segment(ductapeUserId)}`,
  login: () => '/api/login',
  logout: () => '/api/logout',
} as const;
