import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BATCH_MAX_BYTES, BATCH_MAX_RECORDS, ingestResultSchema } from '../../src/contract/ingest.ts';
import { INGEST_PATH } from '../ingest-access.ts';
import type { SqliteStore } from '../store/sqlite/sqlite-store.ts';
import { INGEST_BEARER, storeFingerprint } from './helpers.ts';
import { expectContractAnswer, expectHealthy, propertyHarness, type Harness } from './property-harness.ts';
import { anyText, RUNS } from './property-inputs.ts';

/**
 * POST /api/ingest/sessions over generated batches (RUNS cases): every kind of bad input the
 * contract names, mixed into otherwise good batches, and good batches too. Always 200 or a 4xx
 * with the error shape (never a 5xx); a batch with bad input is refused; and a refused batch
 * leaves the store exactly as it was.
 */
let harness: Harness<SqliteStore>;
let takenSessionIds: string[];
beforeAll(async () => {
  harness = await propertyHarness();
  takenSessionIds = harness.store.db
    .prepare('SELECT session_id FROM user_sessions ORDER BY session_id LIMIT 50')
    .pluck()
    .all() as string[];
});
afterAll(() => harness.store.close());

const TIMEOUT = 300_000;
const HOUR = 3_600_000;
const BASE = Date.UTC(2026, 3, 1);
let serial = 0;

type Json = Record<string, unknown>;

// eslint-disable-next-line no-control-regex -- what the contract refuses in text fields
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** A record the contract accepts; session ids never repeat across the run. */
const goodRecord = fc
  .record({
    product: fc.constantFrom('my-product', 'prop-product', 'A.b_c-9'),
    session: fc.constantFrom('user-session', 'prop-session'),
    env: fc.constantFrom('production', 'staging', 'prop-env'),
    identifier: fc.oneof(
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }).filter((text) => !CONTROL.test(text)),
      fc.constantFrom('a+b/c@example.com', '<b>x</b>', 'Zoë "quoted"', '名前@example.jp'),
    ),
    offset: fc.integer({ min: 0, max: 365 * 24 }),
    length: fc.integer({ min: 1, max: 48 }),
    zone: fc.constantFrom('Z', '+02:00', '-05:30', '+0000'),
    seen: fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }),
    revoked: fc.boolean(),
  })
  .map(({ offset, length, zone, seen, revoked, ...rest }): Json => {
    serial += 1;
    const start = BASE + offset * HOUR;
    const time = (ms: number) => withZone(ms, zone);
    return {
      ...rest,
      session_id: `prop-${serial}`,
      start_at: time(start),
      end_at: time(start + length * HOUR),
      ...(seen === undefined ? {} : { seen_at: time(start + seen * 60_000) }),
      ...(revoked ? { revoked_at: time(start + 60_000) } : {}),
    };
  });

function withZone(ms: number, zone: string): string {
  const utc = new Date(ms).toISOString();
  if (zone === 'Z') return utc;
  const sign = zone.startsWith('-') ? -1 : 1;
  const minutes = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(-2)));
  return new Date(ms + minutes * 60_000).toISOString().replace('Z', zone);
}

const FIELDS = ['product', 'session', 'env', 'identifier', 'session_id', 'start_at', 'end_at'] as const;
const TIME_FIELDS = ['start_at', 'end_at'] as const;
const wrongValue = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.string(), { maxLength: 2 }),
);
const badTime = fc.constantFrom(
  '2026-04-01T10:00:00', // no zone
  '2026-04-01 10:00:00',
  '2026-04-01',
  '1969-12-31T23:59:59Z', // before 1970
  '0000-01-01T00:00:00Z',
  '+275760-09-13T00:00:00Z',
  '10000-01-01T00:00:00Z',
  '2026-13-01T00:00:00Z',
  '2026-02-30T00:00:00Z',
  '2026-04-01T24:00:00Z',
  '2026-04-01T10:60:00Z',
  '2026-04-01T10:00:00+25:00',
  'yesterday',
  '1712000000000',
  '',
);
const controlCharacter = fc
  .integer({ min: 0, max: 0x9f })
  .filter((code) => code < 0x20 || code >= 0x7f)
  .map(String.fromCharCode);
const badTag = fc.oneof(
  fc.constantFrom(
    '',
    '-leading',
    '.dot',
    '_under',
    'has space',
    'slash/y',
    'é',
    'a'.repeat(65),
    'tab\tx',
    'semi;colon',
  ),
  anyText.filter((text) => !/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(text)),
);

/** One way to spoil a batch of good records; `body` is the text sent, `reject` true when it must be refused. */
type Spoil = (records: Json[]) => fc.Arbitrary<{ kind: string; body: string; type?: string }>;

const at = (records: Json[]) => fc.integer({ min: 0, max: records.length - 1 });
const replaced = (records: Json[], index: number, record: Json) =>
  JSON.stringify({ records: records.map((r, i) => (i === index ? record : r)) });

const SPOILERS: Record<string, Spoil> = {
  'malformed JSON': (records) =>
    fc
      .integer({ min: 0, max: JSON.stringify({ records }).length - 1 })
      .map((cut) => ({ kind: 'malformed JSON', body: JSON.stringify({ records }).slice(0, cut) })),
  'not JSON': (records) =>
    fc
      .constantFrom('text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x')
      .map((type) => ({
        kind: 'not JSON',
        body: JSON.stringify({ records }),
        type,
      })),
  'wrong type': (records) =>
    fc.tuple(at(records), fc.constantFrom(...FIELDS), wrongValue).map(([i, field, value]) => ({
      kind: 'wrong type',
      body: replaced(records, i, { ...records[i], [field]: value }),
    })),
  'unknown field': (records) =>
    fc.tuple(at(records), fc.string({ minLength: 1, maxLength: 12 })).map(([i, name]) => ({
      kind: 'unknown field',
      body: replaced(records, i, { ...records[i], [FIELDS.includes(name as never) ? `${name}_x` : name]: 1 }),
    })),
  'missing field': (records) =>
    fc.tuple(at(records), fc.constantFrom(...FIELDS)).map(([i, field]) => {
      const { [field]: _, ...rest } = records[i] as Json;
      return { kind: 'missing field', body: replaced(records, i, rest) };
    }),
  'bad time': (records) =>
    fc
      .tuple(at(records), fc.constantFrom(...TIME_FIELDS, 'seen_at', 'revoked_at'), badTime)
      .map(([i, field, value]) => ({
        kind: 'bad time',
        body: replaced(records, i, { ...records[i], [field]: value }),
      })),
  'end before start': (records) =>
    fc.tuple(at(records), fc.integer({ min: 0, max: 100 })).map(([i, back]) => {
      const record = records[i] as Json;
      const end = new Date(Date.parse(record.start_at as string) - back * 60_000).toISOString();
      return { kind: 'end before start', body: replaced(records, i, { ...record, end_at: end }) };
    }),
  'session_id of another user': (records) =>
    fc.tuple(at(records), fc.constantFrom(...takenSessionIds)).map(([i, sessionId]) => ({
      kind: 'session_id of another user',
      body: replaced(records, i, { ...records[i], identifier: `stranger-${serial}`, session_id: sessionId }),
    })),
  'control characters': (records) =>
    fc
      .tuple(at(records), fc.constantFrom('identifier', 'session_id', 'ductape_user_id'), controlCharacter, fc.nat(5))
      .map(([i, field, control, position]) => {
        const text = String((records[i] as Json)[field] ?? 'du-x');
        const spoiled = text.slice(0, position) + control + text.slice(position);
        return { kind: 'control characters', body: replaced(records, i, { ...records[i], [field]: spoiled }) };
      }),
  'too many records': (records) =>
    fc.integer({ min: BATCH_MAX_RECORDS + 1, max: BATCH_MAX_RECORDS + 50 }).map((count) => ({
      kind: 'too many records',
      body: JSON.stringify({
        records: Array.from({ length: count }, (_, i) => ({ ...records[0], session_id: `many-${serial}-${i}` })),
      }),
    })),
  'over 1 MiB': (records) =>
    fc.integer({ min: 1, max: 4096 }).map((extra) => ({
      kind: 'over 1 MiB',
      body: JSON.stringify({ records, padding: 'x'.repeat(BATCH_MAX_BYTES + extra) }),
    })),
  'duplicate in batch': (records) =>
    at(records).map((i) => ({
      kind: 'duplicate in batch',
      body: JSON.stringify({ records: [...records, { ...records[i], identifier: `dup-${serial}` }] }),
    })),
  'bad tag': (records) =>
    fc.tuple(at(records), fc.constantFrom('product', 'session', 'env'), badTag).map(([i, field, value]) => ({
      kind: 'bad tag',
      body: replaced(records, i, { ...records[i], [field]: value }),
    })),
  'not a batch': () =>
    fc
      .constantFrom(
        'null',
        '[]',
        '{}',
        '{"records":[]}',
        '{"records":{}}',
        '"records"',
        '{"records":[1]}',
        '{"rows":[]}',
      )
      .map((body) => ({ kind: 'not a batch', body })),
};

const kinds = Object.keys(SPOILERS);
const testCase = fc
  .tuple(fc.array(goodRecord, { minLength: 1, maxLength: 5 }), fc.option(fc.constantFrom(...kinds), { freq: 6 }))
  .chain(([records, kind]) =>
    kind === null
      ? fc.constant({ kind: 'good batch', body: JSON.stringify({ records }), type: undefined, reject: false })
      : (SPOILERS[kind] as Spoil)(records).map((spoiled) => ({ ...spoiled, reject: true })),
  );

describe(`the ingest route answers anything with 200 or a 4xx and refuses bad batches whole (${RUNS} generated batches)`, () => {
  it(
    'POST /api/ingest/sessions',
    async () => {
      const seen = new Map<string, number>();
      await fc.assert(
        fc.asyncProperty(testCase, async ({ kind, body, type, reject }) => {
          seen.set(kind, (seen.get(kind) ?? 0) + 1);
          const before = storeFingerprint(harness.store);
          const response = await harness.app.request(INGEST_PATH, {
            method: 'POST',
            headers: { ...INGEST_BEARER, 'Content-Type': type ?? 'application/json' },
            body,
          });
          const label = `${kind}: ${body.slice(0, 200)}`;
          const { status } = await expectContractAnswer(response, ingestResultSchema, label);
          expect(status === 200, label).toBe(!reject);
          if (status !== 200) expect(storeFingerprint(harness.store), label).toBe(before);
        }),
        { numRuns: RUNS },
      );
      await expectHealthy(harness);
      // Every kind of bad input was tried (at 1,000 runs each comes up dozens of times).
      if (RUNS >= 500) expect([...seen.keys()].sort()).toEqual([...kinds, 'good batch'].sort());
    },
    TIMEOUT,
  );
});
