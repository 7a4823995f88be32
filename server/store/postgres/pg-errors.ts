import { STORE_MESSAGES, StoreError, type StoreErrorKind } from '../source.ts';

/**
 * PostgreSQL's SQLSTATE codes (on `code` of the client's PostgresError), the client's own
 * connection codes and Node's socket codes → the store-neutral kinds. Anything else (a syntax
 * error, a constraint this code should have checked first) is a bug and is left as it is.
 */
const BY_CODE: Readonly<Record<string, StoreErrorKind>> = {
  // Node sockets and the client: the server is down, restarting or unreachable.
  ECONNREFUSED: 'unavailable',
  ECONNRESET: 'unavailable',
  ETIMEDOUT: 'unavailable',
  EHOSTUNREACH: 'unavailable',
  ENETUNREACH: 'unavailable',
  ENOTFOUND: 'unavailable',
  EAI_AGAIN: 'unavailable',
  EPIPE: 'unavailable',
  CONNECTION_CLOSED: 'unavailable',
  CONNECTION_ENDED: 'unavailable',
  CONNECTION_DESTROYED: 'unavailable',
  CONNECT_TIMEOUT: 'unavailable',
  // SQLSTATE: shutting down, starting up, a read-only standby, a database that is gone.
  '57P01': 'unavailable',
  '57P02': 'unavailable',
  '57P03': 'unavailable',
  '25006': 'unavailable',
  '3D000': 'unavailable',
  '53100': 'unavailable',
  '53200': 'unavailable',
  // Contention: a statement timeout, a lock or serialization conflict, no free connection slot.
  '57014': 'busy',
  '55P03': 'busy',
  '40001': 'busy',
  '40P01': 'busy',
  '53300': 'busy',
  '53400': 'busy',
  // Damaged data.
  XX001: 'corrupt',
  XX002: 'corrupt',
};

/** Whole classes: 08 connection exception, 28 authorization, 58 system (I/O) errors. */
const BY_CLASS: Readonly<Record<string, StoreErrorKind>> = {
  '08': 'unavailable',
  '28': 'unavailable',
  '58': 'unavailable',
};

const MESSAGES: Readonly<Record<StoreErrorKind, string>> = {
  unavailable: STORE_MESSAGES.unreachable,
  busy: STORE_MESSAGES.busy,
  corrupt: STORE_MESSAGES.corrupt,
  not_found: STORE_MESSAGES.unreachable,
  invalid: STORE_MESSAGES.unreachable,
};

export function postgresErrorKind(error: unknown): StoreErrorKind | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code !== 'string') return undefined;
  return BY_CODE[code] ?? BY_CLASS[code.slice(0, 2)];
}

/** `error` as a StoreError when its code says which kind it is; otherwise unchanged. */
export function toStoreError(error: unknown): unknown {
  if (error instanceof StoreError) return error;
  const kind = postgresErrorKind(error);
  return kind === undefined ? error : new StoreError(kind, MESSAGES[kind], { cause: error });
}

/** Runs store work and converts PostgreSQL's failures into StoreErrors. */
export async function pgGuarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw toStoreError(error);
  }
}

export async function* pgGuardedIterable<T>(items: AsyncIterable<T>): AsyncGenerator<T> {
  try {
    yield* items;
  } catch (error) {
    throw toStoreError(error);
  }
}
