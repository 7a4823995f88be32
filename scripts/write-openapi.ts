import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createApp } from '../server/app.ts';
import { silentLogger } from '../server/logger.ts';
import { openSqliteStore } from '../server/store/sqlite/sqlite-store.ts';

/**
 * `tsx scripts/write-openapi.ts FILE`: asks the real app for /api/openapi.json without opening a
 * socket and writes it to FILE. `npm run lint:api` (part of `npm test`) then lints that file with
 * the pinned Redocly CLI and the rules in redocly.yaml; nothing needs the network.
 */
const file = process.argv[2];
if (file === undefined) throw new Error('Usage: tsx scripts/write-openapi.ts FILE');
const token = randomBytes(24).toString('base64url');
const store = openSqliteStore(':memory:');
try {
  const app = createApp({ source: store, token, logger: silentLogger });
  const response = await app.request('/api/openapi.json', { headers: { Authorization: `Bearer ${token}` } });
  if (response.status !== 200) throw new Error(`GET /api/openapi.json answered ${response.status}`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, JSON.stringify(await response.json(), null, 2));
} finally {
  store.close();
}
