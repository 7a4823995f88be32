import type { DashboardStore, NewUserSession } from '../dashboard-store.ts';

/** Small hand-made data sets for the conformance tests, written through the store interface. */

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

export async function registerScope(
  store: DashboardStore,
  product = 'my-product',
  sessions: readonly string[] = ['user-session'],
  envs: readonly string[] = ['production', 'staging', 'development'],
): Promise<void> {
  await store.bulkLoad([{ tag: product, envs, sessions }], () => []);
}

export async function insertUsers(store: DashboardStore, users: readonly TestUser[]): Promise<TestUserIds[]> {
  const ids = users.map(() => nextIds());
  const rows = users.map((user, i) => ({
    user: {
      ...(ids[i] as TestUserIds),
      product: user.product ?? 'my-product',
      session: user.session ?? 'user-session',
      env: user.env,
      identifier: user.identifier,
      first_seen: user.lastSeen - 10 * MINUTE,
      last_seen: user.lastSeen,
      created_at: user.lastSeen - 10 * MINUTE,
      updated_at: user.lastSeen,
    },
    sessions: user.sessions ?? [],
  }));
  await store.bulkLoad([], () => rows);
  return ids;
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}
