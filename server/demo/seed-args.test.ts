import { describe, expect, it } from 'vitest';

import { DEFAULT_DEMO_SEED, DEFAULT_DEMO_USERS } from './load-demo.ts';
import { parseSeedArgs, UsageError } from './seed-args.ts';

describe('parseSeedArgs', () => {
  it('has defaults', () => {
    expect(parseSeedArgs([])).toEqual({
      users: DEFAULT_DEMO_USERS,
      seed: DEFAULT_DEMO_SEED,
      reset: false,
      layout: 'default',
    });
  });

  it('reads every option, in both spellings', () => {
    expect(parseSeedArgs(['--users', '100000', '--seed', '7', '--reset', '--layout', 'single-session'])).toEqual({
      users: 100_000,
      seed: 7,
      reset: true,
      layout: 'single-session',
    });
    expect(parseSeedArgs(['--users=1_000_000', '--seed=0'])).toMatchObject({ users: 1_000_000, seed: 0 });
    expect(parseSeedArgs(['--users', '1,000,000'])).toMatchObject({ users: 1_000_000 });
    expect(parseSeedArgs(['--help'])).toBe('help');
    expect(parseSeedArgs(['-h'])).toBe('help');
  });

  it.each([
    [['--users', '0'], '--users must be a whole number from 1 to 5,000,000, not "0"'],
    [['--users', '-5'], '--users'],
    [['--users', '1e6'], '--users must be a whole number'],
    [['--users', '12,34'], '--users must be a whole number'],
    [['--users', '9999999'], '--users must be a whole number'],
    [['--users'], "Option '--users <value>' argument missing"],
    [['--seed', 'abc'], '--seed must be a whole number from 0 to 4,294,967,295, not "abc"'],
    [['--layout', 'huge'], '--layout must be one of default, single-session, not "huge"'],
    [['--bogus'], "Unknown option '--bogus'"],
    [['100'], 'Unexpected argument'],
  ])('rejects %j', (argv, message) => {
    expect(() => parseSeedArgs(argv)).toThrow(UsageError);
    expect(() => parseSeedArgs(argv)).toThrow(message);
  });
});
