import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { promisify } from 'node:util';
import { brotliCompress, brotliCompressSync, constants, gzipSync } from 'node:zlib';
import {
  BROTLI_BEST_QUALITY,
  BROTLI_QUALITY,
  codecOptions,
  COMPRESS_MIN_BYTES,
  COMPRESS_ON_LOOP_MAX_BYTES,
  GZIP_LEVEL,
  LARGE_ANSWER_BYTES,
} from '../server/compress-answers.ts';
import { etagOf } from '../server/conditional-get.ts';
import { HEAVY_USER } from '../server/demo/showcase.ts';
import { SESSIONS_PAGE_SIZE } from '../src/contract/paging.ts';
import { openSqliteStore } from '../server/store/sqlite/sqlite-store.ts';
import { currentLoad, describeMachine } from './machine.ts';
import { PRODUCT, PROJECT_ROOT, SESSION } from './bench-config.ts';
import type { CompressionFigures, RevalidationFigures, WireFigures } from './issue-13-figures.ts';
import { summarize } from './stats.ts';
import { replaceSection } from './report-sections.ts';

/**
 * `npm run bench:compression`: measures what compression costs and saves on real answers, and
 * writes the "Compression" section of docs/benchmarks.md.
 *
 * 1. The real server (server/main.ts, a fresh store with the demo data `npm start` loads, the
 *    production build) in its own process; each answer and first-load file is fetched over HTTP
 *    with no Accept-Encoding (what every answer cost before compression), with gzip only, and as
 *    a browser asks (br), counting the bytes on the wire, and timed (median of runs, loopback).
 * 2. The same API answers compressed in this process by every codec and level considered, timed
 *    (median CPU ms) and sized, to choose the server's settings: the level with the least CPU
 *    time plus sending time on a 10 Mbit/s link.
 */
const REPORT_FILE = 'docs/benchmarks.md';
const SECTION = 'compression';
const TOKEN = 'compression-bench-token-0123456789';
const LINK_BYTES_PER_MS = 10_000_000 / 8 / 1000;
const brotliAsync = promisify(brotliCompress);

const { values } = parseArgs({
  options: { port: { type: 'string', default: '9150' }, figures: { type: 'string' } },
});
const port = Number(values.port);
const machine = describeMachine();
const started = new Date();

interface Fetched {
  status: number;
  bytes: Buffer;
  encoding: string | undefined;
  etag: string | undefined;
  ms: number;
}

const agent = new Agent({ keepAlive: true, maxSockets: 1 });
function get(path: string, acceptEncoding?: string, ifNoneMatch?: string): Promise<Fetched> {
  const headers: Record<string, string> = { Authorization: `Bearer ${TOKEN}` };
  if (acceptEncoding !== undefined) headers['Accept-Encoding'] = acceptEncoding;
  if (ifNoneMatch !== undefined) headers['If-None-Match'] = ifNoneMatch;
  const begun = performance.now();
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, agent, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          bytes: Buffer.concat(chunks),
          encoding: res.headers['content-encoding'],
          etag: res.headers.etag,
          ms: performance.now() - begun,
        }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

const usersPath = `/api/products/${PRODUCT}/sessions/${SESSION}/users`;
/** The long history, whole (the seed's fetchUserDetails): what a client without paging gets. */
const HEAVY_PATH = `${usersPath}/${encodeURIComponent(HEAVY_USER)}`;
/**
 * What the user page asks for when it opens that user: the first page of sessions with every
 * session's times (the rest only as the history is scrolled). e2e/user-details.spec.ts checks in
 * Chromium that these are all of that page's requests for the user.
 */
const USER_PAGE_LABEL = `${HEAVY_USER}: the user page's request (first ${SESSIONS_PAGE_SIZE} sessions + session_times)`;
const ANSWERS = [
  { label: 'catalog', path: '/api/catalog' },
  { label: 'page of 20 users', path: `${usersPath}?limit=20` },
  { label: 'page of 100 users', path: `${usersPath}?limit=100` },
  { label: 'user@example.com (≈30 sessions)', path: `${usersPath}/user%40example.com` },
  { label: `${HEAVY_USER} (10,000 sessions, whole)`, path: HEAVY_PATH },
  { label: USER_PAGE_LABEL, path: `${HEAVY_PATH}?sessions_limit=${SESSIONS_PAGE_SIZE}` },
];
const BROWSER_ACCEPT = 'gzip, deflate, br, zstd';
/** Nothing (as before), a client that takes gzip only, and what Chromium sends. */
const ACCEPTS = [
  { label: 'none (before)', header: undefined },
  { label: 'gzip', header: 'gzip' },
  { label: 'browser (br)', header: BROWSER_ACCEPT },
] as const;

const dataDir = mkdtempSync(join(tmpdir(), 'compression-bench-'));
const server = await startServer();
let markdown: string;
try {
  const html = (await get('/')).bytes.toString();
  const script = /src="(\/assets\/index-[^"]+\.js)"/.exec(html)?.[1];
  const style = /href="(\/assets\/index-[^"]+\.css)"/.exec(html)?.[1];
  if (!script || !style) throw new Error('index.html names no entry script or stylesheet: run npm run build first');
  const files = [
    { label: 'index.html', path: '/' },
    { label: 'main script', path: script },
    { label: 'stylesheet', path: style },
  ];

  const wire = [];
  for (const item of [...files, ...ANSWERS]) {
    const row: WireFigures = {
      ...item,
      bytes: [],
      ms: [],
      encodings: [],
    };
    for (const accept of ACCEPTS) {
      const first = await get(item.path, accept.header);
      if (first.status !== 200) throw new Error(`${item.path} answered ${first.status}`);
      const runs = first.bytes.length > 500_000 ? 15 : 40;
      const times: number[] = [];
      for (let i = 0; i < runs; i++) times.push((await get(item.path, accept.header)).ms);
      row.bytes.push(first.bytes.length);
      row.ms.push(summarize(times).median);
      row.encodings.push(first.encoding ?? 'identity');
    }
    wire.push(row);
  }

  const revalidations: RevalidationFigures[] = [];
  for (const item of ANSWERS) {
    const first = await get(item.path, BROWSER_ACCEPT);
    const times = async (ifNoneMatch?: string) => {
      const samples: number[] = [];
      let last = first;
      for (let i = 0; i < (first.bytes.length > 100_000 ? 15 : 40); i++) {
        last = await get(item.path, BROWSER_ACCEPT, ifNoneMatch);
        samples.push(last.ms);
      }
      return { status: last.status, bytes: last.bytes.length, ms: summarize(samples).median };
    };
    revalidations.push({ ...item, full: await times(), notModified: await times(first.etag) });
  }

  const heavyWire = wire.find((row) => row.path === HEAVY_PATH);
  const keptCopy = await waitForKeptCopy(HEAVY_PATH, heavyWire?.bytes[2] ?? 0);

  const answers = await Promise.all(ANSWERS.map(async (item) => ({ ...item, body: (await get(item.path)).bytes })));
  const codecRows = answers.map((answer) => ({ answer, results: measureCodecs(answer.body) }));
  const handOffs = [];
  for (const answer of answers) {
    if (answer.body.length >= COMPRESS_MIN_BYTES) handOffs.push({ answer, ...(await measureHandOff(answer.body)) });
  }
  const heavy = answers.find((answer) => answer.path === HEAVY_PATH)?.body;
  if (!heavy) throw new Error('No 10,000-session answer');
  markdown = render(wire, revalidations, codecRows, handOffs, keptCopy, historyIdeas(heavy), historyFloor(heavy));
  if (values.figures !== undefined) {
    writeFileSync(values.figures, JSON.stringify(summaryFigures(wire, revalidations, keptCopy), null, 2));
  }
} finally {
  await server.stop();
  agent.destroy();
  rmSync(dataDir, { recursive: true, force: true });
}

const current = readFileSync(REPORT_FILE, 'utf8');
writeFileSync(REPORT_FILE, replaceSection(current, SECTION, markdown));
console.log(markdown);
console.log(`Written to the "${SECTION}" section of ${REPORT_FILE}.`);

interface KeptCopy {
  bytes: number;
  seconds: number;
}

/** Asks for the long history (as a browser) until the server's kept copy is the one remade at brotli's best. */
async function waitForKeptCopy(path: string, firstBytes: number): Promise<KeptCopy> {
  const begun = performance.now();
  let bytes = firstBytes;
  while (bytes >= firstBytes && performance.now() - begun < 180_000) {
    await new Promise((done) => setTimeout(done, 250));
    bytes = (await get(path, BROWSER_ACCEPT)).bytes.length;
  }
  return { bytes, seconds: (performance.now() - begun) / 1000 };
}

interface HandOff {
  onLoopMs: number;
  poolMs: number;
}

/**
 * CPU time (every thread of this process) of one brotli compression at the server's setting,
 * done on the event loop (sync) against handed to zlib's thread pool (async, 8 at a time as
 * concurrent requests would): what each way costs the machine per answer. Median of 5 batches.
 */
async function measureHandOff(body: Buffer): Promise<HandOff> {
  const options = codecOptions('br', body.length);
  const perAnswer = async (compress: () => Promise<unknown>) => {
    const batches: number[] = [];
    for (let batch = 0; batch < 5; batch++) {
      const cpu = process.cpuUsage();
      let runs = 0;
      let spent = 0;
      while (runs < 8 || spent < 60) {
        await Promise.all(Array.from({ length: 8 }, compress));
        runs += 8;
        const used = process.cpuUsage(cpu);
        spent = (used.user + used.system) / 1000;
      }
      batches.push(spent / runs);
    }
    return summarize(batches).median;
  };
  return {
    onLoopMs: await perAnswer(async () => brotliCompressSync(body, options)),
    poolMs: await perAnswer(() => brotliAsync(body, options)),
  };
}

interface HistoryIdea {
  idea: string;
  bytes: number;
  cpuMs: number;
}

/** Ways to send the long history in fewer bytes: codec settings, and the same JSON written differently. */
function historyIdeas(body: Buffer): HistoryIdea[] {
  const answer = JSON.parse(body.toString()) as { sessions: Record<string, unknown>[] };
  const brotli = (quality: number, lgwin?: number) => (input: Buffer) =>
    brotliCompressSync(input, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: quality,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: input.length,
        ...(lgwin === undefined ? {} : { [constants.BROTLI_PARAM_LGWIN]: lgwin }),
      },
    });
  const rewritten = (sessions: Record<string, unknown>[]) => Buffer.from(JSON.stringify({ ...answer, sessions }));
  const idLast = rewritten(answer.sessions.map(({ session_id, ...others }) => ({ ...others, session_id })));
  const activeFirst = rewritten(answer.sessions.map(({ active, ...others }) => ({ active, ...others })));
  const noRevokedFalse = rewritten(
    answer.sessions.map(({ revoked, ...others }) => (revoked === true ? { ...others, revoked } : others)),
  );
  // Every session written to the same length (`true` padded to `false`'s width) and one a line, so
  // each record's fixed parts sit the same distance back: the value the client parses is the same.
  const [head = '', tail = ''] = JSON.stringify({ ...answer, sessions: '\u0000' }).split('"\\u0000"');
  const padded = (value: unknown) => (value === true ? 'true ' : JSON.stringify(value));
  const aligned = Buffer.from(
    `${head}[${answer.sessions
      .map(
        (session) =>
          `{${Object.entries(session)
            .map(([key, value]) => `"${key}":${padded(value)}`)
            .join(',')}}`,
      )
      .join(',\n')}]${tail}`,
  );
  if (JSON.stringify(JSON.parse(aligned.toString())) !== body.toString()) throw new Error('aligned JSON differs');
  const best = BROTLI_BEST_QUALITY;
  const ideas: [string, Buffer, (input: Buffer) => Buffer][] = [
    [`br ${BROTLI_QUALITY.large} (the first answer)`, body, brotli(BROTLI_QUALITY.large)],
    ['br 5, 16 MB window', body, brotli(5, 24)],
    ['br 9, 16 MB window', body, brotli(9, 24)],
    ['br 10', body, brotli(10)],
    [`br ${best} (the kept copy, remade in the background)`, body, brotli(best)],
    [`br ${best}, 16 MB window`, body, brotli(best, 24)],
    [`br ${best}, fields reordered: session_id last`, idLast, brotli(best)],
    [`br ${best}, fields reordered: active first`, activeFirst, brotli(best)],
    [`br ${best}, "revoked": false left out (true kept)`, noRevokedFalse, brotli(best)],
    [`br ${best}, every session the same length, one a line (same parsed value)`, aligned, brotli(best)],
    [
      `br ${best}, 16 MB blocks (lgblock 24)`,
      body,
      (input) =>
        brotliCompressSync(input, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: best,
            [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
            [constants.BROTLI_PARAM_SIZE_HINT]: input.length,
            [constants.BROTLI_PARAM_LGBLOCK]: 24,
          },
        }),
    ],
  ];
  const measured = ideas.map(([idea, input, compress]) => {
    const cpu = process.cpuUsage();
    const output = compress(input);
    const used = process.cpuUsage(cpu);
    return { idea, bytes: output.length, cpuMs: (used.user + used.system) / 1000 };
  });
  // Codecs Node 20's zlib lacks, by their command-line tools where installed (CPU of the child).
  const tools: [string, string, string[]][] = [
    ['zstd 19 (zstd CLI; Chromium accepts zstd)', 'zstd', ['-19', '-c']],
    ['zstd 22, 16 MB window (zstd CLI)', 'zstd', ['--ultra', '-22', '--long=24', '-c']],
    ['xz -9e (LZMA: no browser decodes it; how far a stronger LZ coder gets)', 'xz', ['-9e', '-c']],
  ];
  for (const [idea, command, args] of tools) {
    // `times` prints the shell's children's user and system CPU time on its second line.
    const run = spawnSync('sh', ['-c', '"$0" "$@" | wc -c; times', command, ...args], { input: body });
    const [bytes, , children] = run.stdout.toString().trim().split('\n');
    const cpu = /(\d+)m([\d.]+)s (\d+)m([\d.]+)s/.exec(children ?? '');
    if (run.status !== 0 || cpu === null || !(Number(bytes) > 0)) continue;
    const seconds = Number(cpu[1]) * 60 + Number(cpu[2]) + Number(cpu[3]) * 60 + Number(cpu[4]);
    measured.push({ idea, bytes: Number(bytes), cpuMs: seconds * 1000 });
  }
  return measured;
}

interface CodecResult {
  codec: string;
  bytes: number;
  cpuMs: number;
}

function measureCodecs(body: Buffer): CodecResult[] {
  const codecs: [string, (input: Buffer) => Buffer][] = [
    ...[1, 4, 6, 9].map((level): [string, (input: Buffer) => Buffer] => [
      `gzip ${level}`,
      (input) => gzipSync(input, { level }),
    ]),
    ...[1, 2, 3, 4, 5, 6, 9, 11].map((quality): [string, (input: Buffer) => Buffer] => [
      `br ${quality}`,
      (input) =>
        brotliCompressSync(input, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: quality,
            [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
            [constants.BROTLI_PARAM_SIZE_HINT]: input.length,
          },
        }),
    ]),
    ['ETag (sha256)', (input) => Buffer.from(etagOf(input))],
  ];
  return codecs.map(([codec, compress]) => {
    const output = compress(body);
    // CPU time of this process (process.cpuUsage), not wall time: on a busy machine the wall clock
    // also counts the time spent waiting for a core. 5 batches of runs, at least 60 ms each; the
    // median batch's time per run.
    const perRun: number[] = [];
    for (let batch = 0; batch < 5; batch++) {
      const cpu = process.cpuUsage();
      let runs = 0;
      let spent = 0;
      while (runs < 1 || spent < 60) {
        compress(body);
        runs += 1;
        const used = process.cpuUsage(cpu);
        spent = (used.user + used.system) / 1000;
      }
      perRun.push(spent / runs);
    }
    return { codec, bytes: codec.startsWith('ETag') ? body.length : output.length, cpuMs: summarize(perRun).median };
  });
}

function storeHasDataVersion(): boolean {
  const store = openSqliteStore(':memory:');
  try {
    return typeof (store as { dataVersion?: unknown }).dataVersion === 'function';
  } finally {
    store.close();
  }
}

interface HistoryFloor {
  sessions: number;
  wholeBr11: number;
  idsBr11: number;
  restBr11: number;
}

function brotliMax(input: Buffer): number {
  return brotliCompressSync(input, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: input.length,
    },
  }).length;
}

/** How small brotli's best gets the long history, and how much of that the random session IDs alone take. */
function historyFloor(body: Buffer): HistoryFloor {
  const answer = JSON.parse(body.toString()) as { sessions: { session_id: string }[] };
  const ids = answer.sessions.map((session) => session.session_id).join('\n');
  const rest = { ...answer, sessions: answer.sessions.map(({ session_id: _id, ...others }) => others) };
  return {
    sessions: answer.sessions.length,
    wholeBr11: brotliMax(body),
    idsBr11: brotliMax(Buffer.from(ids)),
    restBr11: brotliMax(Buffer.from(JSON.stringify(rest))),
  };
}

function summaryFigures(
  wire: WireFigures[],
  revalidations: RevalidationFigures[],
  keptCopy: KeptCopy,
): CompressionFigures {
  return {
    measuredAt: started.toISOString(),
    loadAtStart: machine.loadAtStart,
    loadAtEnd: currentLoad(),
    wire,
    revalidations,
    keptCopy,
  };
}

function render(
  wire: WireFigures[],
  revalidations: RevalidationFigures[],
  codecRows: { answer: { label: string; body: Buffer }; results: CodecResult[] }[],
  handOffs: ({ answer: { label: string; body: Buffer } } & HandOff)[],
  keptCopy: KeptCopy,
  ideas: HistoryIdea[],
  floor: HistoryFloor,
): string {
  const kb = (bytes: number) => (bytes / 1000).toFixed(bytes < 10_000 ? 2 : 1);
  const ms = (value: number) => (value < 10 ? value.toFixed(2) : value.toFixed(1));
  const table = (header: string[], rows: string[][]) =>
    [header, header.map(() => '---'), ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
  const delivered = (result: CodecResult) => result.cpuMs + result.bytes / LINK_BYTES_PER_MS;
  const serverSetting = (body: Buffer) => {
    const size = body.length > LARGE_ANSWER_BYTES ? 'large' : 'small';
    return body.length < COMPRESS_MIN_BYTES ? [] : [`br ${BROTLI_QUALITY[size]}`, `gzip ${GZIP_LEVEL[size]}`];
  };
  const out: string[] = [];
  out.push(
    '## Compression',
    '',
    `Measured ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC by \`npm run bench:compression\` on ` +
      `${machine.cores} cores (${machine.cpu}), Node ${machine.node}; load average (1 min) ${machine.loadAtStart.toFixed(2)} ` +
      `at start, ${currentLoad().toFixed(2)} at end. The real server on the demo data \`npm start\` loads (5,000 users), ` +
      'serving the production build, in its own process; the client on the same machine (loopback).',
    '',
    '### Bytes on the wire',
    '',
    'Each file and answer fetched over HTTP with no `Accept-Encoding` (how the server sent everything before ' +
      'compression), with `gzip` only, and with what Chromium sends (`gzip, deflate, br, zstd`, answered with ' +
      'brotli). Bytes are the body as sent (compressed); ms is the median time of a request on loopback, where ' +
      'bandwidth costs nothing, so it shows only what compressing costs the server.',
    '',
    table(
      ['file or answer', 'before: bytes', 'gzip: bytes', 'br: bytes', 'saved (br)', 'before: ms', 'gzip: ms', 'br: ms'],
      wire.map((row) => [
        `${row.label} (\`${row.path}\`)`,
        kb(row.bytes[0] ?? 0) + ' kB',
        `${kb(row.bytes[1] ?? 0)} kB${row.encodings[1] === 'identity' ? ' (as is)' : ''}`,
        `${kb(row.bytes[2] ?? 0)} kB${row.encodings[2] === 'identity' ? ' (as is)' : ''}`,
        `${Math.round((1 - (row.bytes[2] ?? 0) / (row.bytes[0] ?? 1)) * 100)} %`,
        ms(row.ms[0] ?? Number.NaN),
        ms(row.ms[1] ?? Number.NaN),
        ms(row.ms[2] ?? Number.NaN),
      ]),
    ),
    '',
    'Files of the build are compressed once, at build time (brotli 11, gzip 9); API answers of at least ' +
      `${COMPRESS_MIN_BYTES} bytes per request, and kept by ETag so a repeated answer is compressed once. ` +
      'The catalog of the demo data is under 1 kB, so it goes out as it is.',
    '',
    '### Conditional requests',
    '',
    'The same API answers asked for again as a browser revalidates them: with the `ETag` of the first answer in ' +
      '`If-None-Match` while the data is unchanged, against asking without it (200, brotli). ' +
      (storeHasDataVersion()
        ? 'The store reports its data version, so each 304 is answered from the server’s memory without a query. '
        : 'This store does not report a data version yet, so each 304 still runs the query and compares the bytes. ') +
      'Body bytes (headers, about 0.5 kB, are left out of both); median ms on loopback.',
    '',
    table(
      ['answer', 'without If-None-Match', 'ms', 'with If-None-Match', 'ms'],
      revalidations.map((row) => [
        row.label,
        `${row.full.status}, ${kb(row.full.bytes)} kB`,
        ms(row.full.ms),
        `${row.notModified.status}, ${kb(row.notModified.bytes)} kB`,
        ms(row.notModified.ms),
      ]),
    ),
    '',
    '### Choosing the codec and level for API answers',
    '',
    'Each answer compressed in one process by each codec and level: the CPU time of one compression (this ' +
      'process’s CPU time, so a busy machine does not inflate it; median of 5 batches) and ' +
      'the bytes it gives. "At 10 Mbit/s" adds the time those bytes take on a 10 Mbit/s link (a modest office or ' +
      'mobile connection): the lowest is marked. The ETag row is the cost of hashing the answer (every 200).',
    '',
  );
  for (const { answer, results } of codecRows) {
    const best = results
      .filter((result) => !result.codec.startsWith('ETag'))
      .reduce((a, b) => (delivered(b) < delivered(a) ? b : a));
    const bestGzip = results
      .filter((result) => result.codec.startsWith('gzip'))
      .reduce((a, b) => (delivered(b) < delivered(a) ? b : a));
    const chosen = serverSetting(answer.body);
    out.push(
      `**${answer.label}**, ${kb(answer.body.length)} kB:`,
      '',
      table(
        ['codec', 'bytes', 'CPU ms (median)', 'at 10 Mbit/s, ms', ''],
        results.map((result) => [
          result.codec,
          result.codec.startsWith('ETag') ? '–' : `${kb(result.bytes)} kB`,
          ms(result.cpuMs),
          result.codec.startsWith('ETag') ? '–' : ms(delivered(result)),
          [
            result === best ? 'lowest' : result === bestGzip ? 'lowest gzip' : '',
            chosen.includes(result.codec) ? 'server uses' : '',
          ]
            .filter(Boolean)
            .join(', '),
        ]),
      ),
      '',
    );
  }
  const heavyWire = wire.find((row) => row.path === HEAVY_PATH)?.bytes[2] ?? 0;
  const userPage = wire.find((row) => row.label === USER_PAGE_LABEL);
  const userPageBytes = userPage?.bytes[2] ?? Number.NaN;
  const smallestBrotli = Math.min(...ideas.filter((idea) => idea.idea.startsWith('br ')).map((idea) => idea.bytes));
  out.push(
    '### Compressing on the event loop or in the thread pool',
    '',
    'CPU time of the whole process (every thread) per answer, brotli at the server’s setting, done on the event ' +
      'loop (synchronously) or handed to zlib’s thread pool (asynchronously, 8 at a time as concurrent requests ' +
      'would). Each hand-off wakes a pool thread and comes back through the event loop, once per 16 kB of output ' +
      'by default (the server asks for one output chunk per answer). The server compresses answers up to ' +
      `${kb(COMPRESS_ON_LOOP_MAX_BYTES)} kB on the event loop, larger ones in the pool.`,
    '',
    table(
      ['answer', 'body', 'on the event loop, CPU ms', 'in the thread pool, CPU ms', 'server does'],
      handOffs.map((row) => [
        row.answer.label,
        `${kb(row.answer.body.length)} kB`,
        ms(row.onLoopMs),
        ms(row.poolMs),
        row.answer.body.length <= COMPRESS_ON_LOOP_MAX_BYTES ? 'event loop' : 'thread pool',
      ]),
    ),
    '',
    '### The 10,000-session history against the 250 kB target',
    '',
    `The first request for it is sent at brotli ${BROTLI_QUALITY.large}: ${kb(heavyWire)} kB. The server then ` +
      `remakes its kept copy at brotli ${BROTLI_BEST_QUALITY} in the thread pool (one answer at a time; kept by ` +
      'ETag, so the copy lasts as long as the answer’s bytes, whatever else is written to the store), and every ' +
      `later request gets ${kb(keptCopy.bytes)} kB (over HTTP, ${keptCopy.seconds.toFixed(1)} s after the first ` +
      'request on this machine): the whole history misses 250 kB. Ideas measured (one run each: CPU ms ' +
      'of this process, or of the command-line tool for codecs Node 20’s zlib lacks):',
    '',
    table(
      ['idea', 'bytes', 'CPU ms'],
      ideas.map((idea) => [idea.idea, `${kb(idea.bytes)} kB`, ms(idea.cpuMs)]),
    ),
    '',
    `The smallest brotli stream of these is ${kb(smallestBrotli)} kB. Field order, leaving out ` +
      '`"revoked": false`, padding every session to one length, bigger windows and blocks change about 1 %: ' +
      'brotli already codes the repeated names and values almost for free, and zstd (which Chromium also accepts) ' +
      `gives more bytes than brotli 11, not fewer. Even LZMA (xz), which no browser decodes, stays above 250 kB. ` +
      `What is left is the session IDs: ${floor.sessions.toLocaleString('en-US')} random UUIDs (122 random bits ` +
      `each, ${kb((floor.sessions * 122) / 8)} kB of pure randomness that no compressor can remove) take ` +
      `${kb(floor.idsBr11)} kB on their own at brotli 11 (brotli codes a random hex digit in 4 bits at best, ` +
      `and each session's fields cost a few copy commands); everything else in the answer ${kb(floor.restBr11)} kB. ` +
      'Meeting the target needs a smaller answer, not a better codec.',
    '',
    `**The user page asks for a smaller answer** (README, "Paged history"): opening this user it sends one ` +
      `request, \`${userPage?.path ?? '?'}\`, the newest ${SESSIONS_PAGE_SIZE} sessions and every session's times ` +
      `without the IDs (\`session_times\`): **${kb(userPageBytes)} kB** as a browser gets it ` +
      `(${userPage?.encodings[2] ?? '?'}, first request), ${kb(userPage?.bytes[0] ?? Number.NaN)} kB raw: ` +
      `${userPageBytes <= 250_000 ? '**meets**' : '**misses**'} 250 kB. The figures, the timeline and the ` +
      'filter counts come from those times; further sessions come in pages as the history is scrolled, and the ' +
      'whole history (the row above) only when it is exported.',
    '',
  );
  return out.join('\n');
}

async function startServer(): Promise<{ stop: () => Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      HOST: '127.0.0.1',
      PORT: String(port),
      DASHBOARD_TOKEN: TOKEN,
      DATABASE_URL: `file:${join(dataDir, 'demo.db')}`,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The server exited with ${child.exitCode}`);
    try {
      if ((await get('/api/health')).status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error('The server did not answer /api/health within 120 s');
    await new Promise((done) => setTimeout(done, 200));
  }
  return {
    stop: () =>
      new Promise((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}
