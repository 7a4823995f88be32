import type { Database } from 'better-sqlite3';

import type { Catalog } from '../../../src/contract/session-users.ts';
import { compareEnvironments } from '../../../src/contract/environments.ts';

/** Products (by tag), their environments and sessions with user counts, from small tables only. */
export function createCatalogReader(db: Database): () => Catalog {
  const products = db.prepare<[], [number, string]>('SELECT id, tag FROM products ORDER BY tag').raw();
  const envs = db.prepare<[], [number, string]>('SELECT product_id, env FROM product_envs').raw();
  const sessions = db
    .prepare<[], [number, number, string]>('SELECT id, product_id, tag FROM product_sessions ORDER BY tag')
    .raw();
  const counts = db.prepare<[], [number, string, number]>('SELECT session_ref, env, users FROM user_counts').raw();

  return db.transaction((): Catalog => {
    const envsByProduct = groupBy(envs.all(), ([productId]) => productId);
    const sessionsByProduct = groupBy(sessions.all(), ([, productId]) => productId);
    const countsBySession = groupBy(counts.all(), ([sessionRef]) => sessionRef);
    return {
      products: products.all().map(([productId, tag]) => {
        const productEnvs = (envsByProduct.get(productId) ?? []).map(([, env]) => env).sort(compareEnvironments);
        return {
          tag,
          envs: productEnvs,
          sessions: (sessionsByProduct.get(productId) ?? []).map(([sessionRef, , sessionTag]) => {
            const countByEnv = new Map((countsBySession.get(sessionRef) ?? []).map(([, env, count]) => [env, count]));
            const users = Object.fromEntries(productEnvs.map((env) => [env, countByEnv.get(env) ?? 0]));
            return { tag: sessionTag, users };
          }),
        };
      }),
    };
  });
}

function groupBy<T, K>(items: readonly T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group === undefined) groups.set(key, [item]);
    else group.push(item);
  }
  return groups;
}
