import { useEffect, useMemo, useRef } from 'react';

const HOVER_INTENT_MS = 80;

/**
 * Calls `onIntent` once the pointer has rested on an item for a moment (not while it only
 * passes over rows on its way elsewhere). Returns the handlers for the item's element, the same
 * ones while `onIntent` stays.
 */
export function useHoverIntent<Item>(onIntent: ((item: Item) => void) | undefined) {
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  return useMemo(
    () => ({
      onPointerEnter: (item: Item) => {
        if (!onIntent) return;
        clearTimeout(timer.current);
        timer.current = setTimeout(() => onIntent(item), HOVER_INTENT_MS);
      },
      onPointerLeave: () => clearTimeout(timer.current),
    }),
    [onIntent],
  );
}
