import type { Database } from 'better-sqlite3';

import { notFound } from '../source.ts';

/** A product session (and optionally one of the product's environments) known to exist. */
export interface Scope {
  product: string;
  session: string;
  productId: number;
  sessionRef: number;
  env: string | undefined;
}

export type ResolveScope = (product: string, session: string, env?: string) => Scope;

/** Turns tags into row ids, rejecting with the contract's not-found codes. */
export function createScopeResolver(db: Database): ResolveScope {
  const productId = db.prepare<[string], number>('SELECT id FROM products WHERE tag = ?').pluck();
  const sessionRef = db
    .prepare<[number, string], number>('SELECT id FROM product_sessions WHERE product_id = ? AND tag = ?')
    .pluck();
  const hasEnv = db
    .prepare<[number, string], number>('SELECT 1 FROM product_envs WHERE product_id = ? AND env = ?')
    .pluck();

  return (product, session, env) => {
    const foundProduct = productId.get(product);
    if (foundProduct === undefined) throw notFound('PRODUCT_NOT_FOUND', `No product "${product}"`);
    const foundSession = sessionRef.get(foundProduct, session);
    if (foundSession === undefined) {
      throw notFound('SESSION_NOT_FOUND', `No session "${session}" in product "${product}"`);
    }
    if (env !== undefined && hasEnv.get(foundProduct, env) === undefined) {
      throw notFound('ENV_NOT_FOUND', `No environment "${env}" in product "${product}"`);
    }
    return { product, session, productId: foundProduct, sessionRef: foundSession, env };
  };
}
