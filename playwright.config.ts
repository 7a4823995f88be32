import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './e2e/chromium.ts';

const port = Number(process.env.E2E_PORT ?? 4319);
export const E2E_TOKEN = 'e2e-token-0123456789';
/** Ingestion is on for the tests that send data in (e2e/live.spec.ts); it must differ from E2E_TOKEN. */
export const E2E_INGEST_TOKEN = 'e2e-ingest-token-0123456789';
// Each port gets its own store and login state, so parallel runs on other ports never collide.
const dataDir = `.e2e-data/${port}`;
export const AUTH_STATE = `${dataDir}/auth.json`;

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
    { name: 'setup', testMatch: /auth\.setup\.ts/ },
    { name: 'chromium', dependencies: ['setup'], use: { storageState: AUTH_STATE } },
  ],
  webServer: {
    // The real server on a fresh demo store, serving the production build (npm test builds first).
    command: 'node scripts/e2e-server.mjs',
    url: `http://127.0.0.1:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 120_000,
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      DASHBOARD_TOKEN: E2E_TOKEN,
      INGEST_TOKEN: E2E_INGEST_TOKEN,
      DATABASE_URL: `file:./${dataDir}/e2e.db`,
      E2E_DATA_DIR: dataDir,
    },
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
