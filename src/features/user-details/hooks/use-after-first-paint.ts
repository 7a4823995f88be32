import { useEffect, useState } from 'react';
import { afterNextPaint } from '../../../lib/after-paint.ts';

/**
 * False until the frame after mounting has been painted. Work that can wait a frame (the canvas
 * timeline) waits for it, so opening a page paints its text (header, figures, history) in the
 * first frame instead of after the picture is laid out and drawn.
 */
export function useAfterFirstPaint(): boolean {
  const [painted, setPainted] = useState(false);
  useEffect(() => afterNextPaint(() => setPainted(true)), []);
  return painted;
}
