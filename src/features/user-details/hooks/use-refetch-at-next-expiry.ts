import { useEffect } from 'react';
import type { SessionTime } from '../model/sessions.ts';

const MAX_TIMEOUT = 2 ** 31 - 1;

/**
 * "Active" comes from the server. When the next active session reaches its end, ask again, so
 * the list, the figures and the export never call an ended session active.
 */
export function useRefetchAtNextExpiry(sessions: readonly SessionTime[], refetch: () => unknown) {
  let nextEnd = Infinity;
  for (const session of sessions) if (session.active && session.end < nextEnd) nextEnd = session.end;

  useEffect(() => {
    if (!Number.isFinite(nextEnd)) return;
    const delay = Math.min(Math.max(nextEnd - Date.now() + 1000, 1000), MAX_TIMEOUT);
    // A hidden page asks nothing; it catches up when shown again (lib/live-query.ts).
    const timer = setTimeout(() => {
      if (document.visibilityState !== 'hidden') refetch();
    }, delay);
    return () => clearTimeout(timer);
  }, [nextEnd, refetch]);
}
