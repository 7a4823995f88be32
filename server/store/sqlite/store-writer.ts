import type { Database } from 'better-sqlite3';

import type { NewSessionUser, NewUserSession } from '../dashboard-store.ts';
import type { SessionChange } from '../ingest-plan.ts';
import { storedTime } from '../stored-time.ts';
import { createBulkAggregates } from './bulk-aggregates.ts';

export type { NewSessionUser, NewUserSession };

/** Writes for the seeder and tests; the store runs each batch in one transaction. */
export interface StoreWriter {
  /** Adds the product if new, and any of `envs` it does not have yet. */
  registerProduct(tag: string, envs: readonly string[]): void;
  /** Adds the session to a registered product if new. */
  registerSession(product: string, session: string): void;
  /** Inserts a user of a registered product session and environment, with its sessions. */
  insertUser(user: NewSessionUser, sessions?: readonly NewUserSession[]): void;
}

/** A writer for one transaction; `finish` adds the users' aggregates (call it before the commit). */
export interface BatchWriter extends StoreWriter {
  finish(): void;
}

export function prepareStoreWriter(db: Database, now: () => number): () => BatchWriter {
  const insertProduct = db.prepare<[string]>('INSERT INTO products (tag) VALUES (?) ON CONFLICT (tag) DO NOTHING');
  const productId = db.prepare<[string], number>('SELECT id FROM products WHERE tag = ?').pluck();
  const insertEnv = db.prepare<[number, string]>('INSERT OR IGNORE INTO product_envs (product_id, env) VALUES (?, ?)');
  const hasEnv = db
    .prepare<[number, string], number>('SELECT 1 FROM product_envs WHERE product_id = ? AND env = ?')
    .pluck();
  const insertSession = db.prepare<[number, string]>(
    'INSERT INTO product_sessions (product_id, tag) VALUES (?, ?) ON CONFLICT (product_id, tag) DO NOTHING',
  );
  const sessionRef = db
    .prepare<[number, string], number>('SELECT id FROM product_sessions WHERE product_id = ? AND tag = ?')
    .pluck();
  const insertUser = db.prepare<[string, string, number, string, string, string, string, string, string]>(
    `INSERT INTO session_users (_id, ductape_user_id, session_ref, env, identifier, first_seen, last_seen, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertUserSession = db.prepare<[number, string, string, string, number]>(
    'INSERT INTO user_sessions (user_ref, session_id, start_at, end_at, revoked) VALUES (?, ?, ?, ?, ?)',
  );

  // A fresh writer (and so fresh caches) per batch: ids may change between batches.
  return () => {
    const products = new Map<string, number>();
    const scopes = new Map<string, number>();
    const aggregates = createBulkAggregates(db, now);

    function requireProduct(tag: string): number {
      let id = products.get(tag);
      if (id === undefined) {
        id = productId.get(tag);
        if (id === undefined) throw new Error(`Product "${tag}" is not registered`);
        products.set(tag, id);
      }
      return id;
    }

    function requireScope(product: string, session: string, env: string): number {
      const key = JSON.stringify([product, session, env]);
      let ref = scopes.get(key);
      if (ref === undefined) {
        const id = requireProduct(product);
        ref = sessionRef.get(id, session);
        if (ref === undefined) throw new Error(`Session "${session}" is not registered in product "${product}"`);
        if (hasEnv.get(id, env) === undefined)
          throw new Error(`Environment "${env}" is not registered in product "${product}"`);
        scopes.set(key, ref);
      }
      return ref;
    }

    return {
      registerProduct(tag, envs) {
        insertProduct.run(tag);
        const id = requireProduct(tag);
        for (const env of envs) insertEnv.run(id, env);
      },
      registerSession(product, session) {
        insertSession.run(requireProduct(product), session);
      },
      insertUser(user, sessions = []) {
        const ref = requireScope(user.product, user.session, user.env);
        const firstSeen = storedTime(user.first_seen);
        const lastSeen = storedTime(user.last_seen);
        const { lastInsertRowid } = insertUser.run(
          user._id,
          user.ductape_user_id,
          ref,
          user.env,
          user.identifier,
          firstSeen,
          lastSeen,
          storedTime(user.created_at),
          storedTime(user.updated_at),
        );
        const userRef = Number(lastInsertRowid);
        const changes: SessionChange[] = sessions.map((session) => ({
          index: 0,
          at: '',
          session_id: session.session_id,
          start_at: storedTime(session.start_at),
          end_at: storedTime(session.end_at),
          revoked: session.revoked === true,
          revoked_at: null,
        }));
        for (const session of changes) {
          insertUserSession.run(userRef, session.session_id, session.start_at, session.end_at, session.revoked ? 1 : 0);
        }
        aggregates.add([
          {
            index: 0,
            product: user.product,
            session: user.session,
            env: user.env,
            identifier: user.identifier,
            first_seen: firstSeen,
            last_seen: lastSeen,
            sessions: changes,
          },
        ]);
      },
      finish: aggregates.finish,
    };
  };
}
