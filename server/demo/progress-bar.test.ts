import { describe, expect, it } from 'vitest';

import { createProgressBar, formatSeconds } from './progress-bar.ts';

function capture(isTTY: boolean) {
  const chunks: string[] = [];
  return { chunks, stream: { isTTY, write: (text: string) => chunks.push(text) } };
}

describe('createProgressBar', () => {
  it('redraws one line on a terminal', () => {
    let time = 0;
    const { chunks, stream } = capture(true);
    const bar = createProgressBar({ total: 200, unit: 'users', stream, clock: () => time });
    bar.update(0);
    time = 50;
    bar.update(50); // too soon after the last draw: skipped
    time = 1_000;
    bar.update(100);
    time = 2_000;
    bar.update(200);
    bar.finish();
    expect(chunks.every((chunk) => chunk.startsWith('\r') || chunk === '\n')).toBe(true);
    expect(chunks).toHaveLength(5);
    expect(chunks[1]).toContain('[###############---------------] 50% 100/200 users 1.0s ~1.0s left');
    expect(chunks.at(-2)).toContain('100% 200/200 users 2.0s');
    expect(chunks.at(-1)).toBe('\n');
  });

  it('prints a line every 10% elsewhere', () => {
    const { chunks, stream } = capture(false);
    const bar = createProgressBar({ total: 1_000, unit: 'users', stream, clock: () => 0 });
    for (let done = 0; done <= 1_000; done += 25) bar.update(done);
    bar.finish();
    expect(chunks).toHaveLength(11);
    expect(chunks[0]).toBe('0% 0/1,000 users 0.0s\n');
    expect(chunks.at(-1)).toBe('100% 1,000/1,000 users 0.0s\n');
  });

  it('formats durations', () => {
    expect(formatSeconds(3.21)).toBe('3.2s');
    expect(formatSeconds(119.6)).toBe('2m00s');
    expect(formatSeconds(61)).toBe('1m01s');
  });
});

describe('createProgressBar with a rate', () => {
  it('shows amounts in the given format and the rate of what was counted', () => {
    let time = 0;
    const { chunks, stream } = capture(false);
    const bar = createProgressBar({
      total: 4_000_000,
      unit: 'MB',
      stream,
      clock: () => time,
      formatAmount: (bytes) => (bytes / 1e6).toFixed(1),
      rate: { unit: 'lines' },
    });
    time = 2_000;
    bar.update(2_000_000, 5_000);
    expect(chunks.at(-1)).toBe('50% 2.0/4.0 MB 2.0s ~2.0s left 2,500 lines/s\n');
  });
});
