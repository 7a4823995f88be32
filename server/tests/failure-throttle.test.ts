import { describe, expect, it } from 'vitest';
import { FailureThrottle } from '../failure-throttle.ts';

describe('FailureThrottle', () => {
  it('doubles the delay after the threshold, up to the cap', () => {
    const throttle = new FailureThrottle({ threshold: 5, baseDelayMs: 250, maxDelayMs: 5_000 });
    expect([4, 5, 6, 7, 8, 9, 10, 50, 5_000].map((n) => throttle.delayFor(n))).toEqual([
      0, 250, 500, 1_000, 2_000, 4_000, 5_000, 5_000, 5_000,
    ]);
  });

  it('forgets a client after the window and caps how many clients it remembers', async () => {
    let now = 0;
    const throttle = new FailureThrottle({ windowMs: 1_000, maxClients: 2 }, () => now);
    await throttle.attempt('a', () => false);
    await throttle.attempt('a', () => false);
    expect(throttle.failuresOf('a')).toBe(2);
    now = 1_001;
    expect(throttle.failuresOf('a')).toBe(0);

    await throttle.attempt('a', () => false);
    await throttle.attempt('b', () => false);
    await throttle.attempt('c', () => false);
    expect(['a', 'b', 'c'].map((client) => throttle.failuresOf(client))).toEqual([0, 1, 1]);
  });

  it('resets a client on success', async () => {
    const throttle = new FailureThrottle();
    await throttle.attempt('a', () => false);
    expect(await throttle.attempt('a', () => true)).toBe(true);
    expect(throttle.failuresOf('a')).toBe(0);
  });
});
