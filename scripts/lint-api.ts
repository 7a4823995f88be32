import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../server/app.ts';
import { silentLogger } from '../server/logger.ts';
import { openSqliteStore } from '../server/store/sqlite/sqlite-store.ts';

/**
 * `npm run lint:api` (part of `npm test`): asks the real app for /api/openapi.json without opening
 * a socket, writes it to a temporary file and lints it with the pinned Redocly CLI, using the rules
 * in redocly.yaml (its recommended set, warnings counted as errors). Needs no network.
 */
const token = randomBytes(24).toString('base64url');
const store = openSqliteStore(':memory:');
let status: number;
const dir = mkdtempSync(join(tmpdir(), 'openapi-lint-'));
try {
  const app = createApp({ source: store, token, logger: silentLogger });
  const response = await app.request('/api/openapi.json', { headers: { Authorization: `Bearer ${token}` } });
  if (response.status !== 200) throw new Error(`GET /api/openapi.json answered ${response.status}`);
  const file = join(dir, 'openapi.json');
  writeFileSync(file, JSON.stringify(await response.json(), null, 2));
  const redocly = spawnSync(join('node_modules', '.bin', 'redocly'), ['lint', '--config', 'redocly.yaml', file], {
    stdio: 'inherit',
    // No telemetry and no update check: the lint runs the same offline.
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
  });
  if (redocly.error) throw redocly.error;
  status = redocly.status ?? 1;
} finally {
  store.close();
  rmSync(dir, { recursive: true, force: true });
}
process.exit(status);
