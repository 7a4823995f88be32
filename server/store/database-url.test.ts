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
    expect(() => parseDatabaseUrl('postgres://admin:s3cret@db.example.com/dash')).toThrow(/"postgres:"/);
    expect(() => parseDatabaseUrl('postgres://admin:s3cret@db.example.com/dash')).not.toThrow(/s3cret/);
    expect(() => parseDatabaseUrl('mongodb+srv://x')).toThrow(/"mongodb\+srv:"/);
  });

  it.each(['./data/x.db', '', 'file:', 'file:./x.db?mode=ro', 'file://remote-host/x.db'])(
    'rejects %j clearly',
    (url) => {
      expect(() => parseDatabaseUrl(url)).toThrow(/DATABASE_URL/);
    },
  );
});
