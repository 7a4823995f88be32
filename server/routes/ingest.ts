import { createRoute, type Hook, type OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import type { core } from 'zod';
import {
  BATCH_MAX_BYTES,
  BATCH_MAX_RECORDS,
  ingestRequestSchema,
  ingestResultSchema,
  problemsOf,
} from '../../src/contract/ingest.ts';
import { errorBodySchema } from '../../src/contract/session-users.ts';
import { errorResponse } from '../http-errors.ts';
import { INGEST_PATH } from '../ingest-access.ts';
import type { SessionUsersSource } from '../store/source.ts';
import { toClassic } from './openapi-schema.ts';
import { jsonResponse, tooManyRequestsDoc, unauthorizedDoc, unavailableDoc } from './responses.ts';

/** At most this many problems are listed in `details` (a batch of 1,000 bad records would list thousands). */
const MAX_DETAILS = 200;

const TOO_LARGE_MESSAGE = `A batch may hold at most ${BATCH_MAX_RECORDS} records and ${BATCH_MAX_BYTES} bytes (1 MiB): split it into smaller batches.`;

/** Documentation entries for this route's own error answers (server/routes/responses.ts has the shared ones). */
const errorEntry = (description: string) => jsonResponse(errorBodySchema, description);

export const ingestRoute = createRoute({
  method: 'post',
  path: INGEST_PATH,
  tags: ['ingest'],
  operationId: 'ingestSessions',
  summary: 'Send session records in (needs INGEST_TOKEN)',
  description:
    `A batch of 1 to ${BATCH_MAX_RECORDS} session records, at most 1 MiB, applied all or nothing. Idempotent upserts ` +
    'by session_id: a later end_at refreshes a session, revoked_at revokes it for good, seen_at moves the ' +
    "user's last_seen forward; sending the same batch again changes nothing. A new product, session, " +
    'environment and identifier creates the user. 200 means the batch is on disk: it survives the server ' +
    'being killed at any moment, and a read right after sees it.',
  security: [{ ingestBearerAuth: [] }],
  middleware: [
    bodyLimit({
      maxSize: BATCH_MAX_BYTES,
      onError: (c) => errorResponse(c, 413, 'PAYLOAD_TOO_LARGE', TOO_LARGE_MESSAGE),
    }),
  ] as const,
  request: {
    body: { required: true, content: { 'application/json': { schema: toClassic(ingestRequestSchema) } } },
  },
  responses: {
    200: jsonResponse(
      ingestResultSchema,
      'Every record applied (and on disk): how many users and sessions it made or changed.',
    ),
    400: errorEntry(
      'INVALID_PARAMS: the body is not sent as JSON (Content-Type: application/json) or is not valid JSON, or ' +
        'one or more records are not valid; `details` lists each ' +
        '{index, field, message}. Nothing of the batch was applied.',
    ),
    401: unauthorizedDoc,
    403: errorEntry(
      'FORBIDDEN: the dashboard token cannot send data, ingestion is off (INGEST_TOKEN is not set), or the ' +
        'request came from another site.',
    ),
    413: errorEntry(`PAYLOAD_TOO_LARGE: over ${BATCH_MAX_RECORDS} records or over 1 MiB.`),
    429: tooManyRequestsDoc,
    503: unavailableDoc,
  },
});

/** A batch that fails the contract: 413 when it holds too many records, else 400 naming every record and field. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a validation hook, like validation.ts's defaultHook
const batchProblems: Hook<any, any, any, any> = (result, c) => {
  if (result.success) return undefined;
  const issues: readonly core.$ZodIssue[] = result.error.issues;
  if (issues.some((issue) => issue.code === 'too_big' && issue.path.length === 1 && issue.path[0] === 'records')) {
    return errorResponse(c, 413, 'PAYLOAD_TOO_LARGE', TOO_LARGE_MESSAGE);
  }
  const problems = problemsOf(issues);
  const inRecords = problems.filter((problem) => problem.index >= 0);
  const [first] = inRecords;
  if (first === undefined) {
    return errorResponse(c, 400, 'INVALID_PARAMS', problems[0]?.message ?? 'Send {"records": [SessionRecord, …]}.');
  }
  const records = new Set(inRecords.map((problem) => problem.index)).size;
  const message =
    `${records} record${records === 1 ? '' : 's'} of the batch ${records === 1 ? 'is' : 'are'} not valid, so nothing ` +
    `was applied. Record ${first.index}, ${first.field}: ${first.message}.`;
  return errorResponse(c, 400, 'INVALID_PARAMS', message, inRecords.slice(0, MAX_DETAILS));
};

/** Thin: the batch is validated by the shared schema; the store applies it (or refuses it) in one transaction. */
export function registerIngestRoutes(app: OpenAPIHono, source: SessionUsersSource): void {
  app.openapi(
    ingestRoute,
    async (c) => {
      const { records } = c.req.valid('json');
      return c.json(await source.ingest(records), 200);
    },
    // Typed loosely: its error answers are not among the handler's typed success responses.
    batchProblems as never,
  );
}
