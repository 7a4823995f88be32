import { describe, expect, it } from 'vitest';

import { demoProducts } from './demo-layout.ts';
import { demoUserCount, generateDemo, type DemoUserRecord } from './generate-demo.ts';
import {
  HEAVY_USER,
  HEAVY_USER_SESSIONS,
  LONG_IDENTIFIER,
  TEN_SESSIONS_USER,
  THOUSAND_SESSIONS_USER,
} from './showcase.ts';

const NOW = Date.UTC(2026, 10, 30, 12, 0, 0);

function generate(users: number, seed = 42, layout: 'default' | 'single-session' = 'default'): DemoUserRecord[] {
  return [...generateDemo({ users, seed, now: NOW, layout })];
}

describe('generateDemo', () => {
  const records = generate(4_000);
  const find = (identifier: string, env = 'production') =>
    records.find(({ user }) => user.identifier === identifier && user.env === env && user.session === 'user-session');

  it('is deterministic: the same seed gives the same data, another seed other data', () => {
    expect(JSON.stringify(generate(4_000))).toBe(JSON.stringify(records));
    const other = generate(4_000, 43);
    expect(other.slice(30, 40).map(({ user }) => user.identifier)).not.toEqual(
      records.slice(30, 40).map(({ user }) => user.identifier),
    );
  });

  it('produces exactly the requested number of users, and never fewer than the showcase', () => {
    expect(records).toHaveLength(4_000);
    expect(generate(1)).toHaveLength(demoUserCount(1));
    expect(demoUserCount(1)).toBeGreaterThan(20);
  });

  it('holds every must-have of the contract', () => {
    const user = find('user@example.com');
    expect(user?.user.product).toBe('my-product');
    expect(user?.sessions.length).toBeGreaterThanOrEqual(30);
    expect(user?.sessions.some((s) => !s.revoked && s.end_at > NOW)).toBe(true);
    expect(find('user@example.com', 'staging')?.sessions.length).toBeGreaterThan(0);
    expect(find(HEAVY_USER)?.sessions).toHaveLength(HEAVY_USER_SESSIONS);

    const identifiers = new Set(records.map(({ user }) => user.identifier));
    for (const hard of [
      'a+b/c@example.com',
      '用户@例子.测试',
      'пользователь@пример.рф',
      'مستخدم@مثال.إختبار',
      `o'brien "the admin"@example.com`,
      '<b>x</b>@example.com',
      '<script>alert(1)</script>',
      '=HYPERLINK("http://x")',
      '+1-555-0100',
      '@sum',
    ]) {
      expect(identifiers).toContain(hard);
    }
    expect(LONG_IDENTIFIER).toHaveLength(300);
    expect(identifiers).toContain(LONG_IDENTIFIER);
  });

  it('keeps ids unique and identifiers unique per product, session and environment', () => {
    const ids = new Set(records.map(({ user }) => user._id));
    expect(ids.size).toBe(records.length);
    expect([...ids].every((id) => /^[0-9a-f]{24}$/.test(id))).toBe(true);
    expect(new Set(records.map(({ user }) => user.ductape_user_id)).size).toBe(records.length);
    const keys = records.map(({ user }) => JSON.stringify([user.product, user.session, user.env, user.identifier]));
    expect(new Set(keys).size).toBe(records.length);
    const sessionIds = records.flatMap(({ sessions }) => sessions.map((s) => s.session_id));
    expect(new Set(sessionIds).size).toBe(sessionIds.length);
  });

  it('only uses the products, sessions and environments of its layout', () => {
    const known = new Set(
      demoProducts('default').flatMap((p) =>
        p.sessions.flatMap((s) => p.envs.map((env) => `${p.tag}/${s.tag}/${env}`)),
      ),
    );
    const unknown = records
      .map(({ user }) => `${user.product}/${user.session}/${user.env}`)
      .filter((key) => !known.has(key));
    expect(unknown).toEqual([]);
    const products = new Set(records.map(({ user }) => user.product));
    expect([...products].sort()).toEqual(['my-product', 'payments-hub', 'support-desk']);
    expect(new Set(records.map(({ user }) => user.env))).toContain('eu-west-canary');
  });

  it('has consistent, plausible timestamps', () => {
    const problems = records.flatMap(({ user, sessions }) => {
      const found: string[] = [];
      if (!(user.first_seen <= user.last_seen && user.last_seen <= NOW)) found.push('first_seen <= last_seen <= now');
      if (user.created_at !== user.first_seen || user.updated_at !== user.last_seen) found.push('createdAt/updatedAt');
      if (sessions.length === 0 || sessions[0]?.start_at !== user.first_seen)
        found.push('first session starts at first_seen');
      if (sessions.some((s) => s.end_at <= s.start_at || s.start_at > user.last_seen)) found.push('session times');
      return found.map((problem) => `${user.identifier} (${user.env}): ${problem}`);
    });
    expect(problems).toEqual([]);
  });

  it('looks like real activity: repeat visitors, a long tail, several environments, revoked and active sessions', () => {
    const counts = records.map(({ sessions }) => sessions.length);
    const share = (test: (n: number) => boolean) => counts.filter(test).length / counts.length;
    expect(share((n) => n <= 5)).toBeGreaterThan(0.8);
    expect(share((n) => n > 15)).toBeGreaterThan(0.003);
    const all = records.flatMap(({ sessions }) => sessions);
    expect(all.filter((s) => s.revoked).length / all.length).toBeGreaterThan(0.02);
    expect(all.filter((s) => !s.revoked && s.end_at > NOW).length).toBeGreaterThan(100);

    const envsPerPerson = new Map<string, number>();
    for (const { user } of records) {
      const person = `${user.product}/${user.session}/${user.identifier}`;
      envsPerPerson.set(person, (envsPerPerson.get(person) ?? 0) + 1);
    }
    expect([...envsPerPerson.values()].filter((n) => n > 1).length).toBeGreaterThan(100);
  });

  it('puts every user of the single-session layout in my-product/user-session across four environments', () => {
    const single = generate(2_000, 42, 'single-session');
    expect(single).toHaveLength(2_000);
    expect(new Set(single.map(({ user }) => `${user.product}/${user.session}`))).toEqual(
      new Set(['my-product/user-session']),
    );
    expect(new Set(single.map(({ user }) => user.env))).toEqual(
      new Set(['production', 'staging', 'development', 'sandbox']),
    );
  });

  it('gives the single-session layout about 10 sessions per user and users with 10, 1,000 and 10,000 sessions', () => {
    const single = generate(20_000, 42, 'single-session');
    const sessionsOf = (identifier: string) =>
      single.find(({ user }) => user.identifier === identifier && user.env === 'production')?.sessions.length;
    expect(sessionsOf(TEN_SESSIONS_USER)).toBe(10);
    expect(sessionsOf(THOUSAND_SESSIONS_USER)).toBe(1_000);
    expect(sessionsOf(HEAVY_USER)).toBe(HEAVY_USER_SESSIONS);
    const generated = single.slice(demoUserCount(1, 'single-session'));
    const mean = generated.reduce((sum, { sessions }) => sum + sessions.length, 0) / generated.length;
    expect(mean).toBeGreaterThan(8);
    expect(mean).toBeLessThan(12);
    // The default layout keeps its own mix (about 4) and has no benchmark users.
    expect(records.some(({ user }) => user.identifier === TEN_SESSIONS_USER)).toBe(false);
  });
});
