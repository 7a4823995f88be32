import { start } from '../server/main.ts';
import { BENCH_TOKEN } from './bench-config.ts';
import { ensureBenchStore } from './store-cache.ts';

/**
 * The benchmarks' server: the real one (server/main.ts's `start`, request log to stdout) on the
 * benchmark store, seeded first if missing. PORT picks the port; BENCH_PAGE_CACHE=off turns the
 * store's page cache off, to time the queries themselves over HTTP. BENCH_DATABASE_URL serves another
 * store instead (the ingest benchmark's copy); INGEST_TOKEN turns ingestion on.
 */
const databaseUrl =
  process.env.BENCH_DATABASE_URL ?? (await ensureBenchStore((line) => process.stderr.write(`${line}\n`))).databaseUrl;
const ingestToken = process.env.INGEST_TOKEN;
const running = await start(
  {
    host: '127.0.0.1',
    port: Number(process.env.PORT ?? 4392),
    databaseUrl,
    token: BENCH_TOKEN,
    tokenGenerated: false,
    ...(ingestToken === undefined ? {} : { ingestToken }),
  },
  { print: () => {}, store: process.env.BENCH_PAGE_CACHE === 'off' ? { pageCacheSize: 0 } : {} },
);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void running.stop().then(() => process.exit(0)));
}
