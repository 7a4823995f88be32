import { useLayoutEffect } from 'react';

/**
 * The tab's title (undefined: the document's own) while the page that calls this is on screen. An effect rather than React's
 * `<title>`: the router keeps pages hidden (router.tsx), and a hidden page's `<title>` would stay
 * in the document head; a hidden page's effects are off, so only the page shown sets the title.
 */
export function useDocumentTitle(title: string | undefined): void {
  useLayoutEffect(() => {
    if (title === undefined) return;
    const before = document.title;
    document.title = title;
    return () => {
      document.title = before;
    };
  }, [title]);
}
