export interface ThrottleOptions {
  /** Failures allowed within the window before attempts are slowed. */
  threshold: number;
  /** Delay for the first slowed attempt; doubles with each further failure. */
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
  maxDelayMs: 5_000,
  windowMs: 15 * 60_000,
  maxClients: 10_000,
};

interface ClientState {
  failures: number;
  lastFailureAt: number;
  /** Slowed attempts wait here one after another. */
  queue: Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Slows down token guessing per client. Once a client has failed `threshold` times, each further
 * attempt waits (250 ms doubling up to 5 s by default) BEFORE the token is checked, and such
 * attempts are served one at a time. Delaying only the 401 would let a right guess answer fast
 * (a timing tell), and delaying in parallel would let many concurrent guesses through at once.
 */
export class FailureThrottle {
  readonly options: ThrottleOptions;
  readonly #clients = new Map<string, ClientState>();
  readonly #now: () => number;

  constructor(options: Partial<ThrottleOptions> = {}, now: () => number = Date.now) {
    this.options = { ...DEFAULT_THROTTLE, ...options };
    this.#now = now;
  }

  /** Runs `check` for `client`, waiting first if the client has failed too often lately. */
  async attempt(client: string, check: () => boolean): Promise<boolean> {
    const state = this.#current(client);
    if (state && state.failures >= this.options.threshold) {
      const delay = this.delayFor(state.failures);
      // Count the attempt now, so concurrent guesses queue behind ever longer delays.
      this.#recordFailure(client, state);
      const turn = state.queue.then(() => sleep(delay));
      state.queue = turn;
      await turn;
      const ok = check();
      if (ok) this.#clients.delete(client);
      return ok;
    }
    const ok = check();
    if (ok) this.#clients.delete(client);
    else this.#recordFailure(client, state);
    return ok;
  }

  /** Delay before the attempt that follows `failures` failures (0 below the threshold). */
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

  #recordFailure(client: string, existing: ClientState | undefined): void {
    const state = existing ?? { failures: 0, lastFailureAt: 0, queue: Promise.resolve() };
    state.failures += 1;
    state.lastFailureAt = this.#now();
    // Re-insert so the map stays ordered by last failure; the oldest entry is dropped when full.
    this.#clients.delete(client);
    this.#clients.set(client, state);
    if (this.#clients.size > this.options.maxClients) {
      const oldest = this.#clients.keys().next().value;
      if (oldest !== undefined) this.#clients.delete(oldest);
    }
  }
}
