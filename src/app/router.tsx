import { Activity, createElement, memo, Suspense, useMemo, useState } from 'react';
import { UNSAFE_LocationContext, useLocation } from 'react-router-dom';
import type { Location, NavigationType } from 'react-router-dom';
import { AppLayout } from './layout.tsx';
import { isPageAhead, usePageAhead } from './page-ahead.ts';
import { pageNameAt, routeModules } from './route-modules.ts';
import type { PageName } from './route-modules.ts';
import { RouteErrorBoundary } from './route-error.tsx';
import { useUsersRoutePrefetch } from './routes/use-users-prefetch.ts';
import { useRedirectOnUnauthorized } from './use-redirect-on-unauthorized.ts';

/*
 * Every view state lives in the URL. The page is the route table's pattern that matches the path
 * (lib/routes.ts, route-modules.ts); route modules are thin: they read params (useRouteParams),
 * settle the search params (useSettledSearch) and render a feature's page, each in its own chunk.
 *
 * Declarative routing rather than a data router: the data router (loaders, actions, fetchers,
 * revalidation) costs about 16 kB gzipped of first-load JS, and this app used loaders only to
 * start requests early, which the route elements do as well (react-query prefetches during
 * render) and main.tsx does before the first render. The page is picked with `matchPath` over the
 * route table, which preloading uses already, rather than <Routes>: its route ranking, nested
 * outlets and default error element are 3 kB more of first-load JS that a flat table of
 * non-overlapping patterns does not need. Pages whose code is not here yet render in a transition
 * (providers.tsx), so the previous page stays on screen while it downloads.
 *
 * Opening a page should cost the click one frame. So besides the page on screen, two more are
 * kept, hidden (React's <Activity>: rendered, effects off): the page just left (Back shows it
 * again; the click that leaves it does not tear it down) and the page about to be opened (a
 * hovered user, page-ahead.ts), which React builds while idle; the click then only shows it.
 * Each page is one element per path, reading its own location, so a hidden page never renders
 * for an address that is not its own.
 */
export function AppRoutes() {
  const location = useLocation();
  // Above the Suspense boundary: listening before any page's request can answer 401.
  useRedirectOnUnauthorized();
  const ahead = usePageAhead();
  // The location shown, and the last one of another path (render-time state: "storing
  // information from previous renders").
  const [seen, setSeen] = useState({ current: location, left: undefined as Location | undefined });
  const left = seen.current.pathname === location.pathname ? seen.left : seen.current;
  if (seen.current !== location) setSeen({ current: location, left });
  // The page built ahead keeps its location object when it is the one opened: nothing in it renders again.
  const shown = isPageAhead(ahead, location) ? ahead : location;
  // At most one page of each kind (no two pages' element ids meet): the page shown, then the page
  // ahead, then the one left; never the login page, which has no layout. In the order they came
  // (left, shown, ahead), so showing one never moves another.
  const kinds = new Set<PageName>(['login']);
  const frames = [shown, ahead, left]
    .filter((frame): frame is Location => {
      const kind = frame && pageNameAt(frame.pathname);
      return !!kind && !kinds.has(kind) && !!kinds.add(kind);
    })
    .sort((a, b) => order(a, left) - order(b, left));

  return (
    // A render error anywhere shows a way out; navigating elsewhere clears it.
    <RouteErrorBoundary resetKey={location.key}>
      <Suspense fallback={null}>
        {pageNameAt(location.pathname) === 'login' ? (
          <routeModules.login.Component />
        ) : (
          <AppLayout>
            {frames.map((frame) => (
              <PageFrame key={frame.pathname} location={frame} hidden={frame !== shown} />
            ))}
          </AppLayout>
        )}
      </Suspense>
    </RouteErrorBoundary>
  );
}

function order(frame: Location, left: Location | undefined) {
  return frame === left ? 0 : frame.key === 'ahead' ? 2 : 1;
}

const PUSH = 'PUSH' as NavigationType;

/** One page at its own location: shown, or hidden (rendered while idle, effects off). */
const PageFrame = memo(function PageFrame({ location, hidden }: { location: Location; hidden: boolean }) {
  const context = useMemo(() => ({ location, navigationType: PUSH }), [location]);
  const page = pageNameAt(location.pathname);
  // The same element while the page stays: showing or hiding the frame renders nothing inside.
  const content = useMemo(() => createElement(page === 'users' ? UsersRoute : routeModules[page].Component), [page]);
  return (
    <Activity mode={hidden ? 'hidden' : 'visible'}>
      <UNSAFE_LocationContext value={context}>{content}</UNSAFE_LocationContext>
    </Activity>
  );
});

/** Starts the catalog and users requests while the page's code is still downloading. */
function UsersRoute() {
  useUsersRoutePrefetch();
  return <routeModules.users.Component />;
}
