import { parseArgs } from 'node:util';
import { createRandom } from '../demo/prng.ts';
import { CommandProblem, oneLine, type CommandIo } from './command-io.ts';
import { createTraffic, type SimulatedEvent } from './simulate-traffic.ts';

export const SIMULATE_USAGE = `Usage: npm run simulate [-- --rate N] [--url U] [--product P] [--session S] [--count N]

Sends realistic login traffic into a running dashboard through POST /api/ingest/sessions, so
you can watch its pages move: new users, returning users, refreshed sessions and revocations.
Needs INGEST_TOKEN: the same value the dashboard was started with (which turns ingestion on).

Options:
  --rate N      session records a second, 0.1 to 1000 (default 3).
  --url U       the dashboard (default http://127.0.0.1:$PORT, PORT defaulting to 8787).
  --product P   default my-product;  --session S   default user-session.
  --count N     stop after N records (default: run until Ctrl+C).
  -h, --help    show this text.

Example:
  INGEST_TOKEN=choose-a-long-secret npm start          # in one terminal
  INGEST_TOKEN=choose-a-long-secret npm run simulate -- --rate 10   # in another`;

interface SimulateArgs {
  rate: number;
  url: string;
  product: string;
  session: string;
  count: number;
  token: string;
}

function parseSimulateArgs(argv: readonly string[], env: CommandIo['env']): SimulateArgs | 'help' {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      options: {
        rate: { type: 'string' },
        url: { type: 'string' },
        product: { type: 'string' },
        session: { type: 'string' },
        count: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new CommandProblem((error as Error).message);
  }
  if (values.help) return 'help';
  const rate = values.rate === undefined ? 3 : Number(values.rate);
  if (!Number.isFinite(rate) || rate < 0.1 || rate > 1000)
    throw new CommandProblem('--rate must be a number from 0.1 to 1000.');
  const count = values.count === undefined ? Infinity : Number(values.count);
  if (!(count === Infinity || (Number.isInteger(count) && count >= 1)))
    throw new CommandProblem('--count must be a whole number from 1.');
  const url = (values.url ?? `http://127.0.0.1:${env.PORT || '8787'}`).replace(/\/+$/, '');
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error('not http');
  } catch {
    throw new CommandProblem(
      `--url must be an http:// or https:// address, like http://127.0.0.1:8787 (got "${url}").`,
    );
  }
  const token = env.INGEST_TOKEN ?? '';
  if (token === '') {
    throw new CommandProblem(
      'Set INGEST_TOKEN to the ingest token the dashboard was started with, e.g. INGEST_TOKEN=… npm run simulate (start the dashboard with the same INGEST_TOKEN to turn ingestion on).',
    );
  }
  return {
    rate,
    url,
    product: values.product ?? 'my-product',
    session: values.session ?? 'user-session',
    count,
    token,
  };
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

/** `npm run simulate -- …`: resolves with the exit code once --count records are sent, on a stop signal or on a failure. */
export async function runSimulate(argv: readonly string[], io: CommandIo, stop?: AbortSignal): Promise<number> {
  let args: SimulateArgs;
  try {
    const parsed = parseSimulateArgs(argv, io.env);
    if (parsed === 'help') {
      io.stdout.write(`${SIMULATE_USAGE}\n`);
      return 0;
    }
    args = parsed;
  } catch (error) {
    io.stderr.write(`${oneLine(error)}\nRun "npm run simulate -- --help" for usage.\n`);
    return 2;
  }
  const traffic = createTraffic(createRandom(Date.now() >>> 0), { product: args.product, session: args.session });
  const endpoint = `${args.url}/api/ingest/sessions`;
  // One batch a second (or one record per batch below 1 a second): what is due since the start.
  const tickMs = Math.max(1000, 1000 / args.rate);
  const started = Date.now();
  let sent = 0;
  io.stdout.write(`Sending about ${args.rate} session records a second to ${args.url} (Ctrl+C to stop)…\n`);
  while (sent < args.count && !stop?.aborted) {
    const due = Math.min(Math.floor(((Date.now() - started) / 1000) * args.rate) + 1, args.count) - sent;
    if (due > 0) {
      const batch = traffic(Math.min(due, 1000));
      let response: Response;
      try {
        response = await fetch(endpoint, {
          method: 'POST',
          headers: { Authorization: `Bearer ${args.token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ records: batch.map((item) => item.record) }),
          signal: AbortSignal.timeout(30_000),
        });
      } catch (error) {
        const reason = (error as { cause?: { code?: string } }).cause?.code ?? oneLine(error);
        io.stderr.write(
          `Cannot reach the dashboard at ${args.url} (${reason}). Is it running? Start it with INGEST_TOKEN set (npm start), or pass --url.\n`,
        );
        return 1;
      }
      const body = (await response.json().catch(() => ({}))) as {
        error?: { code?: string; message?: string };
        users_created?: number;
        sessions_created?: number;
        sessions_updated?: number;
      };
      if (response.status === 503 || response.status === 429) {
        const wait = Number(response.headers.get('retry-after') ?? '1');
        io.stderr.write(`The dashboard is busy (${response.status}); trying again in ${wait} s.\n`);
        await sleep(Math.max(1, wait) * 1000, stop);
        continue;
      }
      if (response.status !== 200) {
        const message = body.error?.message ?? `HTTP ${response.status}`;
        const hint =
          response.status === 401
            ? ' INGEST_TOKEN is not the token the dashboard was started with.'
            : response.status === 404
              ? ` Is ${args.url} the dashboard?`
              : '';
        io.stderr.write(`The dashboard refused the records (${response.status}): ${message}${hint}\n`);
        return 1;
      }
      sent += batch.length;
      const counts = new Map<SimulatedEvent, number>();
      for (const { event } of batch) counts.set(event, (counts.get(event) ?? 0) + 1);
      const mix = [...counts].map(([event, n]) => `${n} ${event}${n === 1 ? '' : 's'}`).join(', ');
      io.stdout.write(
        `${new Date().toISOString().slice(11, 19)} sent ${batch.length} (${mix}): ${body.users_created ?? 0} users created, ${body.sessions_created ?? 0} sessions created, ${body.sessions_updated ?? 0} updated\n`,
      );
    }
    if (sent < args.count) await sleep(tickMs, stop);
  }
  io.stdout.write(`Sent ${sent.toLocaleString('en-US')} session records.\n`);
  return 0;
}
