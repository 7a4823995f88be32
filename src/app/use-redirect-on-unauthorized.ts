import { useLayoutEffect } from 'react';
import { useNavigate } from 'react-router-dom';
import { takeUnheardUnauthorized, UNAUTHORIZED_EVENT } from '../lib/api-client.ts';
import { matchRoute, routes } from '../lib/routes.ts';

/**
 * When the API says the login has ended (401), send the person to log in and bring them back after.
 *
 * Called once, above the lazy routes' Suspense boundary, so it listens before any page's request
 * can answer (a layout inside the boundary mounts only after the page's code arrives, and React
 * may hold that reveal back). A layout effect, so it is listening by the end of the first commit.
 * A 401 that came before it listened is taken when it starts.
 * The address is read when the 401 arrives, not from the last render: a navigation in a
 * transition has already changed it while the new page is still rendering.
 */
export function useRedirectOnUnauthorized() {
  const navigate = useNavigate();
  useLayoutEffect(() => {
    const onUnauthorized = (event?: Event) => {
      event?.preventDefault();
      const { pathname, search } = window.location;
      if (matchRoute(routes.login.pattern, pathname)) return;
      navigate(routes.login.href({ next: `${pathname}${search}`, reason: 'expired' }), { replace: true });
    };
    window.addEventListener(UNAUTHORIZED_EVENT, onUnauthorized);
    // A 401 to a request sent before the first render (the user page's early request): after
    // this commit, once the router above listens to the history (its layout effect runs after ours).
    if (takeUnheardUnauthorized()) queueMicrotask(onUnauthorized);
    return () => window.removeEventListener(UNAUTHORIZED_EVENT, onUnauthorized);
  }, [navigate]);
}
