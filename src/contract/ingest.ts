import * as z from 'zod/mini';
import { described, type RecordProblem } from './session-users.ts';

/**
 * Data in and out (the contract's "Data in and out"): the session records an application sends to
 * `POST /api/ingest/sessions`, the batch around them, the answer, and the user documents that
 * `npm run import` reads and `npm run export` writes. Written with `zod/mini` like the rest of the
 * contract; the server rebuilds them as classic zod for OpenAPI.
 */

export const BATCH_MAX_RECORDS = 1_000;
export const BATCH_MAX_BYTES = 1024 * 1024;
export const TAG_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const IDENTIFIER_MAX_CHARS = 512;
export const SESSION_ID_MAX_CHARS = 128;
export const DUCTAPE_USER_ID_MAX_CHARS = 128;
/** Earliest and latest times a record may carry (the store keeps years up to 9999). */
export const FIRST_TIME_MS = 0; // 1970-01-01T00:00:00.000Z
export const LAST_TIME_MS = 253_402_300_799_999; // 9999-12-31T23:59:59.999Z

const ISO_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:(Z)|([+-])(\d{2}):?(\d{2}))$/;
const ISO_TIME_WITHOUT_ZONE = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;

/**
 * An ISO-8601 time with `Z` or an offset (`+02:00`, `+0200`) → milliseconds since the epoch
 * (digits past the millisecond are dropped), or undefined when it is not one, names a day or hour
 * that does not exist, or lies outside 1970–9999.
 */
export function parseIsoTime(text: string): number | undefined {
  if (text.length === 24) {
    const fast = parseStoredFormat(text);
    if (fast !== undefined) return fast;
  }
  const match = ISO_TIME.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s = '0', fraction = '', zulu, sign, offsetH = '0', offsetM = '0'] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  if (!zulu && (Number(offsetH) > 23 || Number(offsetM) > 59)) return undefined;
  // Date.UTC reads years 0–99 as 1900–1999; nothing before 1969 can land in range anyway.
  if (year < 1969) return undefined;
  const offsetMinutes = zulu ? 0 : (sign === '-' ? -1 : 1) * (Number(offsetH) * 60 + Number(offsetM));
  const millis = fraction === '' ? 0 : Number(fraction.slice(0, 3).padEnd(3, '0'));
  const ms = Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000;
  return ms >= FIRST_TIME_MS && ms <= LAST_TIME_MS ? ms : undefined;
}

const STORED_FORMAT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * The stored format (`2026-05-01T09:30:00.000Z`, what export writes: millions of times per
 * import) read without the general pattern's groups; undefined sends it the general way.
 */
function parseStoredFormat(text: string): number | undefined {
  if (!STORED_FORMAT.test(text)) return undefined;
  const digits = (from: number, to: number) => {
    let value = 0;
    for (let i = from; i < to; i++) value = value * 10 + text.charCodeAt(i) - 48;
    return value;
  };
  const year = digits(0, 4);
  const month = digits(5, 7);
  const day = digits(8, 10);
  const hour = digits(11, 13);
  const minute = digits(14, 16);
  const second = digits(17, 19);
  if (year < 1970 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second, digits(20, 23));
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function timeProblem(name: string, input: unknown): string {
  if (input === undefined) return `${name} is required`;
  if (typeof input !== 'string') return `${name} must be an ISO-8601 time as text, like 2026-05-01T09:30:00Z`;
  if (ISO_TIME_WITHOUT_ZONE.test(input)) return `${name} has no time zone: end it with Z or an offset like +02:00`;
  if (ISO_TIME.test(input)) return `${name} is not a real time from 1970 to 9999`;
  return `${name} must be an ISO-8601 time with Z or an offset, like 2026-05-01T09:30:00Z`;
}

const isoTime = (name: string) =>
  described(
    z
      .string({ error: (issue) => timeProblem(name, issue.input) })
      .check(
        z.refine((text) => parseIsoTime(text) !== undefined, { error: (issue) => timeProblem(name, issue.input) }),
      ),
    {
      description: `ISO-8601 time with Z or an offset (years 1970–9999)`,
      example: '2026-05-01T09:30:00Z',
    },
  );

/**
 * True when `later` is not after `earlier` (or is before it, with `allowEqual`). Only compares
 * times that are valid themselves: a bad one already has its own problem.
 */
function notAfter(later: string, earlier: string, allowEqual = false): boolean {
  const a = parseIsoTime(later);
  const b = parseIsoTime(earlier);
  if (a === undefined || b === undefined) return false;
  return allowEqual ? a < b : a <= b;
}

const text = (name: string) =>
  z.string({ error: (issue) => (issue.input === undefined ? `${name} is required` : `${name} must be text`) });

/** Characters, not UTF-16 units: an emoji counts once. */
function characterCount(value: string): number {
  let count = 0;
  for (const _ of value) count += 1;
  return count;
}

// C0 and C1 control characters (tabs and newlines included) and DEL.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

/** Half of a UTF-16 pair without its other half: not text, and stored as U+FFFD it would not match again. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** 1 to `max` characters of well-formed Unicode without control characters. */
const cleanText = (name: string, max: number, example?: string) =>
  described(
    text(name).check(
      z.refine((value) => value.length > 0 && characterCount(value) <= max, {
        error: `${name} must be 1 to ${max} characters long`,
      }),
      z.refine((value) => !CONTROL_CHARACTER.test(value), {
        error: `${name} must not contain control characters (such as tabs or newlines)`,
      }),
      z.refine((value) => !LONE_SURROGATE.test(value), { error: `${name} must be well-formed Unicode text` }),
    ),
    {
      description: `1 to ${max} characters, no control characters`,
      ...(example === undefined ? {} : { example }),
    },
  );

const tag = (name: string, example: string) =>
  described(
    text(name).check(
      z.regex(TAG_PATTERN, {
        error: `${name} must be 1 to 64 characters of A-Z a-z 0-9 . _ - starting with a letter or digit`,
      }),
    ),
    { description: '1 to 64 of A-Z a-z 0-9 . _ -, starting with a letter or digit', example },
  );

const unknownFieldsError = (what: string) => (issue: z.core.$ZodRawIssue) =>
  issue.code === 'unrecognized_keys' ? 'unknown field' : `${what} must be a JSON object`;

export const sessionRecordSchema = described(
  z
    .strictObject(
      {
        product: tag('product', 'my-product'),
        session: tag('session', 'user-session'),
        env: tag('env', 'production'),
        identifier: cleanText('identifier', IDENTIFIER_MAX_CHARS, 'user@example.com'),
        session_id: cleanText('session_id', SESSION_ID_MAX_CHARS, 'a6f0c2d4-3b1e-4f7a-9c2d-1e5b7a9c3f10'),
        start_at: isoTime('start_at'),
        end_at: isoTime('end_at'),
        revoked_at: described(
          z.optional(
            z.nullable(
              z.string({ error: (issue) => timeProblem('revoked_at', issue.input) }).check(
                z.refine((value) => parseIsoTime(value) !== undefined, {
                  error: (issue) => timeProblem('revoked_at', issue.input),
                }),
              ),
            ),
          ),
          { description: 'When the session was revoked (for good); null or absent: not revoked' },
        ),
        seen_at: described(z.optional(isoTime('seen_at')), {
          description: "Activity time, not before start_at: moves the user's last_seen forward (default start_at)",
        }),
        ductape_user_id: described(z.optional(cleanText('ductape_user_id', DUCTAPE_USER_ID_MAX_CHARS)), {
          description: 'Kept for a new user (unique); generated when absent',
        }),
      },
      { error: unknownFieldsError('each record') },
    )
    .check(
      z.superRefine((record, ctx) => {
        if (notAfter(record.end_at, record.start_at)) {
          ctx.addIssue({
            code: 'custom',
            path: ['end_at'],
            message: 'end_at must be later than start_at',
            input: record,
          });
        }
        if (record.seen_at !== undefined && notAfter(record.seen_at, record.start_at, true)) {
          ctx.addIssue({
            code: 'custom',
            path: ['seen_at'],
            message: 'seen_at must not be before start_at',
            input: record,
          });
        }
      }),
    ),
  { id: 'SessionRecord' },
);
export type SessionRecord = z.infer<typeof sessionRecordSchema>;

export const ingestRequestSchema = described(
  z
    .strictObject(
      {
        records: z.array(sessionRecordSchema, { error: 'records must be an array of session records' }).check(
          z.minLength(1, { error: 'records must hold at least one record' }),
          z.maxLength(BATCH_MAX_RECORDS, {
            error: `A batch holds at most ${BATCH_MAX_RECORDS} records: split it into smaller batches`,
          }),
        ),
      },
      { error: unknownFieldsError('The body') },
    )
    .check(
      z.superRefine((batch, ctx) => {
        const firstIndex = new Map<string, number>();
        batch.records.forEach((record, index) => {
          const first = firstIndex.get(record.session_id);
          if (first === undefined) firstIndex.set(record.session_id, index);
          else {
            ctx.addIssue({
              code: 'custom',
              path: ['records', index, 'session_id'],
              message: `session_id is repeated: record ${first} of this batch has it too`,
              input: record.session_id,
            });
          }
        });
      }),
    ),
  { id: 'IngestRequest' },
);

const tally = (description: string) => described(z.int().check(z.nonnegative()), { description });

export const ingestResultSchema = described(
  z.object({
    accepted: tally('Records (or user documents) in the batch, all applied'),
    users_created: tally('Users seen for the first time'),
    sessions_created: tally('Sessions seen for the first time'),
    sessions_updated: tally('Known sessions that changed (refreshed, revoked); unchanged ones are not counted'),
  }),
  { id: 'IngestResult' },
);
export type IngestResult = z.infer<typeof ingestResultSchema>;

/** A session inside a user document: IUserSessionInfo plus `revoked_at`; `active` is worked out again on import. */
export const documentSessionSchema = described(
  z
    .object({
      session_id: cleanText('session_id', SESSION_ID_MAX_CHARS),
      start_at: isoTime('start_at'),
      end_at: isoTime('end_at'),
      active: z.optional(z.boolean()),
      revoked: z.optional(z.boolean()),
      revoked_at: z.optional(
        z.nullable(
          z.string({ error: (issue) => timeProblem('revoked_at', issue.input) }).check(
            z.refine((value) => parseIsoTime(value) !== undefined, {
              error: (issue) => timeProblem('revoked_at', issue.input),
            }),
          ),
        ),
      ),
    })
    .check(
      z.superRefine((session, ctx) => {
        if (notAfter(session.end_at, session.start_at)) {
          ctx.addIssue({
            code: 'custom',
            path: ['end_at'],
            message: 'end_at must be later than start_at',
            input: session,
          });
        }
      }),
    ),
  { id: 'DocumentSession' },
);

/**
 * A user as the platform's fetchUserDetails shows it (ISessionUser fields and every session),
 * after MongoDB Extended JSON is read as plain values. Fields beyond these (`__v`,
 * `totalSessions`…) are ignored, so dumps and exports import as they are.
 */
export const userDocumentSchema = described(
  z.object({
    _id: described(
      text('_id').check(z.regex(/^[0-9a-f]{24}$/i, { error: '_id must be 24 hexadecimal digits (an ObjectId)' })),
      { example: '6750c1f2a8e4b2c3d4e5f601' },
    ),
    ductape_user_id: cleanText('ductape_user_id', DUCTAPE_USER_ID_MAX_CHARS),
    product_tag: tag('product_tag', 'my-product'),
    session_tag: tag('session_tag', 'user-session'),
    env: tag('env', 'production'),
    identifier: cleanText('identifier', IDENTIFIER_MAX_CHARS, 'user@example.com'),
    first_seen: isoTime('first_seen'),
    last_seen: isoTime('last_seen'),
    createdAt: isoTime('createdAt'),
    updatedAt: isoTime('updatedAt'),
    sessions: z.array(documentSessionSchema, { error: 'sessions must be an array' }),
  }),
  { id: 'UserDocument' },
);
export type UserDocument = z.infer<typeof userDocumentSchema>;

/**
 * A failed check of a batch, as the contract's per-record problems: `path` is where zod found
 * the problem (`['records', 3, 'end_at']`). Problems outside any record get index -1.
 */
export function problemsOf(issues: readonly z.core.$ZodIssue[], listKey = 'records'): RecordProblem[] {
  const problems: RecordProblem[] = [];
  for (const issue of issues) {
    const [key, index, ...field] = issue.path;
    const inRecord = key === listKey && typeof index === 'number';
    const at = inRecord ? index : -1;
    const base = inRecord ? field.join('.') : issue.path.join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const unknown of issue.keys) {
        problems.push({ index: at, field: base === '' ? unknown : `${base}.${unknown}`, message: 'unknown field' });
      }
    } else {
      problems.push({ index: at, field: base, message: issue.message });
    }
  }
  return problems;
}
