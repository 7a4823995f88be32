import { describe, expect, it } from 'vitest';
import { formatLocal, formatRelative, formatShortLocal, formatUtc } from './time.ts';

const NOW = Date.parse('2026-11-30T12:00:00.000Z');

describe('formatRelative', () => {
  it.each([
    ['2026-11-30T11:59:30.000Z', 'just now'],
    ['2026-11-30T11:55:00.000Z', '5 minutes ago'],
    ['2026-11-30T09:00:00.000Z', '3 hours ago'],
    ['2026-11-29T12:00:00.000Z', 'yesterday'],
    ['2026-11-20T12:00:00.000Z', 'last week'],
    ['2026-11-09T12:00:00.000Z', '3 weeks ago'],
    ['2026-08-30T12:00:00.000Z', '3 months ago'],
    ['2024-11-30T12:00:00.000Z', '2 years ago'],
    ['2026-11-30T12:10:00.000Z', 'in 10 minutes'],
  ])('%s reads "%s"', (iso, expected) => {
    expect(formatRelative(iso, NOW, 'en')).toBe(expected);
  });

  it('says so when the time cannot be read', () => {
    expect(formatRelative('not a date', NOW, 'en')).toBe('Unknown time');
  });
});

describe('exact times', () => {
  it('writes UTC unambiguously', () => {
    expect(formatUtc('2026-11-30T09:05:03.000Z')).toBe('2026-11-30 09:05:03 UTC');
    expect(formatUtc('2026-01-02T23:59:59+02:00')).toBe('2026-01-02 21:59:59 UTC');
  });

  it('writes local time in the given zone, naming it', () => {
    const text = formatLocal('2026-11-30T09:05:03.000Z', 'en-GB', 'Europe/Berlin');
    expect(text).toContain('10:05:03');
    expect(text).toMatch(/CET|GMT\+1/);
    expect(formatShortLocal('2026-11-30T09:05:03.000Z', 'en-GB', 'Asia/Tokyo')).toBe('30 Nov 2026, 18:05');
  });

  it('passes unreadable input through instead of throwing', () => {
    expect(formatUtc('garbage')).toBe('garbage');
    expect(formatLocal('garbage')).toBe('garbage');
  });
});
