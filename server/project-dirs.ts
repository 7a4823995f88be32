import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Resolved from this file, not the working directory, so the server starts from anywhere. */
export const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));
export const DEFAULT_STATIC_DIR = resolve(PROJECT_ROOT, 'dist');
