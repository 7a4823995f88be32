import type { NewUserSession } from '../store/sqlite/store-writer.ts';
import { randomUuid } from './ids.ts';
import type { Random } from './prng.ts';

export interface TimelineOptions {
  count: number;
  firstStart: number;
  lastStart: number;
  expiry: number;
  revokedRate: number;
  /** Keep the newest session un-revoked (so it is active while it has not expired). */
  keepNewest?: boolean;
  /** Revoke the second newest session. */
  revokeSecondNewest?: boolean;
}

/** `count` sessions from firstStart to lastStart (oldest first), each lasting `expiry` unless revoked. */
export function sessionTimeline(random: Random, options: TimelineOptions): NewUserSession[] {
  const { count, firstStart, lastStart, expiry, revokedRate } = options;
  const starts: number[] = [];
  if (count >= 1) starts.push(firstStart);
  for (let i = 2; i < count; i++) starts.push(firstStart + Math.floor(random.next() * (lastStart - firstStart)));
  if (count >= 2) starts.push(lastStart);
  starts.sort((a, b) => a - b);

  return starts.map((startAt, index) => {
    const newest = index === count - 1;
    const secondNewest = index === count - 2;
    let revoked = random.chance(revokedRate);
    if (newest && options.keepNewest) revoked = false;
    if (secondNewest && options.revokeSecondNewest) revoked = true;
    return { session_id: randomUuid(random), start_at: startAt, end_at: startAt + expiry, revoked };
  });
}
