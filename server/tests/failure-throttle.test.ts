import { describe, expect, it } from 'vitest';
import { FailureThrottle } from '../failure-throttle.ts';

describe('FailureThrottle', () => {
  it('doubles the wait after the threshold, up to the cap (30 s by default)', () => {
    const throttle = new FailureThrottle({ threshold: 5, baseDelayMs: 250, maxDelayMs: 5_000 });
    expect([4, 5, 6, 7, 8, 9, 10, 50, 5_000].map((n) => throttle.delayFor(n))).toEqual([
      0, 250, 500, 1_000, 2_000, 4_000, 5_000, 5_000, 5_000,
    ]);
    expect(new FailureThrottle().delayFor(1_000)).toBe(30_000);
  });

  it('refuses wrong tokens at once while a client must wait, lets the right one in, and counts again once the wait is over', () => {
    let now = 0;
    const throttle = new FailureThrottle({ threshold: 2, baseDelayMs: 1_000 }, () => now);
    const wrong = () => false;
    expect(throttle.attempt('a', wrong)).toEqual({ ok: false });
    expect(throttle.attempt('a', wrong)).toEqual({ ok: false });
    now = 400;
    expect(throttle.attempt('a', wrong)).toEqual({ ok: false, retryAfterMs: 600 });
    expect(throttle.failuresOf('a')).toBe(2);
    expect(throttle.attempt('b', () => true)).toEqual({ ok: true });
    now = 1_000;
    expect(throttle.attempt('a', wrong)).toEqual({ ok: false });
    expect(throttle.attempt('a', wrong)).toEqual({ ok: false, retryAfterMs: 2_000 });
    expect(throttle.attempt('a', () => true)).toEqual({ ok: true });
    expect(throttle.failuresOf('a')).toBe(0);
  });

  it('forgets a client after the window and caps how many clients it remembers', () => {
    let now = 0;
    const throttle = new FailureThrottle({ windowMs: 1_000, maxClients: 2 }, () => now);
    throttle.attempt('a', () => false);
    throttle.attempt('a', () => false);
    expect(throttle.failuresOf('a')).toBe(2);
    now = 1_001;
    expect(throttle.failuresOf('a')).toBe(0);

    throttle.attempt('a', () => false);
    throttle.attempt('b', () => false);
    throttle.attempt('c', () => false);
    expect(['a', 'b', 'c'].map((client) => throttle.failuresOf(client))).toEqual([0, 1, 1]);
  });

  it('resets a client on success', () => {
    const throttle = new FailureThrottle();
    throttle.attempt('a', () => false);
    expect(throttle.attempt('a', () => true)).toEqual({ ok: true });
    expect(throttle.failuresOf('a')).toBe(0);
  });
});
