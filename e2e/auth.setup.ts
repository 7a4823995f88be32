import { test as setup, expect } from '@playwright/test';
import { AUTH_STATE, E2E_TOKEN } from '../playwright.config.ts';

setup('log in by link once for the other tests', async ({ page }) => {
  await page.goto(`/?token=${E2E_TOKEN}`);
  await expect(page).not.toHaveURL(/token=/);
  await page.context().storageState({ path: AUTH_STATE });
});
