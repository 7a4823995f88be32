import type * as z from 'zod/mini';
import {
  sessionRecordSchema,
  userDocumentSchema,
  type SessionRecord,
  type UserDocument,
} from '../../src/contract/ingest.ts';
import { fromExtendedJson } from './extended-json.ts';

/** One line (or array element, or CSV row) of an import file, checked against the contract. */
export type ImportItem =
  | { kind: 'record'; record: SessionRecord }
  | { kind: 'document'; document: UserDocument }
  | { kind: 'rejected'; reason: string };

/** Fields only a user document has: an item with any of them is read as one. */
const DOCUMENT_FIELDS = ['_id', 'product_tag', 'session_tag', 'sessions', 'first_seen', 'createdAt'];

/**
 * A parsed JSON value (or CSV row) → a session record or a user document, validated by the same
 * schemas as POST /api/ingest/sessions, or the reason it cannot be imported.
 */
export function classifyItem(raw: unknown): ImportItem {
  const value = fromExtendedJson(raw);
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { kind: 'rejected', reason: 'not a JSON object (a session record or a user document)' };
  }
  const isDocument = DOCUMENT_FIELDS.some((field) => field in value);
  if (isDocument) {
    const parsed = userDocumentSchema.safeParse(value);
    return parsed.success
      ? { kind: 'document', document: parsed.data }
      : { kind: 'rejected', reason: `user document: ${describeIssues(parsed.error.issues)}` };
  }
  const parsed = sessionRecordSchema.safeParse(value);
  return parsed.success
    ? { kind: 'record', record: parsed.data }
    : { kind: 'rejected', reason: `session record: ${describeIssues(parsed.error.issues)}` };
}

/** `end_at: end_at must be later than start_at; foo: unknown field` */
function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const parts: string[] = [];
  for (const issue of issues) {
    const at = issue.path.join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) parts.push(`${at === '' ? key : `${at}.${key}`}: unknown field`);
    } else {
      parts.push(at === '' ? issue.message : `${at}: ${issue.message}`);
    }
  }
  return parts.join('; ');
}
