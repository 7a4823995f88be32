import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyBytes, replaceResponse, responseWithBytes } from './content-encoding.ts';
import type { SessionUsersSource } from './store/source.ts';

/**
 * Answers kept by clients are revalidated on every use (`no-cache`), never shared with other
 * users' caches (`private`): they hold user data and need a token.
 */
const REVALIDATE_PRIVATE = 'private, no-cache';

/**
 * A weak validator of an answer's bytes (uncompressed): the same bytes give the same tag whoever
 * asks and however they signed in, and it stays valid across restarts. Weak, because the bytes
 * on the wire differ by content coding while the answer is the same.
 */
export function etagOf(body: Uint8Array): string {
  return `W/"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;
}

/** `If-None-Match` against our tag, with the weak comparison RFC 9110 §13.1.2 asks for. */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const opaque = etag.replace(/^W\//, '');
  return header.split(',').some((candidate) => {
    const tag = candidate.trim();
    return tag === '*' || tag.replace(/^W\//, '') === opaque;
  });
}

function notModified(etag: string, cacheControl: string): Response {
  return new Response(null, { status: 304, headers: { ETag: etag, 'Cache-Control': cacheControl } });
}

/** How long a route says its answer holds; read by `conditionalGet` (keyed by the request). */
const answerLifetimes = new WeakMap<Request, number>();

/**
 * Called by a route handler: its answer stays the same until the store's data version changes,
 * or until `until` (epoch ms) when the answer also depends on the clock (for example a session's
 * `active` flag turns false at its `end_at`). Until then a repeated conditional request is
 * answered 304 before the handler runs, so it costs no query. Routes that do not call it are
 * still compared by their bytes, after the handler ran.
 */
export function answerHoldsUntilDataChanges(c: Context, until = Number.POSITIVE_INFINITY): void {
  answerLifetimes.set(c.req.raw, until);
}

interface ConditionalGetOptions {
  /** The store: its `dataVersion()` changes whenever any data changes. */
  source: SessionUsersSource;
  now?: () => number;
  /** Request addresses whose tag is remembered per data version. */
  remembered?: number;
  /** Memory for the answers themselves (uncompressed bytes), kept with their tags; 0 keeps none. */
  keptBytes?: number;
}

interface KnownAnswer {
  version: string;
  etag: string;
  until: number;
  /** The answer's bytes and headers, when kept: a repeated request is answered without the route. */
  kept?: { body: Uint8Array<ArrayBuffer>; headers: [string, string][] };
}

/** Up to 32 MB of answers by default: 20 histories of 10,000 sessions, or about a thousand pages of 100 users. */
export const KEPT_ANSWER_BYTES = 32 * 1024 * 1024;

/**
 * Tags (and bodies) per request address, for one data version at a time: a new version empties it,
 * since nothing remembered under another version is ever used again. Least recently used goes first
 * when over `capacity` entries or `maxBytes` of kept bodies.
 */
class KnownAnswers {
  readonly #entries = new Map<string, KnownAnswer>();
  #version: string | undefined;
  #bytes = 0;

  constructor(
    readonly capacity: number,
    readonly maxBytes: number,
  ) {}

  get(key: string, version: string): KnownAnswer | undefined {
    const answer = this.#entries.get(key);
    if (answer?.version !== version) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, answer);
    return answer;
  }

  set(key: string, answer: KnownAnswer): void {
    if (answer.version !== this.#version) {
      this.#entries.clear();
      this.#bytes = 0;
      this.#version = answer.version;
    }
    this.#drop(key);
    if (answer.kept !== undefined && answer.kept.body.length > this.maxBytes / 8) delete answer.kept;
    this.#entries.set(key, answer);
    this.#bytes += answer.kept?.body.length ?? 0;
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.capacity && this.#bytes <= this.maxBytes) break;
      this.#drop(oldest);
    }
  }

  #drop(key: string): void {
    const old = this.#entries.get(key);
    if (old === undefined) return;
    this.#bytes -= old.kept?.body.length ?? 0;
    this.#entries.delete(key);
  }
}

/**
 * ETag and If-None-Match for the API's JSON GETs (200 answers only; errors are never cached).
 *
 * The tag is a hash of the answer's bytes. Per request address (path and query) it is remembered
 * with the store's data version it was read at and the route's lifetime (see
 * `answerHoldsUntilDataChanges`): a request that brings that tag back while the version is the
 * same is answered 304 at once, without running the route. Otherwise the route runs and its
 * bytes are compared, so a 304 is still possible after a restart or after an unrelated write,
 * and a store without `dataVersion` still gets correct (if not free) 304s.
 *
 * From the second time an address is asked for at one data version, its answer's bytes are
 * remembered too (within `keptBytes`): the same request again while the version and lifetime hold
 * is answered from memory, without the route, the query, the JSON text or the hash; the
 * compressed copies are kept by tag (compress-answers.ts). Under load the first pages, the
 * catalog and long histories are asked for over and over; a 10,000-session history costs tens of
 * milliseconds of one event loop to build. Addresses asked for once (a random deep page) are not
 * kept, so they do not push the others out.
 */
export function conditionalGet(options: ConditionalGetOptions): MiddlewareHandler {
  const now = options.now ?? Date.now;
  const known = new KnownAnswers(options.remembered ?? 4096, options.keptBytes ?? KEPT_ANSWER_BYTES);
  // `dataVersion` is optional here until every store has it (the agreed SessionUsersSource adds it).
  const source = options.source as SessionUsersSource & { dataVersion?: () => Promise<string> };

  const readVersion = async (): Promise<string | undefined> => {
    if (source.dataVersion === undefined) return undefined;
    try {
      return await source.dataVersion();
    } catch {
      // Without a version nothing is skipped: the route runs and reports the store's state itself.
      return undefined;
    }
  };

  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return next();
    const url = c.req.url;
    const key = url.slice(url.indexOf('/', url.indexOf('//') + 2));
    const ifNoneMatch = c.req.header('If-None-Match');
    // Read before the route runs: a write during the query can only make the remembered tag
    // belong to an older version than it is, which is never asked for again.
    const version = await readVersion();
    const remembered = version === undefined ? undefined : known.get(key, version);
    if (remembered !== undefined && now() < remembered.until) {
      if (ifNoneMatchHits(ifNoneMatch, remembered.etag)) return notModified(remembered.etag, REVALIDATE_PRIVATE);
      if (remembered.kept !== undefined) {
        return responseWithBytes(remembered.kept.body, { status: 200, headers: remembered.kept.headers });
      }
    }

    await next();
    const response = c.res;
    if (response.status !== 200 || !/^application\/(.+\+)?json\b/i.test(response.headers.get('Content-Type') ?? '')) {
      return;
    }
    const body = await bodyBytes(response);
    const etag = etagOf(body);
    const headers = new Headers(response.headers);
    headers.delete('Content-Length');
    headers.set('ETag', etag);
    headers.set('Cache-Control', REVALIDATE_PRIVATE);
    const until = answerLifetimes.get(c.req.raw);
    if (version !== undefined && until !== undefined && now() < until) {
      // Asked for before at this version (the tag was remembered): worth keeping the bytes.
      const kept = remembered === undefined ? undefined : { body, headers: [...headers] };
      known.set(key, { version, etag, until, kept });
    }
    if (ifNoneMatchHits(ifNoneMatch, etag)) {
      replaceResponse(c, notModified(etag, REVALIDATE_PRIVATE));
      return;
    }
    replaceResponse(c, responseWithBytes(body, { status: 200, headers }));
  };
}
