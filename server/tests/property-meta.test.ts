import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogSchema, healthSchema } from '../../src/contract/session-users.ts';
import { LOGIN_COOKIE } from '../auth.ts';
import { BEARER, TOKEN } from './helpers.ts';
import { expectContractAnswer, expectHealthy, get, propertyHarness, type Harness } from './property-harness.ts';
import { anyText, headerValue, longText, queryString, RUNS, segment, withQuery } from './property-inputs.ts';

/**
 * health, catalog, login and the OpenAPI document over generated queries, path suffixes,
 * credentials and bodies (RUNS cases each): 200 (204 for a login) or a 4xx with the error shape.
 */
let harness: Harness;
beforeAll(async () => {
  harness = await propertyHarness();
});
afterAll(() => harness.store.close());

const TIMEOUT = 120_000;
const openApiSchema = {
  safeParse: (body: unknown) => ({ success: (body as { openapi?: unknown }).openapi === '3.1.0' }),
};

/** A route's own path with a hostile query, or with a hostile segment after it (which is a 404). */
function routeUrl(path: string): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: queryString().map((query) => withQuery(path, query)), weight: 3 },
    {
      arbitrary: fc.tuple(segment(), queryString()).map(([extra, query]) => withQuery(`${path}/${extra}`, query)),
      weight: 1,
    },
  );
}

/** Credentials as a client might send them: right, wrong, malformed, long, or none. */
const credentials: fc.Arbitrary<Record<string, string>> = fc.oneof(
  { arbitrary: fc.constant(BEARER), weight: 4 },
  { arbitrary: headerValue.map((value) => ({ Authorization: `Bearer ${value}` })), weight: 1 },
  { arbitrary: headerValue.map((value) => ({ Authorization: value })), weight: 1 },
  { arbitrary: headerValue.map((value) => ({ Cookie: `${LOGIN_COOKIE}=${value}` })), weight: 1 },
  { arbitrary: fc.constant({}), weight: 1 },
);

describe(`health, catalog, login and openapi answer anything with 2xx or a 4xx (${RUNS} generated requests each)`, () => {
  it(
    'health: /api/health',
    async () => {
      await fc.assert(
        fc.asyncProperty(routeUrl('/api/health'), credentials, async (url, headers) => {
          const { status } = await expectContractAnswer(await get(harness, url, headers), healthSchema, url);
          // The health check needs no token and ignores every parameter.
          if (!url.startsWith('/api/health/')) expect(status, url).toBe(200);
        }),
        { numRuns: RUNS },
      );
      await expectHealthy(harness);
    },
    TIMEOUT,
  );

  it(
    'catalog: /api/catalog',
    async () => {
      await fc.assert(
        fc.asyncProperty(routeUrl('/api/catalog'), credentials, async (url, headers) => {
          const { status } = await expectContractAnswer(await get(harness, url, headers), catalogSchema, url);
          if (status === 200) expect(headers).toEqual(BEARER);
        }),
        { numRuns: RUNS },
      );
      await expectHealthy(harness);
    },
    TIMEOUT,
  );

  it(
    'openapi: /api/openapi.json',
    async () => {
      await fc.assert(
        fc.asyncProperty(routeUrl('/api/openapi.json'), credentials, async (url, headers) => {
          await expectContractAnswer(await get(harness, url, headers), openApiSchema, url);
        }),
        { numRuns: RUNS },
      );
      await expectHealthy(harness);
    },
    TIMEOUT,
  );

  it(
    'login: POST /api/login with any body, content type and query',
    async () => {
      const token = fc.oneof(anyText, longText, fc.constant(TOKEN), fc.integer(), fc.constant(null), fc.jsonValue());
      const body = fc.oneof(
        { arbitrary: token.map((value) => JSON.stringify({ token: value })), weight: 4 },
        {
          arbitrary: fc.tuple(token, fc.jsonValue()).map(([value, extra]) => JSON.stringify({ extra, token: value })),
          weight: 1,
        },
        { arbitrary: fc.jsonValue().map((value) => JSON.stringify(value)), weight: 1 },
        { arbitrary: anyText, weight: 1 },
        { arbitrary: longText, weight: 1 },
        { arbitrary: fc.constant(`{"token":"${TOKEN}"`), weight: 1 },
      );
      const contentType = fc.oneof(
        { arbitrary: fc.constant('application/json'), weight: 4 },
        {
          arbitrary: fc.constantFrom(
            'application/json; charset=utf-8',
            'application/json; charset=latin1',
            'APPLICATION/JSON',
            'text/plain',
            'application/x-www-form-urlencoded',
            'multipart/form-data; boundary=x',
            '',
          ),
          weight: 2,
        },
        { arbitrary: headerValue, weight: 1 },
      );
      const request = fc.record({ query: queryString(), body, contentType });
      await fc.assert(
        fc.asyncProperty(request, async ({ query, body: text, contentType: type }) => {
          const url = withQuery('/api/login', query);
          const response = await harness.app.request(url, {
            method: 'POST',
            headers: type === '' ? {} : { 'Content-Type': type },
            body: text,
          });
          const { status } = await expectContractAnswer(response, undefined, `${url} ${text.slice(0, 100)}`, 204);
          // Only the right token signs in, and only then is a cookie set.
          if (status === 204) expect(JSON.parse(text).token).toBe(TOKEN);
          expect(response.headers.has('set-cookie')).toBe(status === 204);
        }),
        { numRuns: RUNS },
      );
      await expectHealthy(harness);
    },
    TIMEOUT,
  );
});
