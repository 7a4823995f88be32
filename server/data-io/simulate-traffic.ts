import type { SessionRecord } from '../../src/contract/ingest.ts';
import { EMAIL_DOMAINS, FIRST_NAMES, LAST_NAMES } from '../demo/names.ts';
import type { Random } from '../demo/prng.ts';

export type SimulatedEvent = 'new user' | 'returning user' | 'refresh' | 'revocation';

export interface SimulatedRecord {
  event: SimulatedEvent;
  record: SessionRecord;
}

interface Known {
  env: string;
  identifier: string;
}

const ENVS: readonly (readonly [string, number])[] = [
  ['production', 7],
  ['staging', 2],
  ['development', 1],
];
const SESSION_MS = 60 * 60_000;
/** Users and open sessions remembered for returning users, refreshes and revocations. */
const REMEMBERED = 5_000;

/**
 * Login traffic as an application sends it: people signing up, coming back, their sessions
 * being refreshed (a later end_at, with activity) and revoked (a logout). Each call returns the
 * next `count` records, never repeating a session_id within one call.
 */
export function createTraffic(random: Random, scope: { product: string; session: string }, now = Date.now) {
  const users: Known[] = [];
  const open: SessionRecord[] = [];
  const remember = <T>(list: T[], item: T) => {
    list.push(item);
    if (list.length > REMEMBERED) list.splice(random.int(0, list.length - 2), 1);
  };
  const newSession = (user: Known, at: number): SessionRecord => ({
    ...scope,
    env: user.env,
    identifier: user.identifier,
    session_id: `sim-${random.hex(24)}`,
    start_at: new Date(at).toISOString(),
    end_at: new Date(at + SESSION_MS).toISOString(),
  });
  const next = (taken: Set<string>): SimulatedRecord => {
    const at = now();
    const roll = random.next();
    const openIndex = open.length === 0 ? -1 : random.int(0, open.length - 1);
    const chosen = openIndex < 0 ? undefined : open[openIndex];
    if (roll < 0.4 && chosen !== undefined && !taken.has(chosen.session_id)) {
      if (roll < 0.12) {
        open.splice(openIndex, 1);
        const revoked = { ...chosen, revoked_at: new Date(at).toISOString() };
        return { event: 'revocation', record: revoked };
      }
      const refreshed = {
        ...chosen,
        end_at: new Date(at + SESSION_MS).toISOString(),
        seen_at: new Date(at).toISOString(),
      };
      open[openIndex] = refreshed;
      return { event: 'refresh', record: refreshed };
    }
    if (roll < 0.7 && users.length > 0) {
      const record = newSession(random.pick(users), at);
      remember(open, record);
      return { event: 'returning user', record };
    }
    const first = random.pick(FIRST_NAMES).toLowerCase();
    const last = random.pick(LAST_NAMES).toLowerCase();
    const user = {
      env: random.weighted(ENVS),
      identifier: `${first}.${last}.${random.hex(4)}@${random.pick(EMAIL_DOMAINS)}`,
    };
    remember(users, user);
    const record = newSession(user, at);
    remember(open, record);
    return { event: 'new user', record };
  };
  return (count: number): SimulatedRecord[] => {
    const taken = new Set<string>();
    const batch: SimulatedRecord[] = [];
    while (batch.length < count) {
      const item = next(taken);
      taken.add(item.record.session_id);
      batch.push(item);
    }
    return batch;
  };
}
