import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from '../e2e/chromium.ts';

/**
 * The browser benchmark (bench/browser/*.bench.ts): real Chromium, the production build, the
 * 1,000,000-user store. Separate from playwright.config.ts (testDir e2e/), so `npm test` never
 * runs it; `npm run bench` does (it builds first). Alone: npm run build, then
 * npx playwright test -c bench/playwright.bench.config.ts
 */
const port = Number(process.env.BENCH_BROWSER_PORT ?? 4392);

export default defineConfig({
  testDir: 'browser',
  testMatch: /\.bench\.ts$/,
  outputDir: '../.bench-cache/playwright-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 10 * 60_000,
  expect: { timeout: 20_000 },
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1280, height: 800 },
    launchOptions: chromiumLaunchOptions,
  },
  webServer: {
    // The real server on the cached benchmark store (seeded first if it is missing: minutes).
    command: 'node --import tsx bench/serve.ts',
    cwd: '..',
    url: `http://127.0.0.1:${port}/api/health`,
    reuseExistingServer: false,
    timeout: 15 * 60_000,
    env: { PORT: String(port) },
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
