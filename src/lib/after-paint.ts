/**
 * Runs `callback` once the next frame has been painted, and returns what cancels it. Work that
 * can wait a frame (prefetching, drawing a picture) goes here, so that a click's result shows in
 * the frame right after the click instead of after that work.
 */
export function afterNextPaint(callback: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  // A timer queued from the frame's animation callback runs after that frame is painted.
  const frame = requestAnimationFrame(() => (timer = setTimeout(callback)));
  return () => {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
}
