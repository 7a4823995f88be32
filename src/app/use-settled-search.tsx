import { useState } from 'react';
import type { ReactElement } from 'react';
import { Navigate, useLocation } from 'react-router-dom';

interface SearchProblem {
  /** What was corrected, in the person's words. */
  message: string;
}

export type SettledSearch =
  | { redirect: ReactElement; notices?: never; dismissNotices?: never }
  | { redirect?: never; notices: readonly string[]; dismissNotices: () => void };

interface Notices {
  /** The history entry the notices belong to; `pending` until the redirect to `target` lands. */
  key: string;
  target: string;
  messages: readonly string[];
}

const NONE: Notices = { key: '', target: '', messages: [] };
const PENDING = 'pending';

const sameNotices = (a: Notices, b: Notices) =>
  a.key === b.key && a.target === b.target && a.messages.join('\n') === b.messages.join('\n');

/**
 * The one scheme for view state in the address, used by every route module: the page's search
 * params are parsed once (by the feature's parser, giving a value, its canonical search string
 * and what had to be corrected), and the page renders only once the address is canonical. A
 * non-canonical address renders a redirect (replace, so Back still works) instead of the page.
 *
 * What was corrected is kept here, not in history state, for the entry the redirect lands on:
 * the page shows it there until the person dismisses it or goes elsewhere.
 */
export function useSettledSearch(canonical: string, problems: readonly SearchProblem[]): SettledSearch {
  const location = useLocation();
  const [notices, setNotices] = useState<Notices>(NONE);
  const here = `${location.pathname}${location.search}`;
  const kept = notices.key === location.key || (notices.key === PENDING && notices.target === here);

  // Render-time state updates ("storing information from previous renders" in React's docs):
  // they settle before anything is shown, and each one is made only once.
  if (canonical !== location.search) {
    const messages = [...new Set([...(kept ? notices.messages : []), ...problems.map((problem) => problem.message)])];
    const next: Notices = { key: PENDING, target: `${location.pathname}${canonical}`, messages };
    if (!sameNotices(next, notices)) setNotices(next);
    const to = { pathname: location.pathname, search: canonical, hash: location.hash };
    return { redirect: <Navigate replace to={to} state={location.state} /> };
  }
  if (notices.key === PENDING && kept) setNotices({ ...notices, key: location.key });

  return {
    notices: kept ? notices.messages : [],
    dismissNotices: () => setNotices(NONE),
  };
}
