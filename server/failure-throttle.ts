export interface ThrottleOptions {
  /** Wrong tokens allowed before a client has to wait between attempts. */
  threshold: number;
  /** The wait after the `threshold`-th failure; doubles with each further failure. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A client's failures are forgotten this long after its last one. */
  windowMs: number;
  /** Upper bound on remembered clients, so a flood of addresses cannot grow memory without end. */
  maxClients: number;
}

export const DEFAULT_THROTTLE: ThrottleOptions = {
  threshold: 5,
  baseDelayMs: 250,
  maxDelayMs: 30_000,
  windowMs: 15 * 60_000,
  maxClients: 10_000,
};

/** The outcome of one token check: in, wrong, or refused unchecked until `retryAfterMs` has passed. */
export type ThrottledCheck = { ok: true } | { ok: false; retryAfterMs?: number };

interface ClientState {
  failures: number;
  lastFailureAt: number;
  /** Attempts before this time are refused without checking the token. */
  blockedUntil: number;
}

/**
 * Limits token guessing per client, answering at once. After `threshold` failures a client must
 * wait (250 ms, doubling up to 30 s by default) before its next attempt is checked; attempts
 * during the wait are refused at once (HTTP 429 with Retry-After) and nothing queues, so a right
 * token never waits behind them. Tokens are at least 16 characters (and the generated one is long
 * and random), so the throttle slows guessing down rather than being the only thing that stops it.
 */
export class FailureThrottle {
  readonly options: ThrottleOptions;
  readonly #clients = new Map<string, ClientState>();
  readonly #now: () => number;

  constructor(options: Partial<ThrottleOptions> = {}, now: () => number = Date.now) {
    this.options = { ...DEFAULT_THROTTLE, ...options };
    this.#now = now;
  }

  /** Runs `check` for `client` unless the client must still wait; counts failures, forgets them on success. */
  attempt(client: string, check: () => boolean): ThrottledCheck {
    const state = this.#current(client);
    const now = this.#now();
    // The right token always gets in, even from an address that is over budget (the admin may
    // share it with whoever is guessing). Wrong tokens during the wait are answered 429 at once
    // and do not count again, so concurrent guesses neither queue nor lengthen the wait.
    if (check()) {
      this.#clients.delete(client);
      return { ok: true };
    }
    if (state && now < state.blockedUntil) return { ok: false, retryAfterMs: state.blockedUntil - now };
    this.#recordFailure(client, state, now);
    return { ok: false };
  }

  /** The wait after `failures` failures (0 below the threshold). */
  delayFor(failures: number): number {
    const over = failures - this.options.threshold;
    if (over < 0) return 0;
    return Math.min(this.options.maxDelayMs, this.options.baseDelayMs * 2 ** over);
  }

  failuresOf(client: string): number {
    return this.#current(client)?.failures ?? 0;
  }

  #current(client: string): ClientState | undefined {
    const state = this.#clients.get(client);
    if (state && this.#now() - state.lastFailureAt > this.options.windowMs) {
      this.#clients.delete(client);
      return undefined;
    }
    return state;
  }

  #recordFailure(client: string, existing: ClientState | undefined, now: number): void {
    const state = existing ?? { failures: 0, lastFailureAt: 0, blockedUntil: 0 };
    state.failures += 1;
    state.lastFailureAt = now;
    state.blockedUntil = now + this.delayFor(state.failures);
    // Re-insert so the map stays ordered by last failure; the oldest entry is dropped when full.
    this.#clients.delete(client);
    this.#clients.set(client, state);
    if (this.#clients.size > this.options.maxClients) {
      const oldest = this.#clients.keys().next().value;
      if (oldest !== undefined) this.#clients.delete(oldest);
    }
  }
}
