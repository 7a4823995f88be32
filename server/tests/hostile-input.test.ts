import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { errorBodySchema } from '../../src/contract/session-users.ts';
import { describeEachStore } from '../store/conformance/each-store.ts';
import { BEARER, memoryLogger, openDemoStore, testApp, USERS_PATH } from './helpers.ts';

/**
 * Nothing a client sends may make the server answer 500 (or 503: the store must not choke on it
 * either): every answer is a success or a contract error, on each store.
 */
describeEachStore('hostile input', (stores) => {
  const logger = memoryLogger();
  let app: ReturnType<typeof testApp>;
  beforeAll(async () => {
    app = testApp(await openDemoStore(stores), { logger });
  });

  async function expectNo500(path: string, init: RequestInit = {}) {
    const response = await app.request(path, { ...init, headers: { ...BEARER, ...init.headers } });
    expect(response.status, path).toBeLessThan(500);
    if (response.status >= 400) {
      expect(errorBodySchema.safeParse(await response.clone().json()).success, path).toBe(true);
    }
    return response;
  }

  const LONG = 'x'.repeat(10_000);

  const hostileSegments = [
    '%E0%A4%A',
    '%',
    '%%',
    '%00',
    'a%00b',
    '%FF%FE',
    '%C0%AF',
    '%ED%A0%80',
    '%2e%2e',
    '..%2F..%2Fetc%2Fpasswd',
    '%5C..%5C',
    "'%20OR%201=1%20--",
    "'; DROP TABLE session_users; --",
    '%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E',
    LONG,
    encodeURIComponent('ü'.repeat(3_000)),
    '%F0%9F%A6%8A',
    '+',
    '%2B%2F%3F%23',
  ];

  const hostileQueries = [
    'page=1e308',
    'page=99999999999999999999',
    'page=1' + '0'.repeat(400),
    'limit=-1',
    'page=-0',
    'page=1.5',
    'page=1.0',
    'page=0x10',
    'page=%201',
    'page=1%20',
    'page=+1',
    'page=Infinity',
    'page=NaN',
    'page=%00',
    'limit=1%00',
    'page=%E0%A4%A',
    'page=%',
    'page[]=1',
    'page=1&page=2&page=3',
    'limit=10&limit=20',
    'env=%00',
    'env=%FF',
    "env='%20OR%201=1%20--",
    `env=${LONG}`,
    'env=a&env=b',
    '&&&=&==',
    'page',
    'limit',
    '%=%',
    'token=abc',
  ];

  describe('hostile input never causes a 500', () => {
    it.each(hostileSegments)('identifier segment %s', async (segment) => {
      await expectNo500(`${USERS_PATH}/${segment}`);
      await expectNo500(`${USERS_PATH}/${segment}?env=production`);
      await expectNo500(`/api/users/${segment}`);
      await expectNo500(`/api/products/${segment}/sessions/${segment}/users`);
    });

    it.each(hostileQueries)('query %s', async (query) => {
      await expectNo500(`${USERS_PATH}?${query}`);
      await expectNo500(`${USERS_PATH}/user%40example.com?${query}`);
    });

    it.each([
      'page=1e308',
      'page=99999999999999999999',
      'limit=-1',
      'page=1.5',
      'page=0x10',
      'page=%201',
      'page=Infinity',
      'page=%00',
      'page[]=1&page=x',
    ])('rejects the page/limit value in %s with 400 INVALID_PARAMS', async (query) => {
      const response = await expectNo500(`${USERS_PATH}?${query}`);
      expect(response.status).toBe(400);
      const { error } = errorBodySchema.parse(await response.json());
      expect(error.code).toBe('INVALID_PARAMS');
      expect(error.message).toMatch(/^(page|limit) /);
    });

    it('treats SQL-looking text as plain data', async () => {
      const response = await expectNo500(`${USERS_PATH}/${encodeURIComponent("' OR 1=1 --")}`);
      expect(response.status).toBe(404);
      const users = await expectNo500(`${USERS_PATH}?env=${encodeURIComponent("production' OR '1'='1")}`);
      expect(users.status).toBe(404);
    });

    it('survives hostile headers and cookies', async () => {
      await expectNo500('/api/catalog', { headers: { Cookie: 'dashboard_session=%E0%A4%A; dashboard_session=x' } });
      await expectNo500('/api/catalog', {
        headers: { Cookie: `dashboard_session=${'9'.repeat(20)}.${'A'.repeat(43)}` },
      });
      await expectNo500('/api/catalog', { headers: { Authorization: 'Bearer' } });
      await expectNo500('/api/catalog', { headers: { Authorization: `Bearer ${LONG}` } });
      await expectNo500('/api/catalog', { headers: { Authorization: 'Basic dXNlcjpwYXNz' } });
      await expectNo500('/api/catalog', { headers: { 'X-Forwarded-Proto': '\u00ff' } });
    });

    it('survives hostile login bodies', async () => {
      const bodies: [string | undefined, string][] = [
        ['application/json', '{'],
        ['application/json', ''],
        ['application/json', 'null'],
        ['application/json', '[]'],
        ['application/json', '"token"'],
        ['application/json', '{"token":null}'],
        ['application/json', '{"token":{"$ne":""}}'],
        ['application/json', '{"token":"\\u0000"}'],
        ['application/json', `{"token":"${'a'.repeat(9_000)}"}`],
        ['application/json; charset=latin1', '{"token":"x"}'],
        ['text/plain', '{"token":"x"}'],
        ['application/x-www-form-urlencoded', 'token=x'],
        ['multipart/form-data; boundary=x', '--x--'],
        [undefined, '{"token":"x"}'],
      ];
      for (const [type, body] of bodies) {
        const headers: Record<string, string> = type ? { 'Content-Type': type } : {};
        await expectNo500('/api/login', { method: 'POST', headers, body });
      }
    });

    it('holds for arbitrary path segments and query values (property)', async () => {
      const piece = fc.constantFrom(
        '%',
        '%2',
        '%2F',
        '%2f',
        '%25',
        '%00',
        '%FF',
        '%E0%A4',
        '%C3%A9',
        'é',
        '+',
        '.',
        '..',
        "'",
        '"',
        ';',
        ' ',
        '?',
        '&',
        '=',
        '#',
        'a',
        '0',
        '9',
        '-',
        '1e9',
        '\u0000',
        '<',
        '>',
        '\\',
        '@',
        '~',
        '[',
        ']',
        '{',
        '}',
      );
      const text = fc.array(piece, { maxLength: 12 }).map((parts) => parts.join(''));
      await fc.assert(
        fc.asyncProperty(text, text, text, async (segment, value, env) => {
          const path = `${USERS_PATH}/${segment.replace(/[#?]/g, '%23') || 'x'}?page=${value}&limit=${value}&env=${env}`;
          const response = await app.request(path, { headers: BEARER });
          return response.status < 500;
        }),
        { numRuns: 300 },
      );
    });

    it('logged no unexpected error along the way', () => {
      expect(logger.errors).toEqual([]);
    });
  });
});
