import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { fetchUsersResultSchema, userByIdSchema, userDetailsSchema } from '../../src/contract/session-users.ts';
import { openSqliteStore } from '../store/sqlite/sqlite-store.ts';
import { insertUsers, registerScope, T0 } from '../store/sqlite/test-data.ts';
import { BEARER, memoryLogger, testApp, USERS_PATH } from './helpers.ts';
import { anyText, longText, RUNS } from './property-inputs.ts';

/**
 * Identifiers are data, never markup or formulas: whatever text a user is stored under comes back
 * byte for byte in JSON (Content-Type application/json, nosniff), found by its percent-encoded
 * path segment. How the web app shows and exports them is tested with the web app.
 */
const store = openSqliteStore(':memory:');
registerScope(store);
const logger = memoryLogger();
const app = testApp(store, { logger });
afterAll(() => store.close());

const get = (path: string) => app.request(path, { headers: BEARER });

const MARKUP_AND_FORMULAS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg onload=alert(1)>',
  '</script><script>alert(document.cookie)</script>',
  'javascript:alert(1)',
  '{{constructor.constructor("alert(1)")()}}',
  '=HYPERLINK("http://x","click")',
  '=1+2',
  '+1-555-0100',
  '-2+3',
  '@SUM(A1:A9)',
  "\t=cmd|' /C calc'!A0",
  '\r=1+1',
  '"quoted, with comma"\nand a new line',
];

describe('identifiers that look like HTML, scripts or spreadsheet formulas', () => {
  const ids = insertUsers(
    store,
    MARKUP_AND_FORMULAS.map((identifier, i) => ({ identifier, env: 'production', lastSeen: T0 - i * 60_000 })),
  );

  it('come back verbatim in JSON lists, details and lookups, never as HTML', async () => {
    const list = await get(`${USERS_PATH}?env=production&limit=100`);
    expect(list.headers.get('content-type')).toMatch(/^application\/json/);
    expect(list.headers.get('x-content-type-options')).toBe('nosniff');
    const text = await list.text();
    for (const identifier of MARKUP_AND_FORMULAS) expect(text).toContain(JSON.stringify(identifier));
    expect(fetchUsersResultSchema.parse(JSON.parse(text)).users.map((user) => user.identifier)).toEqual(
      MARKUP_AND_FORMULAS,
    );

    for (const [i, identifier] of MARKUP_AND_FORMULAS.entries()) {
      const details = await get(`${USERS_PATH}/${encodeURIComponent(identifier)}`);
      expect(details.status, identifier).toBe(200);
      expect(details.headers.get('content-type')).toMatch(/^application\/json/);
      expect(userDetailsSchema.parse(await details.json()).identifier).toBe(identifier);
      const byId = await get(`/api/users/${encodeURIComponent(ids[i]?.ductape_user_id ?? '')}`);
      expect(userByIdSchema.parse(await byId.json()).identifier).toBe(identifier);
    }
  });
});

describe(`any identifier round-trips through its path segment (${RUNS} generated identifiers)`, () => {
  // "." and ".." cannot travel as a path segment at all: URLs resolve them (also as %2E%2E).
  const addressable = (text: string) =>
    text !== '' && text !== '.' && text !== '..' && text.toLowerCase() !== '%2e' && isWellFormed(text);
  const identifier = fc
    .oneof({ arbitrary: anyText, weight: 9 }, { arbitrary: longText, weight: 1 })
    .filter(addressable);
  const seen = new Set<string>();

  it('fetchUserDetails and userById find exactly what was stored', async () => {
    await fc.assert(
      fc.asyncProperty(identifier, async (text) => {
        if (seen.has(text)) return;
        seen.add(text);
        const [ids] = insertUsers(store, [{ identifier: text, env: 'staging', lastSeen: T0 }]);
        const details = await get(`${USERS_PATH}/${encodeURIComponent(text)}?env=staging`);
        expect(details.status, JSON.stringify(text.slice(0, 200))).toBe(200);
        expect(userDetailsSchema.parse(await details.json()).identifier).toBe(text);
        const byId = await get(`/api/users/${encodeURIComponent(ids?.ductape_user_id ?? '')}`);
        expect(userByIdSchema.parse(await byId.json()).identifier).toBe(text);
      }),
      { numRuns: RUNS },
    );
    expect(logger.errors).toEqual([]);
  }, 120_000);
});

function isWellFormed(text: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}
