import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { ISessionUser } from '../../../contract/session-users.ts';
import { liveQueryOptions } from '../../../lib/live-query.ts';
import { usersQueryOptions } from '../api/fetch-users.ts';
import type { FetchUsersParams, FetchUsersResult } from '../api/fetch-users.ts';

export interface NewerUsers {
  /** Users that are new, or changed (seen again, sessions added or revoked), since the rows on screen were read. */
  count: number;
  /** Every row of the first page has changed: more may have. */
  more: boolean;
}

interface Tracked {
  view: string;
  /** The first page as it was when this view was first shown. */
  baseline?: Set<string>;
  last?: FetchUsersResult;
  changed: ReadonlySet<string>;
}

/** A user as one version of them: `updatedAt` and `last_seen` move with every change. */
const version = (user: ISessionUser) => `${user._id}\n${user.updatedAt}\n${user.last_seen}`;

/**
 * On a page past the first, whose rows stay as read: watches the first page of the same view
 * (kept current, at the cost of one 304 per 5 s while nothing changes) and counts the users that
 * changed since. The list is ordered by `last_seen`, so every new or returning user passes through
 * the first page; counts accumulate, so users pushed off it again still count. Reading the first
 * page also means "Go to newest" opens at once. Undefined on the first page itself.
 */
export function useNewerUsers(params: FetchUsersParams): NewerUsers | undefined {
  const deeper = params.page > 1;
  const first = useQuery({ ...usersQueryOptions({ ...params, page: 1 }), ...liveQueryOptions, enabled: deeper });
  const view = JSON.stringify(params);
  const [tracked, setTracked] = useState<Tracked>({ view, changed: new Set() });

  // Render-time updates ("storing information from previous renders"): one per new first page.
  let next: Tracked = tracked.view === view ? tracked : { view, changed: new Set() };
  const data = deeper ? first.data : undefined;
  if (data !== undefined && data !== next.last) {
    if (next.baseline === undefined) {
      next = { ...next, baseline: new Set(data.users.map(version)), last: data };
    } else {
      const changed = new Set(next.changed);
      for (const user of data.users) if (!next.baseline.has(version(user))) changed.add(user._id);
      next = { ...next, changed, last: data };
    }
  }
  if (next !== tracked) setTracked(next);

  if (!deeper || next.last === undefined) return undefined;
  const { users, total } = next.last;
  const more = users.length > 0 && total > users.length && users.every((user) => next.changed.has(user._id));
  return { count: next.changed.size, more };
}
