import type { SqliteStore } from './sqlite-store.ts';
import type { NewUserSession } from './store-writer.ts';

/** Small hand-made data sets for the store's tests (the demo generator has its own tests). */

export const T0 = Date.UTC(2026, 0, 1);
export const MINUTE = 60_000;

export interface TestUser {
  identifier: string;
  env: string;
  lastSeen: number;
  product?: string;
  session?: string;
  sessions?: NewUserSession[];
}

export interface TestUserIds {
  _id: string;
  ductape_user_id: string;
}

let nextId = 1;

/** Ids that never repeat within a test run: `_id` is 24 hex digits, like a Mongo ObjectId. */
export function nextIds(): TestUserIds {
  const n = nextId++;
  return { _id: n.toString(16).padStart(24, '0'), ductape_user_id: `du-${n}` };
}

export function registerScope(
  store: SqliteStore,
  product = 'my-product',
  sessions: readonly string[] = ['user-session'],
  envs: readonly string[] = ['production', 'staging', 'development'],
): void {
  store.write((writer) => {
    writer.registerProduct(product, envs);
    for (const session of sessions) writer.registerSession(product, session);
  });
}

export function insertUsers(store: SqliteStore, users: readonly TestUser[]): TestUserIds[] {
  return store.write((writer) =>
    users.map((user) => {
      const ids = nextIds();
      writer.insertUser(
        {
          ...ids,
          product: user.product ?? 'my-product',
          session: user.session ?? 'user-session',
          env: user.env,
          identifier: user.identifier,
          first_seen: user.lastSeen - 10 * MINUTE,
          last_seen: user.lastSeen,
          created_at: user.lastSeen - 10 * MINUTE,
          updated_at: user.lastSeen,
        },
        user.sessions ?? [],
      );
      return ids;
    }),
  );
}
