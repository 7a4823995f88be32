import { useEffect, useState } from 'react';

/**
 * False until the frame after mounting has been painted. Work that can wait a frame (the canvas
 * timeline) waits for it, so opening a page paints its text (header, figures, history) in the
 * first frame instead of after the picture is laid out and drawn.
 */
export function useAfterFirstPaint(): boolean {
  const [painted, setPainted] = useState(false);
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    // A timer queued from the frame's animation callback runs after that frame is painted.
    const frame = requestAnimationFrame(() => (timer = setTimeout(() => setPainted(true))));
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, []);
  return painted;
}
