import type { LaunchOptions } from '@playwright/test';

/**
 * Debian's Chromium, never a Playwright download; override the path on other machines. The flags
 * keep it off the network (this machine has none beyond the package registries) and headless-safe.
 */
export const chromiumLaunchOptions: LaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ],
};
