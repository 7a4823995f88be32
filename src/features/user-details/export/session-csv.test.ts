import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { sessionsToCsv } from './session-csv.ts';
import { exportFileName, toExportRows } from './session-rows.ts';
import type { ExportIdentity } from './session-rows.ts';
import { toTimedSessions } from '../model/sessions.ts';

const identity: ExportIdentity = {
  identifier: 'user@example.com',
  ductape_user_id: 'du_1',
  product_tag: 'my-product',
  session_tag: 'user-session',
  env: 'production',
};

const sessions = toTimedSessions([
  { session_id: 's-2', start_at: '2026-11-30T09:00:00.000Z', end_at: '2026-11-30T21:00:00.000Z', active: true },
  { session_id: 's-1', start_at: '2026-11-29T08:00:00Z', end_at: '2026-11-29T08:45:30Z', active: false, revoked: true },
]);

function parse(csv: string): string[][] {
  return Papa.parse<string[]>(csv, { skipEmptyLines: true }).data;
}

describe('sessionsToCsv', () => {
  it('writes a header and one row per session with UTC times and the identity', () => {
    const csv = sessionsToCsv(toExportRows(identity, sessions));
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toContain('\r\n');
    expect(parse(csv)).toEqual([
      [
        'identifier',
        'ductape_user_id',
        'product_tag',
        'session_tag',
        'env',
        'session_id',
        'start_at',
        'end_at',
        'duration_seconds',
        'status',
        'revoked',
      ],
      [
        ...Object.values(identity),
        's-2',
        '2026-11-30T09:00:00.000Z',
        '2026-11-30T21:00:00.000Z',
        '43200',
        'active',
        'false',
      ],
      [
        ...Object.values(identity),
        's-1',
        '2026-11-29T08:00:00.000Z',
        '2026-11-29T08:45:30.000Z',
        '2730',
        'expired',
        'true',
      ],
    ]);
  });

  it('quotes commas, quotes and line breaks so they round-trip', () => {
    const tricky = { ...identity, identifier: 'a,"b"\nc <b>x</b> 名前' };
    const csv = sessionsToCsv(toExportRows(tricky, sessions));
    expect(csv).toContain('"a,""b""\nc <b>x</b> 名前"');
    expect(parse(csv)[1]?.[0]).toBe(tricky.identifier);
  });

  it.each(['=1+1', '+1', '-1', '@SUM(A1)', '\t=1', '\r=1', '＝1', '=HYPERLINK("http://x")\nline two'])(
    'neutralises a cell that starts like a formula: %j',
    (identifier) => {
      const csv = sessionsToCsv(toExportRows({ ...identity, identifier }, sessions));
      const cell = parse(csv)[1]?.[0];
      expect(cell).toBe(`'${identifier}`);
      expect(csv).toContain(`"'${identifier.replaceAll('"', '""')}"`);
    },
  );

  it('leaves safe text, numbers and inner formula characters alone', () => {
    const csv = sessionsToCsv(toExportRows({ ...identity, identifier: 'a+b@x.com' }, sessions));
    const row = parse(csv)[1];
    expect(row?.[0]).toBe('a+b@x.com');
    expect(csv).not.toContain("'a+b");
  });

  it('writes only the header when nothing matches', () => {
    expect(parse(sessionsToCsv([]))).toHaveLength(1);
  });
});

describe('exportFileName', () => {
  const date = new Date('2026-11-30T23:00:00Z');
  it('names the file after the user, environment and date', () => {
    expect(exportFileName('user@example.com', 'production', date, 'csv')).toBe(
      'sessions_user@example.com_production_2026-11-30.csv',
    );
  });
  it('replaces characters a file name cannot hold', () => {
    expect(exportFileName('a/b\\c:"d"<b>x</b>', 'staging', date, 'json')).toBe(
      'sessions_a_b_c_d_b_x_b_staging_2026-11-30.json',
    );
    expect(exportFileName('名前 テスト', 'prod', date, 'csv')).toBe('sessions_名前_テスト_prod_2026-11-30.csv');
    expect(exportFileName('../..', 'prod', date, 'csv')).toBe('sessions_user_prod_2026-11-30.csv');
  });
});
