import type { Sql, TransactionSql } from 'postgres';

/**
 * How a search (`q`) is answered on PostgreSQL, chosen per request as SQLite chooses (server/
 * store/sqlite/search-candidates.ts):
 * - `trigrams`: a selective term. The trigram index (migration 2) gives its candidates and the
 *   table checks each one: milliseconds for a few thousand candidates, but about a microsecond a
 *   candidate, so hundreds of thousands of them take a second.
 * - `scan`: a broad term, or one of fewer than 3 letters or digits in a row (no trigram to look
 *   up). The count reads `search_identifiers` (migration 6: session, environment and the lowered
 *   identifier, nothing else; a sequential scan when the session holds most of the table, one index
 *   range per environment otherwise), and the page walks the order's index, which carries the
 *   identifier (migration 5): a steady ~0.1–0.2 µs an identifier, whatever the number of matches.
 *
 * A term is broad when the planner expects more candidates than a third of the users searched
 * (its estimate of a LIKE comes from the column's statistics: close for broad terms, which is
 * where it matters). The planner is told to keep to index-only scans for the scan path, since it
 * cannot know that the table's rows are wide and that computing lower() per row costs more than
 * reading it from an index.
 */
type SearchPath = 'trigrams' | 'scan';

/**
 * A scan reads about three identifiers in the time the trigram path checks one candidate (1M users,
 * quiet machine: `.com`, 93,692 matches, 100 ms by trigrams and 377 ms by the scan; `example`,
 * 469,108 matches, 264 ms and 286 ms).
 */
const SCAN_TO_CANDIDATE_COST = 3;

export interface SearchScope {
  /** The environments searched: the one asked for, or every one the session has users in. */
  envs: string[];
  /** Users in those environments (the kept counts). */
  users: number;
}

export async function searchScope(sql: Sql, sessionRef: number, env: string | undefined): Promise<SearchScope> {
  const rows = await sql<{ env: string; users: number }[]>`
    SELECT env, users FROM user_counts WHERE session_ref = ${sessionRef} AND users > 0`;
  const inScope = env === undefined ? rows : rows.filter((row) => row.env === env);
  return { envs: inScope.map((row) => row.env), users: inScope.reduce((sum, row) => sum + row.users, 0) };
}

/** The planner's estimate of the trigram index's candidates for `pattern` (in every session); none without a trigram. */
export async function expectedCandidates(sql: Sql, loweredTerm: string, pattern: string): Promise<number | undefined> {
  // pg_trgm takes trigrams from runs of letters and digits; without one of 3 it would read its whole index.
  if (!/[a-z0-9]{3}/.test(loweredTerm)) return undefined;
  const [explained] = await sql<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }[]>`
    EXPLAIN (FORMAT JSON) SELECT 1 FROM session_users WHERE lower(identifier) LIKE ${pattern}`;
  return explained?.['QUERY PLAN'][0].Plan['Plan Rows'] ?? 0;
}

export function searchPath(candidates: number | undefined, usersSearched: number): SearchPath {
  return candidates === undefined || candidates * SCAN_TO_CANDIDATE_COST > usersSearched ? 'scan' : 'trigrams';
}

/**
 * For the rest of the transaction: the count runs in this backend alone. On 2 cores a parallel
 * count (2 workers and the leader) measured slower than one backend as soon as anything else ran
 * (1M users, `example`, load 4–7: 475–610 ms parallel, 145–220 ms alone), and no JIT compilation.
 */
export async function countOnOneCore(tx: TransactionSql): Promise<void> {
  await tx`SELECT set_config('max_parallel_workers_per_gather', '0', true), set_config('jit', 'off', true)`;
}

/** For the rest of the transaction: index-only reads for the scan path, and no JIT compilation (it costs more than these reads). */
export async function keepToIndexes(tx: TransactionSql): Promise<void> {
  await tx`SELECT set_config('enable_seqscan', 'off', true), set_config('enable_bitmapscan', 'off', true),
                  set_config('jit', 'off', true)`;
}
