import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { parsePostgresUrl, type PostgresDatabaseLocation } from './postgres/pg-settings.ts';

export interface SqliteDatabaseLocation {
  kind: 'sqlite';
  /** An absolute file path, or `:memory:`. */
  path: string;
}

export type DatabaseLocation = SqliteDatabaseLocation | PostgresDatabaseLocation;

const EXAMPLE = 'file:./data/dashboard.db';
const PG_EXAMPLE = 'postgres://user:password@host:5432/dashboard';

/**
 * Reads DATABASE_URL: `file:` URLs name the embedded SQLite store (`file:./relative.db`,
 * `file:/absolute.db`, `file:///absolute.db` and `file::memory:`; relative paths resolve against
 * the working directory); `postgres://` and `postgresql://` URLs name a PostgreSQL database
 * (see pg-settings.ts for the pool and timeout options).
 */
export function parseDatabaseUrl(url: string, env: Record<string, string | undefined> = {}): DatabaseLocation {
  const text = url.trim();
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(text)?.[1];
  if (scheme === undefined) {
    throw new Error(`DATABASE_URL must start with "file:" or "postgres:" (for example ${EXAMPLE}).`);
  }
  if (/^postgres(ql)?$/i.test(scheme)) return parsePostgresUrl(text, env);
  if (scheme.toLowerCase() !== 'file') {
    // Only the scheme is echoed: the rest of a server URL may hold a password.
    throw new Error(
      `DATABASE_URL uses "${scheme}:", which this dashboard does not support; use a file: URL for the embedded SQLite store (for example ${EXAMPLE}) or a PostgreSQL URL (${PG_EXAMPLE}).`,
    );
  }
  const rest = text.slice(scheme.length + 1);
  if (rest.includes('?') || rest.includes('#')) {
    throw new Error(
      `DATABASE_URL must be a plain file path after "file:", without "?" options or "#" (for example ${EXAMPLE}).`,
    );
  }
  if (rest === ':memory:') return { kind: 'sqlite', path: ':memory:' };
  const path = rest.startsWith('//') ? pathFromFileUrl(`file:${rest}`) : rest;
  if (path === '') throw new Error(`DATABASE_URL names no file after "file:" (for example ${EXAMPLE}).`);
  return { kind: 'sqlite', path: resolve(path) };
}

function pathFromFileUrl(url: string): string {
  try {
    return fileURLToPath(url);
  } catch (error) {
    throw new Error(`DATABASE_URL is not a usable file URL: ${(error as Error).message}`, { cause: error });
  }
}
