export interface PostgresDatabaseLocation {
  kind: 'postgres';
  /** The URL for the client, without this dashboard's own options. */
  url: string;
  /** The URL without its password, fit to print. */
  display: string;
  /** Connections this process keeps at most (each server process has its own pool). */
  poolSize: number;
  /** Any one statement that runs longer is cancelled and answered 503 (bulk loads lift it). */
  statementTimeoutMs: number;
  /** How long to wait for a connection to a server that does not answer. */
  connectTimeoutMs: number;
}

/** Ten connections serve a dashboard process well: reads take about a millisecond each. */
const DEFAULT_POOL_SIZE = 10;
/** Every read here takes milliseconds; one that takes seconds is stuck and should not hold a connection. */
const DEFAULT_STATEMENT_TIMEOUT_MS = 5_000;
const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;

/** Options read from the URL's query (and removed before the URL reaches the client), or from variables. */
const SETTINGS = [
  { param: 'pool_size', variable: 'DATABASE_POOL_SIZE', key: 'poolSize', fallback: DEFAULT_POOL_SIZE, min: 1 },
  {
    param: 'statement_timeout',
    variable: 'DATABASE_STATEMENT_TIMEOUT_MS',
    key: 'statementTimeoutMs',
    fallback: DEFAULT_STATEMENT_TIMEOUT_MS,
    min: 0,
  },
  {
    param: 'connect_timeout',
    variable: 'DATABASE_CONNECT_TIMEOUT_MS',
    key: 'connectTimeoutMs',
    fallback: DEFAULT_CONNECT_TIMEOUT_MS,
    min: 1,
  },
] as const;

/**
 * `postgres://user[:password]@host[:port]/database[?sslmode=…&pool_size=N&statement_timeout=MS]`.
 * `pool_size`, `statement_timeout` (milliseconds, 0 for none) and `connect_timeout`
 * (milliseconds) may also come from DATABASE_POOL_SIZE, DATABASE_STATEMENT_TIMEOUT_MS and
 * DATABASE_CONNECT_TIMEOUT_MS; the URL wins. Messages never repeat the password.
 */
export function parsePostgresUrl(text: string, env: Record<string, string | undefined>): PostgresDatabaseLocation {
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    throw new Error(
      'DATABASE_URL is not a usable PostgreSQL URL; write it as postgres://user:password@host:5432/database.',
    );
  }
  if (parsed.hostname === '' || parsed.pathname.length <= 1) {
    throw new Error('DATABASE_URL must name a host and a database, as in postgres://user:password@host:5432/database.');
  }
  const values: Record<string, number> = {};
  for (const setting of SETTINGS) {
    const fromUrl = parsed.searchParams.get(setting.param);
    parsed.searchParams.delete(setting.param);
    const [source, raw] =
      fromUrl !== null
        ? [`the DATABASE_URL option ${setting.param}`, fromUrl]
        : [setting.variable, env[setting.variable]];
    if (raw === undefined || raw.trim() === '') {
      values[setting.key] = setting.fallback;
      continue;
    }
    const value = /^\d{1,9}$/.test(raw.trim()) ? Number(raw.trim()) : NaN;
    if (!(value >= setting.min)) {
      throw new Error(`${source} must be a whole number of at least ${setting.min}, not ${JSON.stringify(raw)}.`);
    }
    values[setting.key] = value;
  }
  const display = new URL(parsed.href);
  display.password = '';
  display.search = '';
  return {
    kind: 'postgres',
    url: parsed.href,
    display: display.href,
    poolSize: values.poolSize ?? DEFAULT_POOL_SIZE,
    statementTimeoutMs: values.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS,
    connectTimeoutMs: values.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
  };
}
