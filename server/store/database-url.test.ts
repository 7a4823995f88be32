import { resolve } from 'node:path';

import { describe, expect, it } from 'vitest';

import { parseDatabaseUrl } from './database-url.ts';

describe('parseDatabaseUrl', () => {
  it.each([
    ['file:./data/dashboard.db', resolve('data/dashboard.db')],
    ['file:data/x.db', resolve('data/x.db')],
    ['file:/var/lib/dash.db', '/var/lib/dash.db'],
    ['file:///var/lib/dash%20board.db', '/var/lib/dash board.db'],
    ['file://localhost/var/lib/dash.db', '/var/lib/dash.db'],
    ['  FILE:./x.db  ', resolve('x.db')],
    ['file::memory:', ':memory:'],
  ])('reads %j', (url, path) => {
    expect(parseDatabaseUrl(url)).toEqual({ kind: 'sqlite', path });
  });

  it('rejects other schemes without repeating credentials', () => {
    expect(() => parseDatabaseUrl('mysql://admin:s3cret@db.example.com/dash')).toThrow(/"mysql:"/);
    expect(() => parseDatabaseUrl('mysql://admin:s3cret@db.example.com/dash')).not.toThrow(/s3cret/);
    expect(() => parseDatabaseUrl('mongodb+srv://x')).toThrow(/"mongodb\+srv:"/);
  });

  it('reads PostgreSQL URLs with pool and timeout settings, showing them without the password', () => {
    const location = parseDatabaseUrl('postgres://admin:s3cret@db.example.com:6432/dash?sslmode=require&pool_size=4');
    expect(location).toMatchObject({
      kind: 'postgres',
      url: 'postgres://admin:s3cret@db.example.com:6432/dash?sslmode=require',
      display: 'postgres://admin@db.example.com:6432/dash',
      poolSize: 4,
      statementTimeoutMs: 5_000,
    });
    expect(
      parseDatabaseUrl('postgresql://u@h/d', { DATABASE_POOL_SIZE: '20', DATABASE_STATEMENT_TIMEOUT_MS: '900' }),
    ).toMatchObject({ kind: 'postgres', poolSize: 20, statementTimeoutMs: 900 });
    expect(() => parseDatabaseUrl('postgres://u:s3cret@h/d?pool_size=zero')).toThrow(/pool_size/);
    expect(() => parseDatabaseUrl('postgres://u:s3cret@h/d?pool_size=zero')).not.toThrow(/s3cret/);
    expect(() => parseDatabaseUrl('postgres://u@h/d', { DATABASE_STATEMENT_TIMEOUT_MS: '-1' })).toThrow(
      /DATABASE_STATEMENT_TIMEOUT_MS/,
    );
  });

  it.each(['./data/x.db', '', 'file:', 'file:./x.db?mode=ro', 'file://remote-host/x.db'])(
    'rejects %j clearly',
    (url) => {
      expect(() => parseDatabaseUrl(url)).toThrow(/DATABASE_URL/);
    },
  );
});
