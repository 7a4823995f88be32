import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';

/** `always`: the login cookie is always marked Secure; `auto`: only when the request came over HTTPS. */
export type CookieSecure = 'always' | 'auto';

export interface Config {
  host: string;
  port: number;
  databaseUrl: string;
  token: string;
  /** True when DASHBOARD_TOKEN was not set and a random token was made for this run. */
  tokenGenerated: boolean;
  /** Host names answered besides the loopback ones (ALLOWED_HOSTS); absent means none. */
  allowedHosts?: readonly string[];
  /** When the login cookie carries `Secure` (COOKIE_SECURE); absent means `auto`. */
  cookieSecure?: CookieSecure;
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

export const TOKEN_MIN_LENGTH = 16;
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
  const allowedHosts = parseAllowedHosts(env.ALLOWED_HOSTS);
  const cookieSecure = parseCookieSecure(env.COOKIE_SECURE);
  const settings = { host, port, databaseUrl, allowedHosts, cookieSecure };
  const given = readSecretToken(env, 'DASHBOARD_TOKEN');
  const base =
    given === undefined
      ? { ...settings, token: generateToken(), tokenGenerated: true }
      : { ...settings, token: given, tokenGenerated: false };
  const ingestToken = readSecretToken(env, 'INGEST_TOKEN');
  if (ingestToken === undefined) return base;
  if (ingestToken === base.token) {
    throw new ConfigError('INGEST_TOKEN must differ from DASHBOARD_TOKEN: each token does one job.');
  }
  return { ...base, ingestToken };
}

export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * A token the operator sets in the environment (DASHBOARD_TOKEN, INGEST_TOKEN): undefined when
 * unset or empty; otherwise 16 to 512 printable ASCII characters, or a ConfigError naming it.
 */
export function readSecretToken(env: Env, name: string): string | undefined {
  const value = env[name];
  if (value === undefined || value === '') return undefined;
  if (!TOKEN_CHARS.test(value)) {
    throw new ConfigError(`${name} may only hold printable ASCII characters without spaces.`);
  }
  if (value.length < TOKEN_MIN_LENGTH) {
    throw new ConfigError(
      `${name} is too short: it must be at least ${TOKEN_MIN_LENGTH} characters (it has ${value.length}); use a long random value, or unset it.`,
    );
  }
  if (value.length > TOKEN_MAX_LENGTH) {
    throw new ConfigError(`${name} is too long: it must be at most ${TOKEN_MAX_LENGTH} characters.`);
  }
  return value;
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

/** `ALLOWED_HOSTS=dashboard.example.com,10.0.0.5,[fd00::1]`: names without a port, any case. */
function parseAllowedHosts(value: string | undefined): readonly string[] {
  if (value === undefined || value.trim() === '') return [];
  return value.split(',').map((entry) => {
    const name = entry.trim().toLowerCase();
    const bare = name.startsWith('[') && name.endsWith(']') ? name.slice(1, -1) : name;
    if (isIP(bare) === 6) return `[${bare}]`;
    if (isIP(bare) === 4 || HOSTNAME.test(bare)) return bare;
    throw new ConfigError(
      `ALLOWED_HOSTS must be host names or IP addresses separated by commas, without ports (like dashboard.example.com,10.0.0.5), not ${JSON.stringify(value)}.`,
    );
  });
}

function parseCookieSecure(value: string | undefined): CookieSecure {
  if (value === undefined || value.trim() === '') return 'auto';
  const setting = value.trim().toLowerCase();
  if (setting === 'always' || setting === 'auto') return setting;
  throw new ConfigError(`COOKIE_SECURE must be "always" or "auto", not ${JSON.stringify(value)}.`);
}
