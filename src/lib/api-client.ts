import type { Check } from '../contract/json-check.ts';
import { errorBodyCheck } from '../contract/response-checks.ts';

/** An API answer that was not the expected success: carries the contract's error code and message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Client errors will not change on retry; network failures (status 0) and 5xx may. */
  get isRetryable(): boolean {
    return this.status === 0 || this.status === 408 || this.status === 429 || this.status >= 500;
  }
}

export const UNAUTHORIZED_EVENT = 'dashboard:unauthorized';

const NETWORK_ERROR = 'Could not reach the server. Check your connection and try again.';

/** A 401 that no listener took: an early request (main.tsx) can answer before the app listens. */
let unheardUnauthorized = false;

/** Whether a 401 arrived with no one listening, and forgets it: the listener asks once it is set up. */
export function takeUnheardUnauthorized(): boolean {
  const was = unheardUnauthorized;
  unheardUnauthorized = false;
  return was;
}

/** Sends a request to our API; any answer that is not a success (or a 304 when asked for) becomes an ApiError. */
async function send(path: string, init: RequestInit, signal?: AbortSignal): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, { ...init, signal, credentials: 'same-origin' });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(0, 'NETWORK_ERROR', NETWORK_ERROR);
  }
  if (response.ok || response.status === 304) return response;
  // The listener marks the event handled (preventDefault); unhandled, it waits for one.
  if (response.status === 401 && window.dispatchEvent(new Event(UNAUTHORIZED_EVENT, { cancelable: true }))) {
    unheardUnauthorized = true;
  }
  const parsed = errorBodyCheck.safeParse(await response.json().catch(() => undefined));
  if (parsed.success) throw new ApiError(response.status, parsed.data.error.code, parsed.data.error.message);
  throw new ApiError(response.status, 'HTTP_ERROR', `The server answered ${response.status} ${response.statusText}.`);
}

/** An answer we hold, with the server's tag for it. Weakly held: the query cache decides how long it lives. */
interface Validated {
  etag: string;
  value: WeakRef<object>;
}

const MAX_VALIDATORS = 200;
const validators = new Map<string, Validated>();

function remember(path: string, etag: string | null, value: unknown): void {
  validators.delete(path);
  if (etag === null || typeof value !== 'object' || value === null) return;
  validators.set(path, { etag, value: new WeakRef(value) });
  if (validators.size > MAX_VALIDATORS) validators.delete(validators.keys().next().value as string);
}

/** Answers asked for before the code that reads them was here (main.tsx): getJson takes each one once. */
const early = new Map<string, Promise<Response>>();

/** Sends a GET of our API now, for the getJson of the same path that the page's code will make. */
export function getEarly(path: string): void {
  const answer = send(path, { headers: { Accept: 'application/json' }, cache: 'no-store' });
  answer.catch(() => undefined); // a failure is the reader's to report
  early.set(path, answer);
}

/**
 * GET a JSON resource from our API and check it against the contract (contract/response-checks.ts).
 *
 * Conditional: a path asked for before is asked again with `If-None-Match`, and a `304` resolves
 * with the very object the last answer gave, unparsed and unchecked, so a page that keeps itself
 * current pays a few hundred bytes and no work (React Query sees the same data: nothing re-renders).
 * We keep the tags ourselves rather than leave them to the browser's HTTP cache, which would turn
 * the 304 into a full 200 for us to parse, check and compare again (and keep a second copy).
 */
export async function getJson<T>(path: string, check: Check<T>, signal?: AbortSignal): Promise<T> {
  const known = validators.get(path);
  const held = known?.value.deref();
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (known && held) headers['If-None-Match'] = known.etag;
  const sent = early.get(path);
  early.delete(path);
  const response = await (sent ?? send(path, { headers, cache: 'no-store' }, signal));
  if (response.status === 304 && held) return held as T;
  const parsed = check.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) {
    throw new ApiError(
      response.status,
      'UNEXPECTED_RESPONSE',
      `The server's answer did not match what this dashboard expects (${parsed.error.issues[0]?.path.join('.') || 'body'}). The server and dashboard may be out of step; reload the page.`,
    );
  }
  remember(path, response.headers.get('ETag'), parsed.data);
  return parsed.data;
}

/** POST a JSON body to our API, for an action whose success has no body (204). */
export async function postJson(path: string, body: unknown): Promise<void> {
  await send(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body),
  });
}
