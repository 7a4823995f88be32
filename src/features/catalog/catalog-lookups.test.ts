import { describe, expect, it } from 'vitest';
import type { Catalog } from '../../contract/session-users.ts';
import { firstSession, sessionEnvironments } from './catalog-lookups.ts';

const catalog: Catalog = {
  products: [
    { tag: 'empty', envs: ['production'], sessions: [] },
    {
      tag: 'my-product',
      envs: ['staging', 'qa', 'production'],
      sessions: [{ tag: 'user-session', users: { production: 10, staging: 3, legacy: 1 } }],
    },
  ],
};

describe('catalog lookups', () => {
  it('finds the first product that has a session', () => {
    expect(firstSession(catalog)).toEqual({ product: 'my-product', session: 'user-session' });
    expect(firstSession({ products: [] })).toBeUndefined();
  });

  it('lists every environment of the product with this session’s counts, production first', () => {
    expect(sessionEnvironments(catalog, 'my-product', 'user-session')).toEqual([
      { name: 'production', count: 10 },
      { name: 'staging', count: 3 },
      { name: 'legacy', count: 1 },
      { name: 'qa', count: 0 },
    ]);
  });

  it('knows nothing of a product or session that is not there', () => {
    expect(sessionEnvironments(catalog, 'nope', 'user-session')).toBeUndefined();
    expect(sessionEnvironments(catalog, 'my-product', 'nope')).toBeUndefined();
  });
});
