import type { DashboardStore } from './store/dashboard-store.ts';

const SLICE_MS = 4;
/** After a write threw the built anchors away: wait this long before starting again. */
const QUIET_MS = 1_000;

/**
 * After start-up, builds the users lists' page anchors in the background, in slices of a few
 * milliseconds between requests, so the first deep page of a large session is as quick as any
 * other (at 1,000,000 users it would otherwise take about 0.1 s). While data streams in, every
 * write would throw the work away, so it waits for a quiet second instead of spinning.
 * Returns a function that stops.
 */
export function warmPageAnchorsInBackground(store: Pick<DashboardStore, 'warmPageAnchors'>): () => void {
  let stopped = false;
  let immediate: NodeJS.Immediate | undefined;
  let timeout: NodeJS.Timeout | undefined;
  const step = () => {
    if (stopped) return;
    store.warmPageAnchors(SLICE_MS).then(
      (result) => {
        if (stopped) return;
        if (result === 'more') immediate = setImmediate(step);
        else if (result === 'changed') timeout = setTimeout(step, QUIET_MS);
      },
      // A busy or closed store: the first deep page builds what it needs, as without warming.
      () => undefined,
    );
  };
  immediate = setImmediate(step);
  return () => {
    stopped = true;
    if (immediate !== undefined) clearImmediate(immediate);
    if (timeout !== undefined) clearTimeout(timeout);
  };
}
