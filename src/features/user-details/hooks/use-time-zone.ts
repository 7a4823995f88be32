import { useSyncExternalStore } from 'react';
import { oneOf } from '../../../contract/json-check.ts';
import { readStored, writeStored } from '../../../lib/storage.ts';
import { timeZoneFor } from '../model/wall-clock.ts';
import type { TimeZoneMode } from '../model/wall-clock.ts';

const KEY = 'user-details:time-zone';
const modeCheck = oneOf(['utc', 'local']);
const listeners = new Set<() => void>();
// UTC unless the person chose otherwise: audit trails compare times across people and servers.
let mode: TimeZoneMode = readStored(KEY, modeCheck) ?? 'utc';

function subscribe(listener: () => void) {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function setTimeZoneMode(next: TimeZoneMode) {
  mode = next;
  writeStored(KEY, next);
  listeners.forEach((notify) => notify());
}

/** The page's time zone choice (remembered across visits) and the IANA zone it stands for. */
export function useTimeZone(): { mode: TimeZoneMode; timeZone: string } {
  const current = useSyncExternalStore(
    subscribe,
    () => mode,
    () => mode,
  );
  return { mode: current, timeZone: timeZoneFor(current) };
}
