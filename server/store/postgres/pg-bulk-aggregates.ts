import type { TransactionSql } from 'postgres';
import { createAggregateSums, createNewUserCounter, keyParts, type Sums } from '../aggregate-sums.ts';
import type { UserChange } from '../ingest-plan.ts';
import { copyLines, copyText } from './pg-bulk.ts';

/** Distinct keys held before they are sent to the server (bounds memory at any import size). */
const FLUSH_AT = 100_000;

/** The session aggregates summed here (user_counts and user_hours are kept by their statement triggers). */
const TABLES = {
  session_days: ['day', ['sessions_started', 'users_seen']],
  session_end_hours: ['hour', ['sessions']],
  session_ends: ['end_at', ['sessions']],
} as const;

/**
 * The overview's session aggregates of an import into empty tables, summed in JS while the rows
 * stream through COPY (by the rules of aggregate-sums.ts, as SQLite's bulk import does) instead
 * of joining every session to its user at the end. Sums are sent by COPY into temporary tables
 * whenever many are held, and added to the real tables once at `finish`, grouped again (a bucket
 * may have been sent more than once). Everything runs in the import's transaction on `conn`.
 */
export function createPgBulkAggregates(
  conn: TransactionSql,
  refOf: (product: string, session: string) => number,
  now: () => number,
) {
  const sums = createAggregateSums();
  const counter = createNewUserCounter(sums, refOf, now);
  let staged = false;

  const flush = async () => {
    if (!staged) {
      staged = true;
      // Temporary tables are written through this session's own buffers (8 MB by default).
      await conn`SET LOCAL temp_buffers = '128MB'`;
      for (const table of Object.keys(TABLES)) {
        await conn.unsafe(`CREATE TEMP TABLE ${table}_load (LIKE ${table}) ON COMMIT DROP`);
      }
    }
    for (const [table, [bucket, values]] of Object.entries(TABLES)) {
      const stream = await conn
        .unsafe(`COPY ${table}_load (session_ref, env, ${bucket}, ${values.join(', ')}) FROM STDIN`)
        .writable();
      const held = sums.tables[table as keyof typeof TABLES];
      await copyLines(stream, sumLines(held, table === 'session_ends' ? counter.keptEndsFrom : ''));
    }
    sums.clear();
  };

  return {
    /** Counts users just written (their scopes are registered); sends the sums when many are held. */
    async add(changes: readonly UserChange[]): Promise<void> {
      counter.add(changes);
      if (sums.held >= FLUSH_AT) await flush();
    },
    /** Fills the (empty) aggregate tables with every sum, in key order (each key's index grows at its end). */
    async finish(): Promise<void> {
      await flush();
      for (const [table, [bucket, values]] of Object.entries(TABLES)) {
        const keys = `session_ref, env, ${bucket}`;
        const kept = table === 'session_ends' ? `WHERE end_at >= '${counter.keptEndsFrom}'` : '';
        await conn.unsafe(`
          INSERT INTO ${table} (${keys}, ${values.join(', ')})
          SELECT ${keys}, ${values.map((v) => `sum(${v})`).join(', ')} FROM ${table}_load ${kept}
           GROUP BY ${keys} ORDER BY ${keys}`);
      }
    },
  };
}

/** Sums in COPY's text format, but buckets before `from` (ends no longer kept). */
function* sumLines(sums: Sums, from: string): Generator<string> {
  for (const [key, values] of sums) {
    const [ref, env, bucket] = keyParts(key);
    if (bucket! < from) continue;
    yield `${ref}\t${copyText(env!)}\t${bucket!}\t${values.join('\t')}\n`;
  }
}
