import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.ts';

describe('loadConfig', () => {
  it('uses the contract defaults and generates a 32-byte base64url token', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 8787,
      databaseUrl: 'file:./data/dashboard.db',
      tokenGenerated: true,
    });
    expect(config.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(loadConfig({}).token).not.toBe(config.token);
    expect(loadConfig({ DASHBOARD_TOKEN: '' }).tokenGenerated).toBe(true);
  });

  it('reads every variable', () => {
    expect(
      loadConfig({
        HOST: '0.0.0.0',
        PORT: '3000',
        DATABASE_URL: 'file:/tmp/x.db',
        DASHBOARD_TOKEN: 'a-long-enough-token',
      }),
    ).toEqual({
      host: '0.0.0.0',
      port: 3000,
      databaseUrl: 'file:/tmp/x.db',
      token: 'a-long-enough-token',
      tokenGenerated: false,
    });
    expect(loadConfig({ HOST: '::1' }).host).toBe('::1');
    expect(loadConfig({ HOST: 'localhost' }).host).toBe('localhost');
    expect(loadConfig({ PORT: '0' }).port).toBe(0);
  });

  it.each([
    [{ PORT: 'abc' }, /^PORT must be a whole number from 0 to 65535, not "abc"\.$/],
    [{ PORT: '65536' }, /^PORT/],
    [{ PORT: '-1' }, /^PORT/],
    [{ PORT: '80.5' }, /^PORT/],
    [{ PORT: '1e3' }, /^PORT/],
    [{ HOST: 'not a host' }, /^HOST must be/],
    [{ HOST: 'http://localhost' }, /^HOST must be/],
    [{ DATABASE_URL: '   ' }, /^DATABASE_URL/],
    [{ DASHBOARD_TOKEN: 'short' }, /^DASHBOARD_TOKEN must be 8 to 512 characters/],
    [{ DASHBOARD_TOKEN: 'has a space in it' }, /^DASHBOARD_TOKEN may only hold printable ASCII/],
    [{ DASHBOARD_TOKEN: 'line\nbreak-token' }, /^DASHBOARD_TOKEN/],
  ])('rejects %o with one clear line', (env, message) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).not.toContain('\n');
  });
});
