import { describe, expect, it } from 'vitest';
import { parseIsoTime } from './ingest.ts';

describe('parseIsoTime', () => {
  it('reads the stored format (what export writes) exactly as the general form', () => {
    for (const text of ['2026-05-01T09:30:00.000Z', '2024-02-29T23:59:59.999Z', '1970-01-01T00:00:00.000Z']) {
      expect(parseIsoTime(text)).toBe(Date.parse(text));
      expect(parseIsoTime(text)).toBe(parseIsoTime(text.replace('Z', '+00:00')));
    }
  });

  it('refuses days, hours and years that do not exist or are out of range, in the stored format too', () => {
    for (const text of [
      '2025-02-29T00:00:00.000Z',
      '2024-04-31T00:00:00.000Z',
      '2024-13-01T00:00:00.000Z',
      '2024-01-01T24:00:00.000Z',
      '2024-01-01T00:60:00.000Z',
      '1969-12-31T23:59:59.999Z',
    ]) {
      expect(parseIsoTime(text)).toBeUndefined();
    }
  });
});
