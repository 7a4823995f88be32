import type { SqliteStore } from './store/sqlite/sqlite-store.ts';

const SLICE_MS = 4;

/**
 * After start-up, builds the users lists' page anchors in the background, in slices of a few
 * milliseconds between requests, so the first deep page of a large session is as quick as any
 * other (at 1,000,000 users it would otherwise take about 0.1 s). Returns a function that stops.
 */
export function warmPageAnchorsInBackground(store: SqliteStore): () => void {
  let stopped = false;
  let timer: NodeJS.Immediate | undefined;
  const step = () => {
    if (stopped) return;
    try {
      if (!store.warmPageAnchors(SLICE_MS)) timer = setImmediate(step);
    } catch {
      // A busy or closed store: the first deep page builds what it needs, as without warming.
    }
  };
  timer = setImmediate(step);
  return () => {
    stopped = true;
    if (timer !== undefined) clearImmediate(timer);
  };
}
