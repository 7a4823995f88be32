import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Where the benchmarks keep stores, results and scratch files (git-ignored). */
export const CACHE_DIR = resolve(PROJECT_ROOT, '.bench-cache');
/** The browser benchmark writes its figures here; the runner reads them. */
export const BROWSER_RESULTS = resolve(CACHE_DIR, 'browser-results.json');
export const BENCH_TOKEN = 'bench-token-0123456789';
export const PRODUCT = 'my-product';
export const SESSION = 'user-session';
export const ENVIRONMENTS = ['production', 'staging', 'development', 'sandbox'] as const;
