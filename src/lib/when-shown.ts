/**
 * Runs `callback` now if the page is visible, otherwise as soon as it is shown; returns what
 * cancels it. A hidden tab costs nothing: work started by an answer that arrives just after the
 * tab was hidden (fetching the next page ahead) waits for the tab to come back.
 */
export function whenShown(callback: () => void): () => void {
  if (document.visibilityState !== 'hidden') {
    callback();
    return () => {};
  }
  const onChange = () => {
    if (document.visibilityState === 'hidden') return;
    document.removeEventListener('visibilitychange', onChange);
    callback();
  };
  document.addEventListener('visibilitychange', onChange);
  return () => document.removeEventListener('visibilitychange', onChange);
}
