import { defineConfig, type PlaywrightTestConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './e2e/chromium.ts';

const port = Number(process.env.E2E_PORT ?? 4319);
export const E2E_TOKEN = 'e2e-token-0123456789';
/** Ingestion is on for the tests that send data in (e2e/live.spec.ts); it must differ from E2E_TOKEN. */
export const E2E_INGEST_TOKEN = 'e2e-ingest-token-0123456789';
// Each port gets its own store and login state, so parallel runs on other ports never collide.
const dataDir = `.e2e-data/${port}`;
export const AUTH_STATE = `${dataDir}/auth.json`;

/*
 * The PostgreSQL project (issue 11): the users, user-page, search and overview specs once more,
 * against two servers sharing one PostgreSQL database (on the server TEST_DATABASE_URL names;
 * `npm run test:pg` and .ci/run start a throwaway one), plus the live-page test across the two.
 * Without TEST_DATABASE_URL it is left out with a message, except with CI=true, where that fails.
 */
const postgresUrl = process.env.TEST_DATABASE_URL ?? '';
const pgPort = port + 1;
const pgDataDir = `.e2e-data/${pgPort}`;
/** The second server on the PostgreSQL project's database (the first is that project's baseURL). */
export const E2E_PG_SECOND_URL = `http://127.0.0.1:${port + 2}`;
// Only `playwright test` itself speaks up (other tools, such as knip, load this file too).
if (postgresUrl === '' && process.argv.includes('test')) {
  const missing =
    'TEST_DATABASE_URL is not set, so the PostgreSQL end-to-end project is left out. Run `npm run test:pg` (or `npx tsx scripts/with-postgres.ts npx playwright test`) to include it.';
  if (process.env.CI === 'true') throw new Error(`CI=true: CI tests both stores, but ${missing}`);
  if (process.env.TEST_WORKER_INDEX === undefined) process.stderr.write(`playwright: ${missing}\n`);
}
const serverEnv = {
  HOST: '127.0.0.1',
  DASHBOARD_TOKEN: E2E_TOKEN,
  INGEST_TOKEN: E2E_INGEST_TOKEN,
};
const sqliteServer = {
  // The real server on a fresh demo store, serving the production build (npm test builds first).
  command: 'node scripts/e2e-server.mjs',
  url: `http://127.0.0.1:${port}/api/health`,
  reuseExistingServer: false,
  timeout: 120_000,
  env: { ...serverEnv, PORT: String(port), DATABASE_URL: `file:./${dataDir}/e2e.db`, E2E_DATA_DIR: dataDir },
  stdout: 'ignore',
  stderr: 'pipe',
} satisfies PlaywrightTestConfig['webServer'];
const postgresServers = {
  command: 'node scripts/e2e-postgres-servers.mjs',
  // Ready once the second server is: the first one is up (with the demo data) before it starts.
  url: `${E2E_PG_SECOND_URL}/api/health`,
  reuseExistingServer: false,
  timeout: 180_000,
  env: {
    ...serverEnv,
    PORT: String(pgPort),
    E2E_SECOND_PORT: String(port + 2),
    TEST_DATABASE_URL: postgresUrl,
    E2E_PG_DATABASE: `e2e_${port}`,
  },
  stdout: 'ignore',
  stderr: 'pipe',
} satisfies PlaywrightTestConfig['webServer'];
const postgresProjects: NonNullable<PlaywrightTestConfig['projects']> = [
  {
    name: 'setup-postgres',
    testMatch: /auth\.setup\.ts/,
    use: { baseURL: `http://127.0.0.1:${pgPort}` },
    metadata: { authState: `${pgDataDir}/auth.json` },
  },
  {
    name: 'postgres',
    dependencies: ['setup-postgres'],
    testMatch: /(users|user-details|search|overview|two-servers)\.spec\.ts/,
    // Timings only repeat the figures the SQLite run prints; every behavioural test runs.
    grepInvert: /user page timings/,
    use: { baseURL: `http://127.0.0.1:${pgPort}`, storageState: `${pgDataDir}/auth.json` },
  },
];

export default defineConfig({
  testDir: 'e2e',
  outputDir: process.env.E2E_PORT ? `test-results-${port}` : 'test-results',
  fullyParallel: false,
  workers: process.env.CI ? 1 : 2,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never' }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'retain-on-failure',
    launchOptions: chromiumLaunchOptions,
  },
  projects: [
    { name: 'setup', testMatch: /auth\.setup\.ts/, metadata: { authState: AUTH_STATE } },
    {
      name: 'chromium',
      dependencies: ['setup'],
      testIgnore: /two-servers\.spec\.ts/,
      use: { storageState: AUTH_STATE },
    },
    ...(postgresUrl === '' ? [] : postgresProjects),
  ],
  webServer: postgresUrl === '' ? [sqliteServer] : [sqliteServer, postgresServers],
});
