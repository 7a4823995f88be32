import { useSyncExternalStore } from 'react';
import type { Location } from 'react-router-dom';

/*
 * The page the person is about to open (a hovered or focused user), built ahead, hidden, by the
 * router (router.tsx) once its code and data are here, so opening it only shows it.
 */
let ahead: Location | undefined;
const listeners = new Set<() => void>();

/** Builds the page at `path` ahead, with the history state its link will navigate with. */
export function buildPageAhead(path: string, state: unknown): void {
  const { pathname, search } = new URL(path, window.location.origin);
  if (ahead?.pathname === pathname && ahead.search === search && sameState(ahead.state, state)) return;
  ahead = { pathname, search, hash: '', state, key: 'ahead' };
  listeners.forEach((listener) => listener());
}

export function usePageAhead(): Location | undefined {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => ahead,
  );
}

/** The page built ahead is the one now opened: same address, same history state. */
export function isPageAhead(candidate: Location | undefined, location: Location): candidate is Location {
  return (
    candidate?.pathname === location.pathname &&
    candidate.search === location.search &&
    sameState(candidate.state, location.state)
  );
}

/** The only history state pages use: where "Back to users" goes. */
const sameState = (a: unknown, b: unknown) => (a as { from?: string })?.from === (b as { from?: string })?.from;
