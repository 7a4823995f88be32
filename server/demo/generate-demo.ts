import type { NewSessionUser, NewUserSession } from '../store/sqlite/store-writer.ts';
import {
  DAY,
  demoProducts,
  ENV_WEIGHTS,
  HOUR,
  sessionMix,
  type DemoLayout,
  type DemoProduct,
  type SessionMix,
} from './demo-layout.ts';
import { createObjectIdFactory, randomUuid } from './ids.ts';
import { EMAIL_DOMAINS, FIRST_NAMES, LAST_NAMES, SERVICE_NAMES } from './names.ts';
import { createRandom, type Random } from './prng.ts';
import { BENCHMARK_USERS, SHOWCASE_PRODUCT, SHOWCASE_SESSION, SHOWCASE_USERS, type ShowcaseUser } from './showcase.ts';
import { sessionTimeline } from './session-timeline.ts';

export interface DemoOptions {
  /** Session users to produce in all (at least the showcase users are always there). */
  users: number;
  seed: number;
  /** The moment the data is relative to, so the demo always has active sessions. */
  now: number;
  layout?: DemoLayout;
}

export interface DemoUserRecord {
  user: NewSessionUser;
  sessions: NewUserSession[];
}

const REVOKED_RATE = 0.04;

/** The fixed users a layout always holds: the showcase, plus the benchmark users in single-session. */
export function showcaseUsers(layout: DemoLayout = 'default'): readonly ShowcaseUser[] {
  return layout === 'single-session' ? [...SHOWCASE_USERS, ...BENCHMARK_USERS] : SHOWCASE_USERS;
}

/** How many session users `generateDemo` yields for a requested count. */
export function demoUserCount(users: number, layout: DemoLayout = 'default'): number {
  return Math.max(users, showcaseUsers(layout).length);
}

/**
 * The demo data, one session user (with its sessions) at a time, so any size streams in
 * constant memory. The same options always give the same data.
 */
export function* generateDemo(options: DemoOptions): Generator<DemoUserRecord> {
  const { now } = options;
  const random = createRandom(options.seed);
  const objectId = createObjectIdFactory(random);
  const layout = options.layout ?? 'default';
  const mix = sessionMix(layout);
  const scopes = weightedScopes(demoProducts(layout));
  const scopeWeights = scopes.map((scope) => [scope, scope.session.share] as const);

  const record = (scope: Scope, identifier: string, env: string, sessions: NewUserSession[]): DemoUserRecord => {
    const newest = sessions.at(-1);
    const firstSeen = sessions[0]?.start_at ?? now;
    const lastStart = newest?.start_at ?? now;
    // Last activity happened some time inside the newest session, never in the future.
    const window = newest === undefined ? 0 : Math.min(newest.end_at - lastStart, 2 * HOUR, now - lastStart);
    const lastSeen = Math.floor(lastStart + random.next() * Math.max(window, 0));
    return {
      user: {
        _id: objectId(firstSeen),
        ductape_user_id: randomUuid(random),
        product: scope.product,
        session: scope.session.tag,
        env,
        identifier,
        first_seen: firstSeen,
        last_seen: lastSeen,
        created_at: firstSeen,
        updated_at: lastSeen,
      },
      sessions,
    };
  };

  const total = demoUserCount(options.users, layout);
  let produced = 0;
  const showcaseScope = findScope(scopes, SHOWCASE_PRODUCT, SHOWCASE_SESSION);
  for (const showcase of showcaseUsers(layout)) {
    yield record(showcaseScope, showcase.identifier, showcase.env, showcaseSessions(random, showcase, now));
    produced += 1;
  }

  for (let person = 1; produced < total; person++) {
    const scope = random.weighted(scopeWeights);
    const identifier = identifierFor(random, scope, person);
    for (const env of envsFor(random, scope.envs)) {
      if (produced >= total) break;
      yield record(scope, identifier, env, generatedSessions(random, scope, now, mix));
      produced += 1;
    }
  }
}

interface Scope {
  product: string;
  envs: readonly string[];
  session: DemoProduct['sessions'][number];
}

function weightedScopes(products: readonly DemoProduct[]): Scope[] {
  return products.flatMap((product) =>
    product.sessions.map((session) => ({ product: product.tag, envs: product.envs, session })),
  );
}

function findScope(scopes: readonly Scope[], product: string, session: string): Scope {
  const scope = scopes.find((s) => s.product === product && s.session.tag === session);
  if (scope === undefined) throw new Error(`The demo layout has no ${product}/${session}`);
  return scope;
}

function showcaseSessions(random: Random, showcase: ShowcaseUser, now: number): NewUserSession[] {
  const lastStart = now - showcase.newestSessionAgo - Math.floor(random.next() * 30 * 60 * 1000);
  return sessionTimeline(random, {
    count: showcase.sessions,
    firstStart: lastStart - showcase.tenure,
    lastStart,
    expiry: showcase.expiry,
    revokedRate: REVOKED_RATE,
    keepNewest: showcase.activeNow,
    revokeSecondNewest: showcase.revokedRecently,
  });
}

function generatedSessions(random: Random, scope: Scope, now: number, mix: SessionMix): NewUserSession[] {
  const count = mix === 'dense' ? denseSessionCount(random) : sessionCount(random);
  const recency = random.weighted([
    [[0, DAY], 30],
    [[DAY, 7 * DAY], 25],
    [[7 * DAY, 30 * DAY], 20],
    [[30 * DAY, 365 * DAY], 25],
  ] as const);
  const lastStart = now - Math.floor(recency[0] + random.next() * (recency[1] - recency[0]));
  const tenure = count === 1 ? 0 : Math.floor(random.next() * Math.min(count * 10 * DAY, 540 * DAY)) + count * HOUR;
  return sessionTimeline(random, {
    count,
    firstStart: lastStart - tenure,
    lastStart,
    expiry: random.pick(scope.session.expiries),
    revokedRate: REVOKED_RATE,
  });
}

/** Most users have 1–5 sessions, some dozens, a very few thousands (about 4 on average). */
function sessionCount(random: Random): number {
  const roll = random.next();
  if (roll < 0.88) {
    return random.weighted([
      [1, 30],
      [2, 25],
      [3, 20],
      [4, 15],
      [5, 10],
    ] as const);
  }
  if (roll < 0.99) return random.int(6, 15);
  if (roll < 0.9999) return logUniform(random, 16, 150);
  return logUniform(random, 1000, 5000);
}

/** The `dense` mix: more repeat visitors than `sessionCount` (about 10 on average, median 4). */
function denseSessionCount(random: Random): number {
  const roll = random.next();
  if (roll < 0.62) {
    return random.weighted([
      [1, 30],
      [2, 25],
      [3, 20],
      [4, 15],
      [5, 10],
    ] as const);
  }
  if (roll < 0.91) return random.int(6, 20);
  if (roll < 0.99) return random.int(21, 60);
  if (roll < 0.9999) return logUniform(random, 60, 300);
  return logUniform(random, 1000, 5000);
}

function logUniform(random: Random, min: number, max: number): number {
  return Math.round(Math.exp(Math.log(min) + random.next() * (Math.log(max) - Math.log(min))));
}

/** Usually one environment, sometimes two or three (a person testing in staging too). */
function envsFor(random: Random, envs: readonly string[]): string[] {
  const wanted = random.weighted([
    [1, 85],
    [2, 12],
    [3, 3],
  ] as const);
  const remaining = envs.map((env) => [env, ENV_WEIGHTS[env] ?? 1] as [string, number]);
  const chosen: string[] = [];
  while (chosen.length < wanted && remaining.length > 0) {
    const env = random.weighted(remaining);
    chosen.push(env);
    remaining.splice(
      remaining.findIndex(([name]) => name === env),
      1,
    );
  }
  return chosen;
}

/** Unique per person: every style carries the person's number. */
function identifierFor(random: Random, scope: Scope, person: number): string {
  if (scope.session.tag === 'api-session') return `svc-${random.pick(SERVICE_NAMES)}-${person}`;
  const first = random.pick(FIRST_NAMES);
  const last = random.pick(LAST_NAMES);
  const style = random.weighted([
    ['email', 75],
    ['phone', 10],
    ['username', 10],
    ['customer', 5],
  ] as const);
  switch (style) {
    case 'email': {
      const local = random.pick([`${first}.${last}`, `${first}${last[0]}`, `${first[0]}.${last}`, `${first}_${last}`]);
      return `${local}${person}@${random.pick(EMAIL_DOMAINS)}`;
    }
    case 'phone':
      return `+1555${String(person).padStart(7, '0')}`;
    case 'username':
      return `${first}${last}${person}`;
    case 'customer':
      return `cus_${person.toString(36).padStart(6, '0')}${random.hex(6)}`;
  }
}
