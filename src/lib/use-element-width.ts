import { useLayoutEffect, useState } from 'react';
import type { RefObject } from 'react';

/** The width last measured: a page opened again starts at it instead of measuring in its commit. */
let lastWidth = 0;

/**
 * The content width of an element, kept up to date as it resizes. Measured by a ResizeObserver
 * (after layout, before paint) rather than read in the commit, which would force the whole new
 * page through layout twice before its first frame.
 */
export function useElementWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(lastWidth);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const observer = new ResizeObserver(([entry]) => {
      lastWidth = Math.round(entry?.contentRect.width ?? 0);
      setWidth(lastWidth);
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}
