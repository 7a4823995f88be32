/** What the demo data holds: products, their sessions and environments, and how users spread. */

export const HOUR = 60 * 60 * 1000;
export const DAY = 24 * HOUR;
export const WEEK = 7 * DAY;
export const MONTH = 30 * DAY;

export interface DemoSession {
  tag: string;
  /** Share of the generated users that land in this session (relative weight). */
  share: number;
  /** The session lengths a product could configure; each user gets one of them. */
  expiries: readonly number[];
}

export interface DemoProduct {
  tag: string;
  envs: readonly string[];
  sessions: readonly DemoSession[];
}

export type DemoLayout = 'default' | 'single-session';
export const DEMO_LAYOUTS: readonly DemoLayout[] = ['default', 'single-session'];

/**
 * How many sessions a generated user has. `typical`: most have 1–5, about 4 on average.
 * `dense`: more repeat visitors, about 10 on average, so the single-session layout at 1,000,000
 * users holds about 10,000,000 sessions (the scale the benchmarks measure at).
 */
export type SessionMix = 'typical' | 'dense';

export function sessionMix(layout: DemoLayout): SessionMix {
  return layout === 'single-session' ? 'dense' : 'typical';
}

/** How likely a user is to be in each environment (relative; only the product's own count). */
export const ENV_WEIGHTS: Readonly<Record<string, number>> = {
  production: 62,
  staging: 18,
  development: 10,
  sandbox: 7,
  'eu-west-canary': 3,
};

const DEFAULT_PRODUCTS: readonly DemoProduct[] = [
  {
    tag: 'my-product',
    envs: ['production', 'staging', 'development', 'sandbox', 'eu-west-canary'],
    sessions: [
      { tag: 'user-session', share: 70, expiries: [DAY, WEEK, MONTH] },
      { tag: 'admin-session', share: 4, expiries: [HOUR] },
      { tag: 'api-session', share: 8, expiries: [MONTH] },
    ],
  },
  {
    tag: 'payments-hub',
    envs: ['production', 'staging', 'development'],
    sessions: [
      { tag: 'user-session', share: 8, expiries: [HOUR, DAY] },
      { tag: 'api-session', share: 3, expiries: [MONTH] },
    ],
  },
  {
    tag: 'support-desk',
    envs: ['production', 'staging', 'sandbox'],
    sessions: [
      { tag: 'agent-session', share: 5, expiries: [DAY, WEEK] },
      { tag: 'admin-session', share: 2, expiries: [HOUR] },
    ],
  },
];

/** Every generated user in my-product/user-session, across the four usual environments. */
const SINGLE_SESSION_PRODUCTS: readonly DemoProduct[] = [
  {
    tag: 'my-product',
    envs: ['production', 'staging', 'development', 'sandbox'],
    sessions: [{ tag: 'user-session', share: 1, expiries: [DAY, WEEK, MONTH] }],
  },
];

export function demoProducts(layout: DemoLayout): readonly DemoProduct[] {
  return layout === 'single-session' ? SINGLE_SESSION_PRODUCTS : DEFAULT_PRODUCTS;
}
