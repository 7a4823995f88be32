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

/** Sends a request to our API; any answer that is not a success becomes an ApiError. */
async function send(path: string, init: RequestInit, signal?: AbortSignal): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(path, { ...init, signal, credentials: 'same-origin' });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError(0, 'NETWORK_ERROR', NETWORK_ERROR);
  }
  if (response.ok) return response;
  if (response.status === 401) window.dispatchEvent(new Event(UNAUTHORIZED_EVENT));
  const parsed = errorBodyCheck.safeParse(await response.json().catch(() => undefined));
  if (parsed.success) throw new ApiError(response.status, parsed.data.error.code, parsed.data.error.message);
  throw new ApiError(response.status, 'HTTP_ERROR', `The server answered ${response.status} ${response.statusText}.`);
}

/** GET a JSON resource from our API and check it against the contract (contract/response-checks.ts). */
export async function getJson<T>(path: string, check: Check<T>, signal?: AbortSignal): Promise<T> {
  const response = await send(path, { headers: { Accept: 'application/json' } }, signal);
  const parsed = check.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) {
    throw new ApiError(
      response.status,
      'UNEXPECTED_RESPONSE',
      `The server's answer did not match what this dashboard expects (${parsed.error.issues[0]?.path.join('.') || 'body'}). The server and dashboard may be out of step; reload the page.`,
    );
  }
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
