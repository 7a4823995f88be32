import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, readSecretToken } from '../config.ts';

describe('loadConfig', () => {
  it('uses the contract defaults and generates a 32-byte base64url token', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 8787,
      databaseUrl: 'file:./data/dashboard.db',
      tokenGenerated: true,
      allowedHosts: [],
      cookieSecure: 'auto',
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
        ALLOWED_HOSTS: ' Dashboard.Example.com, 10.0.0.5 ,[FD00::1],fd00::2',
        COOKIE_SECURE: 'Always',
      }),
    ).toEqual({
      host: '0.0.0.0',
      port: 3000,
      databaseUrl: 'file:/tmp/x.db',
      token: 'a-long-enough-token',
      tokenGenerated: false,
      allowedHosts: ['dashboard.example.com', '10.0.0.5', '[fd00::1]', '[fd00::2]'],
      cookieSecure: 'always',
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
    [{ DASHBOARD_TOKEN: 'short' }, /^DASHBOARD_TOKEN is too short: it must be at least 16 characters \(it has 5\)/],
    [{ DASHBOARD_TOKEN: '0123456789abcde' }, /^DASHBOARD_TOKEN is too short: .*\(it has 15\)/],
    [{ DASHBOARD_TOKEN: 'x'.repeat(513) }, /^DASHBOARD_TOKEN is too long: it must be at most 512 characters\.$/],
    [{ ALLOWED_HOSTS: 'example.com:8080' }, /^ALLOWED_HOSTS must be host names or IP addresses/],
    [{ ALLOWED_HOSTS: 'a.example,,b.example' }, /^ALLOWED_HOSTS/],
    [{ COOKIE_SECURE: 'yes' }, /^COOKIE_SECURE must be "always" or "auto", not "yes"\.$/],
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

  it('accepts a token of exactly 16 characters', () => {
    expect(loadConfig({ DASHBOARD_TOKEN: '0123456789abcdef' }).token).toBe('0123456789abcdef');
  });
});

describe('readSecretToken', () => {
  it('checks any token setting by name, the same way', () => {
    expect(readSecretToken({}, 'INGEST_TOKEN')).toBeUndefined();
    expect(readSecretToken({ INGEST_TOKEN: '' }, 'INGEST_TOKEN')).toBeUndefined();
    expect(readSecretToken({ INGEST_TOKEN: 'ingest-token-0123456789' }, 'INGEST_TOKEN')).toBe(
      'ingest-token-0123456789',
    );
    expect(() => readSecretToken({ INGEST_TOKEN: 'too-short' }, 'INGEST_TOKEN')).toThrow(
      /^INGEST_TOKEN is too short: it must be at least 16 characters \(it has 9\)/,
    );
    expect(() => readSecretToken({ INGEST_TOKEN: 'too-short' }, 'INGEST_TOKEN')).toThrow(ConfigError);
  });
});
