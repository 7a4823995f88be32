import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';

export interface Config {
  host: string;
  port: number;
  databaseUrl: string;
  token: string;
  /** True when DASHBOARD_TOKEN was not set and a random token was made for this run. */
  tokenGenerated: boolean;
  /** INGEST_TOKEN: the write-only token for POST /api/ingest/sessions; unset, ingestion is off. */
  ingestToken?: string;
}

/** A setting that cannot be used; main prints the message alone (no stack) and exits 1. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export const DEFAULTS = {
  host: '127.0.0.1',
  port: 8787,
  databaseUrl: 'file:./data/dashboard.db',
} as const;

export const TOKEN_MIN_LENGTH = 8;
export const TOKEN_MAX_LENGTH = 512;

/** A DNS name (RFC 1123 labels) or `localhost`; IP literals are checked with `isIP`. */
const HOSTNAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;
/** Printable ASCII without spaces: safe in a header, a cookie-free URL and a terminal. */
const TOKEN_CHARS = /^[\x21-\x7e]+$/;

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env = process.env): Config {
  const host = parseHost(env.HOST);
  const port = parsePort(env.PORT);
  const databaseUrl = parseDatabaseUrlSetting(env.DATABASE_URL);
  const given = env.DASHBOARD_TOKEN;
  const base =
    given === undefined || given === ''
      ? { host, port, databaseUrl, token: generateToken(), tokenGenerated: true }
      : { host, port, databaseUrl, token: parseToken(given), tokenGenerated: false };
  const ingestToken = parseIngestToken(env.INGEST_TOKEN, base.token);
  return ingestToken === undefined ? base : { ...base, ingestToken };
}

export const INGEST_TOKEN_MIN_LENGTH = 16;

function parseIngestToken(value: string | undefined, dashboardToken: string): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (!TOKEN_CHARS.test(value)) {
    throw new ConfigError('INGEST_TOKEN may only hold printable ASCII characters without spaces.');
  }
  if (value.length < INGEST_TOKEN_MIN_LENGTH || value.length > TOKEN_MAX_LENGTH) {
    throw new ConfigError(
      `INGEST_TOKEN must be ${INGEST_TOKEN_MIN_LENGTH} to ${TOKEN_MAX_LENGTH} characters long (unset it to turn ingestion off).`,
    );
  }
  if (value === dashboardToken) {
    throw new ConfigError('INGEST_TOKEN must differ from DASHBOARD_TOKEN: each token does one job.');
  }
  return value;
}

export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

function parseHost(value: string | undefined): string {
  if (value === undefined || value === '') return DEFAULTS.host;
  const host = value.trim();
  if (isIP(host) || HOSTNAME.test(host)) return host;
  throw new ConfigError(
    `HOST must be an IP address or host name (like 127.0.0.1 or 0.0.0.0), not ${JSON.stringify(value)}.`,
  );
}

function parsePort(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULTS.port;
  const text = value.trim();
  const port = /^\d{1,5}$/.test(text) ? Number(text) : NaN;
  if (Number.isInteger(port) && port >= 0 && port <= 65535) return port;
  throw new ConfigError(`PORT must be a whole number from 0 to 65535, not ${JSON.stringify(value)}.`);
}

function parseDatabaseUrlSetting(value: string | undefined): string {
  if (value === undefined || value === '') return DEFAULTS.databaseUrl;
  if (value.trim() === '') throw new ConfigError('DATABASE_URL must not be blank.');
  return value.trim();
}

function parseToken(value: string): string {
  if (!TOKEN_CHARS.test(value)) {
    throw new ConfigError('DASHBOARD_TOKEN may only hold printable ASCII characters without spaces.');
  }
  if (value.length < TOKEN_MIN_LENGTH || value.length > TOKEN_MAX_LENGTH) {
    throw new ConfigError(
      `DASHBOARD_TOKEN must be ${TOKEN_MIN_LENGTH} to ${TOKEN_MAX_LENGTH} characters long (unset it to get a random one).`,
    );
  }
  return value;
}
