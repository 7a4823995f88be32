import { Suspense } from 'react';
import { useLocation } from 'react-router-dom';
import { AppLayout } from './layout.tsx';
import { pageNameAt, routeModules } from './route-modules.ts';
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
 */
export function AppRoutes() {
  const location = useLocation();
  // Above the Suspense boundary: listening before any page's request can answer 401.
  useRedirectOnUnauthorized();
  const page = pageNameAt(location.pathname);
  const Page = page === 'users' ? UsersRoute : routeModules[page].Component;
  return (
    // A render error anywhere shows a way out; navigating elsewhere clears it.
    <RouteErrorBoundary resetKey={location.key}>
      <Suspense fallback={null}>
        {page === 'login' ? (
          <Page />
        ) : (
          <AppLayout>
            <Page />
          </AppLayout>
        )}
      </Suspense>
    </RouteErrorBoundary>
  );
}

/** Starts the catalog and users requests while the page's code is still downloading. */
function UsersRoute() {
  useUsersRoutePrefetch();
  return <routeModules.users.Component />;
}
