import { test as setup, expect } from '@playwright/test';
import { E2E_TOKEN } from '../playwright.config.ts';

setup('log in by link once for the other tests', async ({ page }, testInfo) => {
  await page.goto(`/?token=${E2E_TOKEN}`);
  await expect(page).not.toHaveURL(/token=/);
  // Each server's project keeps its own login (playwright.config.ts names the file).
  await page.context().storageState({ path: String(testInfo.project.metadata.authState) });
});
