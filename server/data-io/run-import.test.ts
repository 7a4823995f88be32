import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import { storeFingerprint, tempDir } from '../tests/helpers.ts';
import { runImport } from './run-import.ts';
import { captureIo } from './test-io.ts';

const dir = tempDir('import-command');
afterAll(() => dir.remove());
let case_ = 0;
let db = '';
beforeEach(() => {
  case_ += 1;
  db = join(dir.path, `store-${case_}.db`);
});

const record = (overrides: Record<string, unknown> = {}) => ({
  product: 'shop',
  session: 'login',
  env: 'production',
  identifier: 'ada@example.com',
  session_id: 'sess-1',
  start_at: '2026-03-01T10:00:00Z',
  end_at: '2026-03-01T11:00:00Z',
  ...overrides,
});

/** A user document as MongoDB's mongoexport writes it (canonical Extended JSON). */
const mongoDocument = {
  _id: { $oid: '6750c1f2a8e4b2c3d4e5f601' },
  ductape_user_id: 'du-42',
  product_tag: 'shop',
  session_tag: 'login',
  env: 'staging',
  identifier: 'grace+test/x@example.com',
  first_seen: { $date: { $numberLong: '1735689600000' } },
  last_seen: { $date: '2025-01-05T00:00:00.000Z' },
  createdAt: { $date: '2025-01-01T00:00:00Z' },
  updatedAt: { $date: { $numberLong: '1736035200000' } },
  __v: { $numberInt: '0' },
  totalSessions: { $numberLong: '2' },
  sessions: [
    {
      session_id: 'mongo-1',
      start_at: { $date: '2025-01-01T00:00:00Z' },
      end_at: { $date: '2025-01-02T00:00:00Z' },
      active: false,
      revoked: false,
      revoked_at: null,
    },
    {
      session_id: 'mongo-2',
      start_at: { $date: '2025-01-04T00:00:00Z' },
      end_at: { $date: '2025-01-05T00:00:00Z' },
      revoked_at: { $date: '2025-01-04T12:00:00Z' },
    },
  ],
};

function file(name: string, text: string): string {
  const path = join(dir.path, `${case_}-${name}`);
  writeFileSync(path, text);
  return path;
}

const ndjson = (items: unknown[]) => items.map((item) => JSON.stringify(item)).join('\n') + '\n';

async function details(identifier: string, env = 'production') {
  const store = openSqliteStore(db);
  try {
    return await store.fetchUserDetails({ product: 'shop', session: 'login', identifier, env });
  } finally {
    await store.close();
  }
}

function fingerprint(): string {
  const store = openSqliteStore(db);
  try {
    return storeFingerprint(store);
  } finally {
    void store.close();
  }
}

function rejects(path: string): { file: string; line: number; reason: string }[] {
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { file: string; line: number; reason: string });
}

describe('npm run import', () => {
  it('imports NDJSON session records (a refresh later in the file applies after the session it refreshes)', async () => {
    const input = file(
      'sessions.ndjson',
      ndjson([
        record(),
        record({ session_id: 'sess-2', start_at: '2026-03-02T10:00:00Z', end_at: '2026-03-02T11:00:00Z' }),
        record({ end_at: '2026-03-01T15:00:00Z', seen_at: '2026-03-01T14:00:00Z' }),
      ]),
    );
    const run = captureIo(db);
    expect(await runImport([input], run.io)).toBe(0);
    expect(run.stdout()).toContain('Imported 3 of 3 lines');
    expect(run.stdout()).toContain('1 users created, 2 sessions created, 1 sessions updated; none rejected');
    expect(run.stderr()).toMatch(/100% .* MB .* lines\/s/);
    const ada = await details('ada@example.com');
    expect(ada.totalSessions).toBe(2);
    expect(ada.sessions.find((s) => s.session_id === 'sess-1')?.end_at).toBe('2026-03-01T15:00:00.000Z');
    expect(ada.first_seen).toBe('2026-03-01T10:00:00.000Z');
    expect(ada.last_seen).toBe('2026-03-02T10:00:00.000Z');
    expect(existsSync(`${input}.rejects.ndjson`)).toBe(false);
  });

  it('shows progress as it goes: share of the file, time left and lines a second', async () => {
    const input = file(
      'many.ndjson',
      ndjson(
        // 4 MB: the file is read 1 MiB at a time, and the bar moves every 1,024 lines.
        Array.from({ length: 6_000 }, (_, i) =>
          record({ identifier: `${'long-name.'.repeat(48)}${i}@example.com`, session_id: `many-${i}` }),
        ),
      ),
    );
    const run = captureIo(db);
    expect(await runImport([input], run.io)).toBe(0);
    // Not a terminal: a plain line at each tenth of the file, then the whole.
    const lines = run.stderr().trim().split('\n');
    expect(
      lines.some((line) => /^[1-9]\d% [\d.]+\/[\d.]+ MB \S+ ~\S+ left [\d,]+ lines\/s$/.test(line)),
      lines.join('\n'),
    ).toBe(true);
    expect(lines.at(-1)).toMatch(/^100% ([\d.]+)\/\1 MB \S+ [\d,]+ lines\/s$/);
  });

  it('reads MongoDB Extended JSON user documents, keeping their ids and times, from a JSON array', async () => {
    const input = file('dump.json', JSON.stringify([mongoDocument], null, 2));
    const run = captureIo(db);
    expect(await runImport([input], run.io)).toBe(0);
    const grace = await details('grace+test/x@example.com', 'staging');
    expect(grace).toMatchObject({
      _id: '6750c1f2a8e4b2c3d4e5f601',
      ductape_user_id: 'du-42',
      first_seen: '2025-01-01T00:00:00.000Z',
      last_seen: '2025-01-05T00:00:00.000Z',
      createdAt: '2025-01-01T00:00:00.000Z',
      updatedAt: '2025-01-05T00:00:00.000Z',
      totalSessions: 2,
    });
    expect(grace.sessions.map((s) => [s.session_id, s.revoked_at ?? null])).toEqual([
      ['mongo-2', '2025-01-04T12:00:00.000Z'],
      ['mongo-1', null],
    ]);
  });

  it('reads CSV with a header row of SessionRecord fields, empty optional cells left out', async () => {
    const input = file(
      'sessions.csv',
      [
        'product,session,env,identifier,session_id,start_at,end_at,revoked_at,seen_at',
        'shop,login,production,"quoted, ""name""@example.com",c-1,2026-03-01T10:00:00Z,2026-03-01T11:00:00Z,,',
        'shop,login,production,ada@example.com,c-2,2026-03-01T10:00:00Z,2026-03-01T11:00:00Z,2026-03-01T10:30:00Z,2026-03-01T10:20:00Z',
      ].join('\r\n'),
    );
    const run = captureIo(db);
    expect(await runImport([input], run.io)).toBe(0);
    expect((await details('quoted, "name"@example.com')).totalSessions).toBe(1);
    const ada = await details('ada@example.com');
    expect(ada.sessions[0]).toMatchObject({ session_id: 'c-2', revoked_at: '2026-03-01T10:30:00.000Z', active: false });
    expect(ada.last_seen).toBe('2026-03-01T10:20:00.000Z');
  });

  it('writes each rejected line with its line number and reason, imports the rest, and exits 1', async () => {
    const input = file(
      'mixed.ndjson',
      [
        JSON.stringify(record()),
        '',
        '{"product": "shop", oops',
        JSON.stringify(record({ session_id: 'sess-2', start_at: '2026-03-01T10:00:00' })),
        JSON.stringify(record({ session_id: 'sess-3', colour: 'blue' })),
        JSON.stringify(record({ identifier: 'someone.else@example.com' })),
        JSON.stringify(record({ session_id: 'sess-4', end_at: '2026-03-01T09:00:00Z' })),
        JSON.stringify(record({ session_id: 'sess-5' })),
      ].join('\n'),
    );
    const run = captureIo(db);
    expect(await runImport([input], run.io)).toBe(1);
    expect(run.stdout()).toContain(`Imported 2 of 7 lines`);
    expect(run.stdout()).toContain(`5 rejected (line numbers and reasons in ${input}.rejects.ndjson)`);
    // Lines the store refuses are written when their batch is applied: sorted here by line.
    const rejected = rejects(`${input}.rejects.ndjson`).sort((a, b) => a.line - b.line);
    expect(rejected.map(({ line, reason }) => [line, reason])).toEqual([
      [3, expect.stringMatching(/^not valid JSON/)],
      [4, 'session record: start_at: start_at has no time zone: end it with Z or an offset like +02:00'],
      [5, 'session record: colour: unknown field'],
      [6, 'session_id: session_id already belongs to another user, session or environment'],
      [7, 'session record: end_at: end_at must be later than start_at'],
    ]);
    expect(rejected.every((entry) => entry.file === input)).toBe(true);
    expect((await details('ada@example.com')).totalSessions).toBe(2);
  });

  it('gives the line where each JSON array element starts', async () => {
    const input = file(
      'array.json',
      `[\n  ${JSON.stringify(record())},\n  {\n    "product": "shop",\n    "session": 7\n  },\n  "text",\n  ${JSON.stringify(record({ session_id: 'x', start_at: 'soon' }))}\n]\n`,
    );
    const run = captureIo(db);
    expect(await runImport([input], run.io)).toBe(1);
    expect(rejects(`${input}.rejects.ndjson`).map(({ line }) => line)).toEqual([3, 7, 8]);
  });

  it('--dry-run checks every line against the store and writes nothing', async () => {
    const first = file('first.ndjson', ndjson([record()]));
    expect(await runImport([first], captureIo(db).io)).toBe(0);
    const before = fingerprint();
    const input = file(
      'more.ndjson',
      ndjson([
        record({ session_id: 'new-1', identifier: 'new@example.com' }),
        record({ identifier: 'thief@example.com' }), // sess-1 belongs to ada
        mongoDocument,
      ]),
    );
    const run = captureIo(db);
    expect(await runImport([input, '--dry-run'], run.io)).toBe(1);
    expect(run.stdout()).toContain('Dry run (nothing was written): would import 2 of 3 lines');
    expect(run.stdout()).toContain('2 users created, 3 sessions created');
    expect(rejects(`${input}.rejects.ndjson`).map(({ line }) => line)).toEqual([2]);
    expect(fingerprint()).toBe(before);
  });

  it('is idempotent: importing the same files again changes nothing', async () => {
    const records = file(
      'again.ndjson',
      ndjson([record(), record({ session_id: 'sess-2', revoked_at: '2026-03-01T10:10:00Z' })]),
    );
    const dump = file('again.json', JSON.stringify([mongoDocument]));
    expect(await runImport([records, dump], captureIo(db).io)).toBe(0);
    const before = fingerprint();
    const run = captureIo(db);
    expect(await runImport([records, dump], run.io)).toBe(0);
    expect(run.stdout()).toContain('0 users created, 0 sessions created, 0 sessions updated; none rejected');
    expect(fingerprint()).toBe(before);
  });

  it('names a missing file, a folder, an unknown format and a bad DATABASE_URL in one line each, exit 2, no stack', async () => {
    const cases: [string[], Record<string, string>, string][] = [
      [[join(dir.path, 'nope.ndjson')], {}, `Cannot import ${join(dir.path, 'nope.ndjson')}: there is no such file.`],
      [[dir.path], {}, `Cannot import ${dir.path}: it is a folder, not a file.`],
      [[file('notes.txt', 'hello')], {}, 'unknown format'],
      [[file('ok.ndjson', ndjson([record()]))], { DATABASE_URL: 'mysql://db/x' }, 'DATABASE_URL uses "mysql:"'],
      [[], {}, 'Name at least one file to import.'],
      [['--nope'], {}, "Unknown option '--nope'"],
    ];
    for (const [argv, env, message] of cases) {
      const run = captureIo(db, env);
      expect(await runImport(argv, run.io)).toBe(2);
      expect(run.stderr()).toContain(message);
      expect(run.stderr()).not.toMatch(/\n\s+at /);
    }
  });

  it('names an unreadable file', async () => {
    const input = file('secret.ndjson', ndjson([record()]));
    chmodSync(input, 0o000);
    const run = captureIo(db);
    const code = await runImport([input], run.io);
    // root reads any file: then it imports.
    if (process.getuid?.() === 0) expect(code).toBe(0);
    else {
      expect(code).toBe(2);
      expect(run.stderr()).toContain('permission denied');
    }
  });

  it('refuses a CSV header with an unknown column', async () => {
    const input = file('bad.csv', 'product,session,env,identifier,session_id,start_at,end_at,colour\n');
    writeFileSync(
      input,
      `${readFileSync(input, 'utf8')}shop,login,production,a,b,2026-03-01T10:00:00Z,2026-03-01T11:00:00Z,red\n`,
    );
    const run = captureIo(db);
    expect(await runImport([input], run.io)).toBe(2);
    expect(run.stderr()).toContain('the CSV header names unknown column "colour"');
  });
});
