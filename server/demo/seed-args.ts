import { parseArgs } from 'node:util';

import { DEMO_LAYOUTS, type DemoLayout } from './demo-layout.ts';
import { DEFAULT_DEMO_SEED, DEFAULT_DEMO_USERS } from './load-demo.ts';
import { SHOWCASE_USERS } from './showcase.ts';

export const MAX_SEED_USERS = 5_000_000;
const MAX_SEED = 0xffff_ffff;

export interface SeedArgs {
  users: number;
  seed: number;
  reset: boolean;
  layout: DemoLayout;
}

/** Bad command-line input; the command prints the message and exits with code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const SEED_USAGE = `Usage: npm run seed -- [--users N] [--seed S] [--reset] [--layout NAME]

Fills the store that DATABASE_URL names (default file:./data/dashboard.db) with N generated
session users and their sessions, with a progress bar. The same seed always gives the same
users, identifiers and ids; timestamps are placed relative to the moment you run it, so the
data always has active sessions.

Options:
  --users N      session users to generate, 1 to ${MAX_SEED_USERS.toLocaleString('en-US')} (default ${DEFAULT_DEMO_USERS.toLocaleString('en-US')}).
                 The ${SHOWCASE_USERS.length} showcase users (user@example.com, heavy.user@example.com with
                 10,000 sessions, hard identifiers) are always included and count towards N.
  --seed S       whole number from 0 to ${MAX_SEED} (default ${DEFAULT_DEMO_SEED}).
  --reset        delete everything in the store first. Without it the command refuses to
                 touch a store that already holds data (it never appends).
  --layout NAME  default: three products, seven sessions, five environments.
                 single-session: every user in my-product/user-session across production,
                 staging, development and sandbox, about 10 sessions per user, and benchmark
                 users ten.sessions@bench.example.com (10 sessions) and
                 thousand.sessions@bench.example.com (1,000) in production (for paging
                 through 1,000,000 users and 10,000,000 sessions).
  -h, --help     show this text.

Exit codes: 0 done, 1 the store already holds data or could not be written, 2 bad arguments
or DATABASE_URL.

Examples:
  npm run seed -- --users 100000 --reset
  DATABASE_URL=file:./data/big.db npm run seed -- --users 1000000 --layout single-session --reset`;

/** Parses the arguments after `--`; returns `'help'` when help was asked for. */
export function parseSeedArgs(argv: readonly string[]): SeedArgs | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        users: { type: 'string' },
        seed: { type: 'string' },
        reset: { type: 'boolean' },
        layout: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values } = parsed;
  if (values.help) return 'help';
  return {
    users: values.users === undefined ? DEFAULT_DEMO_USERS : wholeNumber('--users', values.users, 1, MAX_SEED_USERS),
    seed: values.seed === undefined ? DEFAULT_DEMO_SEED : wholeNumber('--seed', values.seed, 0, MAX_SEED),
    reset: values.reset ?? false,
    layout: layoutName(values.layout),
  };
}

function wholeNumber(option: string, text: string, min: number, max: number): number {
  // Digits with optional _ or , separators, e.g. 1_000_000 or 1,000,000.
  const value = /^\d{1,3}(?:[_,]?\d{3})*$|^\d+$/.test(text) ? Number(text.replace(/[_,]/g, '')) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(
      `${option} must be a whole number from ${min.toLocaleString('en-US')} to ${max.toLocaleString('en-US')}, not ${JSON.stringify(text)}`,
    );
  }
  return value;
}

function layoutName(text: string | undefined): DemoLayout {
  if (text === undefined) return 'default';
  const layout = DEMO_LAYOUTS.find((name) => name === text);
  if (layout === undefined) {
    throw new UsageError(`--layout must be one of ${DEMO_LAYOUTS.join(', ')}, not ${JSON.stringify(text)}`);
  }
  return layout;
}
