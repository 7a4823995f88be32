import type { Sql } from 'postgres';

/** Ends deleted per call: each call is its own short transaction holding the writers' lock. */
const CHUNK = 1_000;
/** Forgetting starts once no write has come for this long, so it never delays a batch in a stream. */
const QUIET_MS = 1_000;

export interface EndsForgetter {
  /** A batch is being written: nothing is forgotten until it ends. */
  writing(): void;
  /** The batch ended (`wrote`: it changed the store): forget its forgettable ends once writes pause. */
  ended(wrote: boolean): void;
  /** Forgets every forgettable end now, chunk by chunk; answers how many. */
  forgetAll(): Promise<number>;
  stop(): void;
}

/**
 * Session ends more than 7 days before the sessions being written can no longer be in the future:
 * the overview never reads them, and they are deleted so session_ends stays about as large as the
 * sessions running. Migration 7 moved that delete out of the write (it touched one random page per
 * end): the insert trigger records how far back ends may go, and this deletes them after the write,
 * when writes pause for a second, a chunk per transaction. A failed chunk (the database busy or
 * down) is tried again after the next write.
 */
export function createEndsForgetter(sql: Sql): EndsForgetter {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<number> | undefined;
  let writes = 0;
  let inFlight = 0;
  let pending = false;
  let stopped = false;

  const chunk = async () => {
    const [row] = await sql<{ forgotten: number }[]>`SELECT forget_session_ends(${CHUNK}) AS forgotten`;
    return row?.forgotten ?? 0;
  };

  /** Chunks until none is left, or (in the background) until a write comes: then `pending` stays set. */
  const forget = async (untilWrite: boolean): Promise<number> => {
    const seen = writes;
    let total = 0;
    for (;;) {
      if (stopped || (untilWrite && (writes !== seen || inFlight > 0))) {
        pending = true;
        return total;
      }
      const forgotten = await chunk();
      total += forgotten;
      if (forgotten < CHUNK) return total;
    }
  };

  const run = (untilWrite: boolean): Promise<number> => {
    const next = (running ?? Promise.resolve(0)).catch(() => 0).then(() => forget(untilWrite));
    running = next;
    return next;
  };

  const arm = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      if (inFlight > 0) return; // its end arms the timer again
      pending = false;
      // A write while forgetting stops it (its end arms the timer again); a failure waits for the next write.
      run(true).catch(() => {
        pending = true;
      });
    }, QUIET_MS);
    timer.unref();
  };

  return {
    writing() {
      writes += 1;
      inFlight += 1;
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    },
    ended(wrote) {
      inFlight -= 1;
      pending ||= wrote;
      if (!stopped && pending && inFlight === 0) arm();
    },
    forgetAll: () => run(false),
    stop() {
      stopped = true;
      if (timer !== undefined) clearTimeout(timer);
    },
  };
}
