import { DAY, HOUR, WEEK } from './demo-layout.ts';

/**
 * Users every demo data set holds, whatever its size: the contract's must-haves and identifiers
 * that break naive code (encoding, escaping, spreadsheets, layout). All in my-product/user-session.
 */
export interface ShowcaseUser {
  identifier: string;
  env: string;
  sessions: number;
  /** How long ago the newest session started (up to half an hour more). */
  newestSessionAgo: number;
  /** How far back the first session started. */
  tenure: number;
  expiry: number;
  /** The newest session is still running (not revoked, ends in the future). */
  activeNow?: boolean;
  /** The second newest session was revoked before it expired. */
  revokedRecently?: boolean;
}

export const SHOWCASE_PRODUCT = 'my-product';
export const SHOWCASE_SESSION = 'user-session';
export const HEAVY_USER = 'heavy.user@example.com';
export const HEAVY_USER_SESSIONS = 10_000;

export const LONG_IDENTIFIER = buildLongIdentifier(300);

/** Benchmark users of the single-session layout: one history of each size the benchmarks time. */
export const TEN_SESSIONS_USER = 'ten.sessions@bench.example.com';
export const THOUSAND_SESSIONS_USER = 'thousand.sessions@bench.example.com';

const MINUTE = 60 * 1000;

export const SHOWCASE_USERS: readonly ShowcaseUser[] = [
  {
    identifier: 'user@example.com',
    env: 'production',
    sessions: 42,
    newestSessionAgo: 4 * MINUTE,
    tenure: 200 * DAY,
    expiry: WEEK,
    activeNow: true,
    revokedRecently: true,
  },
  {
    identifier: 'user@example.com',
    env: 'staging',
    sessions: 6,
    newestSessionAgo: 3 * DAY,
    tenure: 40 * DAY,
    expiry: DAY,
  },
  {
    identifier: HEAVY_USER,
    env: 'production',
    sessions: HEAVY_USER_SESSIONS,
    newestSessionAgo: 12 * MINUTE,
    tenure: 540 * DAY,
    expiry: DAY,
    activeNow: true,
  },
  {
    identifier: 'a+b/c@example.com',
    env: 'production',
    sessions: 8,
    newestSessionAgo: 20 * MINUTE,
    tenure: 60 * DAY,
    expiry: WEEK,
    activeNow: true,
  },
  {
    identifier: 'a+b/c@example.com',
    env: 'staging',
    sessions: 2,
    newestSessionAgo: 2 * DAY,
    tenure: 5 * DAY,
    expiry: DAY,
  },
  {
    identifier: '用户@例子.测试',
    env: 'production',
    sessions: 5,
    newestSessionAgo: 35 * MINUTE,
    tenure: 30 * DAY,
    expiry: WEEK,
    activeNow: true,
  },
  {
    identifier: 'пользователь@пример.рф',
    env: 'production',
    sessions: 4,
    newestSessionAgo: 50 * MINUTE,
    tenure: 20 * DAY,
    expiry: DAY,
  },
  {
    identifier: 'пользователь@пример.рф',
    env: 'development',
    sessions: 2,
    newestSessionAgo: 6 * DAY,
    tenure: 9 * DAY,
    expiry: HOUR,
  },
  {
    identifier: 'مستخدم@مثال.إختبار',
    env: 'production',
    sessions: 3,
    newestSessionAgo: 70 * MINUTE,
    tenure: 12 * DAY,
    expiry: WEEK,
    activeNow: true,
  },
  {
    identifier: `o'brien "the admin"@example.com`,
    env: 'production',
    sessions: 7,
    newestSessionAgo: 90 * MINUTE,
    tenure: 80 * DAY,
    expiry: DAY,
    revokedRecently: true,
  },
  {
    identifier: `o'brien "the admin"@example.com`,
    env: 'staging',
    sessions: 3,
    newestSessionAgo: 4 * DAY,
    tenure: 15 * DAY,
    expiry: DAY,
  },
  {
    identifier: '<b>x</b>@example.com',
    env: 'production',
    sessions: 2,
    newestSessionAgo: 2 * HOUR,
    tenure: 3 * DAY,
    expiry: DAY,
  },
  {
    identifier: '<script>alert(1)</script>',
    env: 'production',
    sessions: 1,
    newestSessionAgo: 3 * HOUR,
    tenure: 0,
    expiry: HOUR,
  },
  {
    identifier: '<script>alert(1)</script>',
    env: 'staging',
    sessions: 1,
    newestSessionAgo: 5 * DAY,
    tenure: 0,
    expiry: HOUR,
  },
  {
    identifier: '=HYPERLINK("http://x")',
    env: 'production',
    sessions: 2,
    newestSessionAgo: 4 * HOUR,
    tenure: 2 * DAY,
    expiry: DAY,
  },
  {
    identifier: '+1-555-0100',
    env: 'production',
    sessions: 3,
    newestSessionAgo: 5 * HOUR,
    tenure: 10 * DAY,
    expiry: WEEK,
    activeNow: true,
  },
  { identifier: '@sum', env: 'production', sessions: 1, newestSessionAgo: 6 * HOUR, tenure: 0, expiry: DAY },
  { identifier: '@sum', env: 'sandbox', sessions: 1, newestSessionAgo: 8 * DAY, tenure: 0, expiry: DAY },
  {
    identifier: LONG_IDENTIFIER,
    env: 'production',
    sessions: 2,
    newestSessionAgo: 7 * HOUR,
    tenure: 4 * DAY,
    expiry: DAY,
  },
  {
    identifier: '🦊.fox@example.com',
    env: 'production',
    sessions: 3,
    newestSessionAgo: 8 * HOUR,
    tenure: 6 * DAY,
    expiry: WEEK,
  },
  {
    identifier: 'jane doe@example.com',
    env: 'production',
    sessions: 2,
    newestSessionAgo: 9 * HOUR,
    tenure: 2 * DAY,
    expiry: DAY,
  },
  {
    identifier: '100%real@example.com',
    env: 'production',
    sessions: 2,
    newestSessionAgo: 10 * HOUR,
    tenure: 3 * DAY,
    expiry: DAY,
  },
  {
    identifier: 'what?#frag&x=1@example.com',
    env: 'staging',
    sessions: 2,
    newestSessionAgo: 11 * HOUR,
    tenure: 3 * DAY,
    expiry: DAY,
  },
];

/**
 * Added by the single-session layout only (the default demo stays as it is): with the heavy user
 * above, users with 10, 1,000 and 10,000 sessions in production, found by name.
 */
export const BENCHMARK_USERS: readonly ShowcaseUser[] = [
  {
    identifier: TEN_SESSIONS_USER,
    env: 'production',
    sessions: 10,
    newestSessionAgo: 15 * MINUTE,
    tenure: 60 * DAY,
    expiry: WEEK,
    activeNow: true,
  },
  {
    identifier: THOUSAND_SESSIONS_USER,
    env: 'production',
    sessions: 1_000,
    newestSessionAgo: 25 * MINUTE,
    tenure: 400 * DAY,
    expiry: DAY,
    activeNow: true,
  },
];

/** About `length` characters of dotted words with an address at the end, so wrapping shows. */
function buildLongIdentifier(length: number): string {
  const domain = '@long-identifiers.example.com';
  const words = 'this.identifier.is.deliberately.very.long.to.test.truncation.and.wrapping.';
  let local = '';
  while (local.length < length - domain.length) local += words;
  return local.slice(0, length - domain.length) + domain;
}
