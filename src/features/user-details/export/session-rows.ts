import { sessionLength } from '../model/sessions.ts';
import type { TimedSession } from '../model/sessions.ts';

/** Who the exported sessions belong to; repeated in every row so a row stands on its own. */
export interface ExportIdentity {
  identifier: string;
  ductape_user_id: string;
  product_tag: string;
  session_tag: string;
  env: string;
}

export interface SessionExportRow extends ExportIdentity {
  session_id: string;
  start_at: string;
  end_at: string;
  duration_seconds: number;
  status: 'active' | 'expired';
  revoked: boolean;
}

export const EXPORT_COLUMNS: (keyof SessionExportRow)[] = [
  'identifier',
  'ductape_user_id',
  'product_tag',
  'session_tag',
  'env',
  'session_id',
  'start_at',
  'end_at',
  'duration_seconds',
  'status',
  'revoked',
];

/** ISO-8601 UTC ("…Z") when the API's timestamp parses, else the API's text unchanged. */
function utc(ms: number, raw: string): string {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : raw;
}

export function toExportRows(identity: ExportIdentity, sessions: readonly TimedSession[]): SessionExportRow[] {
  const { identifier, ductape_user_id, product_tag, session_tag, env } = identity;
  return sessions.map((session) => ({
    identifier,
    ductape_user_id,
    product_tag,
    session_tag,
    env,
    session_id: session.id,
    start_at: utc(session.start, session.source.start_at),
    end_at: utc(session.end, session.source.end_at),
    duration_seconds: Math.floor(sessionLength(session) / 1000),
    status: session.active ? 'active' : 'expired',
    revoked: session.revoked,
  }));
}

export interface ExportMeta {
  exported_at: string;
  time_zone: 'UTC';
  /** The history filter; `from` and `to` are whole days in `dates_time_zone`. */
  filter: { status: string; from?: string; to?: string; dates_time_zone?: string };
}

export function sessionsToJson(identity: ExportIdentity, rows: readonly SessionExportRow[], meta: ExportMeta): string {
  return `${JSON.stringify({ user: identity, ...meta, count: rows.length, sessions: rows }, null, 2)}\n`;
}

/**
 * "sessions_user@example.com_production_2026-11-30.csv": characters that file systems or
 * download prompts reject (slashes, quotes, control characters…) become "_".
 */
export function exportFileName(identifier: string, env: string, date: Date, extension: 'csv' | 'json'): string {
  const safe = (text: string) =>
    text
      .normalize('NFC')
      .replace(/[^\p{L}\p{N}@.+-]+/gu, '_')
      .replace(/^[.\-_]+|[._]+$/g, '')
      .slice(0, 80) || 'user';
  return `sessions_${safe(identifier)}_${safe(env)}_${date.toISOString().slice(0, 10)}.${extension}`;
}
