import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { UserDocument } from '../../../src/contract/ingest.ts';
import { loadDemo } from '../../demo/load-demo.ts';
import { tempDir } from '../../tests/helpers.ts';
import { openSqliteStore, type SqliteStore } from './sqlite-store.ts';

const NOW = Date.UTC(2026, 4, 1, 12);
const dir = tempDir('import-export');
afterAll(() => dir.remove());

async function exported(store: SqliteStore, options?: { product?: string; session?: string }): Promise<UserDocument[]> {
  const docs: UserDocument[] = [];
  for await (const doc of store.exportUsers(options)) docs.push(doc);
  return docs;
}

describe('exportUsers on a file', () => {
  it('reads a file store as one snapshot: a batch written during the export is not half in it', async () => {
    const file = join(dir.path, 'snapshot.db');
    const store = openSqliteStore(file, { now: () => NOW });
    try {
      loadDemo(store, { users: 50, seed: 9, now: NOW });
      const before = await exported(store);
      const iterator = store.exportUsers()[Symbol.asyncIterator]();
      const firstDoc = await iterator.next();
      await store.ingest([
        {
          product: 'aaa-first',
          session: 'login',
          env: 'production',
          identifier: 'late@example.com',
          session_id: 'late-1',
          start_at: '2026-04-30T00:00:00Z',
          end_at: '2026-04-30T01:00:00Z',
        },
      ]);
      const rest: UserDocument[] = [];
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) rest.push(next.value);
      expect([firstDoc.value, ...rest]).toEqual(before);
      expect((await exported(store)).length).toBe(before.length + 1);
    } finally {
      await store.close();
    }
  });
});
