import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, totalmem } from 'node:os';

/** Latency of one kind of request in the mix, within the measured window. */
export interface KindFigures {
  kind: string;
  requests: number;
  p50: number;
  p99: number;
}

export interface LoadFigures {
  date: string;
  users: number;
  /** Where the store came from (seeded and cached, or a copy of LOADTEST_DATABASE). */
  store: string;
  /** The Accept-Encoding every request sent. */
  acceptEncoding: string;
  connections: number;
  /** Seconds from the start of the load to the start of the measured window. */
  warmUpSeconds: number;
  durationSeconds: number;
  /** Every request answered (or failed) after the warm-up. */
  requests: number;
  /** Requests answered within the measured window. */
  windowRequests: number;
  /** Requests per second within the measured window. */
  rps: number;
  /** Body bytes received per second within the measured window (compressed, as sent), MB. */
  mbPerSecond: number;
  /**
   * CPU time per answered request within the window, of the server process (every thread) and of
   * autocannon: what each request costs whatever else the machine is doing.
   */
  serverCpuMsPerRequest: number;
  clientCpuMsPerRequest: number;
  kinds: KindFigures[];
  p50: number;
  p97_5: number;
  p99: number;
  maxLatency: number;
  /** Over the whole run, ramp and warm-up included. */
  errors: number;
  timeouts: number;
  non2xx: number;
  /** Under load, at the end of the warm-up. */
  rssBeforeMb: number;
  /** Under load, at the end of the run. */
  rssAfterMb: number;
  /** 5 s after the load stopped. */
  rssIdleMb: number;
  rssSamples: [seconds: number, mb: number][];
  /** The 1-minute load average just before the run: other work on the machine skews the figures. */
  loadAverage: number;
  /** The same just after the load stopped: it includes the run's own load (server and autocannon). */
  loadAverageAfter: number;
  exitCode: number | null;
  passed: boolean;
  failures: string[];
}

export function machine(): string {
  const model = cpus()[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown CPU';
  return `${availableParallelism()} CPUs (${model}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB memory, Node ${process.version}`;
}

const mb = (value: number) => `${value.toFixed(1)} MB`;

export function figureRows(f: LoadFigures): [string, string][] {
  const growth = ((f.rssAfterMb - f.rssBeforeMb) / f.rssBeforeMb) * 100;
  const ms = (value: number) => value.toFixed(0);
  return [
    ['store', `${f.users.toLocaleString('en-US')} users (${f.store})`],
    [
      'machine load average before / after the run',
      `${f.loadAverage.toFixed(2)} / ${f.loadAverageAfter.toFixed(2)} (1 min, ${availableParallelism()} CPUs; after includes the run itself)`,
    ],
    ['connections', `${f.connections}, all opened at once; ${f.warmUpSeconds} s warm-up`],
    ['Accept-Encoding', f.acceptEncoding],
    ['measured window', `${f.durationSeconds} s, ${f.windowRequests.toLocaleString('en-US')} requests`],
    [
      'throughput (window)',
      `${Math.round(f.rps).toLocaleString('en-US')} requests/s, ${f.mbPerSecond.toFixed(1)} MB/s of bodies as sent`,
    ],
    [
      'CPU per request (window): server / autocannon',
      `${f.serverCpuMsPerRequest.toFixed(2)} / ${f.clientCpuMsPerRequest.toFixed(2)} ms`,
    ],
    [
      'latency p50 / p97.5 / p99 / max (window)',
      `${ms(f.p50)} / ${ms(f.p97_5)} / ${ms(f.p99)} / ${ms(f.maxLatency)} ms`,
    ],
    ...f.kinds.map(({ kind, requests, p50, p99 }): [string, string] => [
      `${kind}: requests, p50 / p99 (window)`,
      `${requests.toLocaleString('en-US')}, ${ms(p50)} / ${ms(p99)} ms`,
    ]),
    ['requests after the warm-up', f.requests.toLocaleString('en-US')],
    ['errors / timeouts / non-2xx (whole run, warm-up included)', `${f.errors} / ${f.timeouts} / ${f.non2xx}`],
    ['server RSS under load, after warm-up', mb(f.rssBeforeMb)],
    [
      'server RSS under load, at the end',
      `${mb(f.rssAfterMb)} (${growth >= 0 ? '+' : ''}${growth.toFixed(1)}%, limit +25%)`,
    ],
    ['server RSS 5 s after the load', mb(f.rssIdleMb)],
    ['RSS over time (s: MB)', f.rssSamples.map(([t, value]) => `${t}: ${value.toFixed(0)}`).join(', ')],
    ['exit code on SIGTERM after the run', String(f.exitCode)],
    ['verdict', f.passed ? 'passed' : `FAILED: ${f.failures.join('; ')}`],
  ];
}

export function printTable(rows: [string, string][]): void {
  const width = Math.max(...rows.map(([name]) => name.length));
  for (const [name, value] of rows) process.stdout.write(`${name.padEnd(width)}  ${value}\n`);
}

const BEGIN = '<!-- loadtest:begin (written by npm run loadtest) -->';
const END = '<!-- loadtest:end -->';

/** Replaces the load section of docs/reliability.md with these figures (appends it if absent). */
export function updateReliabilityDoc(docFile: string, f: LoadFigures): void {
  const rows = figureRows(f);
  const section = [
    BEGIN,
    '',
    `Measured on ${f.date}: ${machine()}; autocannon and the server shared the machine.`,
    '',
    '| measure | value |',
    '| --- | --- |',
    ...rows.map(([name, value]) => `| ${name} | ${value} |`),
    '',
    END,
  ].join('\n');
  const text = existsSync(docFile) ? readFileSync(docFile, 'utf8') : '';
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  const next =
    start !== -1 && end > start
      ? `${text.slice(0, start)}${section}${text.slice(end + END.length)}`
      : `${text.trimEnd()}\n\n## Load\n\n${section}\n`;
  writeFileSync(docFile, next);
}
