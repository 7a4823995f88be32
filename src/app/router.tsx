import { Suspense } from 'react';
import { Route, Routes, useLocation } from 'react-router-dom';
import { AppLayout } from './layout.tsx';
import { routes } from '../lib/routes.ts';
import { routeModules } from './route-modules.ts';
import { RouteErrorBoundary } from './route-error.tsx';
import { useUsersRoutePrefetch } from './routes/use-users-prefetch.ts';
import { useRedirectOnUnauthorized } from './use-redirect-on-unauthorized.ts';

const {
  login: Login,
  home: Home,
  users: Users,
  userDetails: UserDetails,
  overview: Overview,
  userById,
  notFound,
} = routeModules;

/*
 * Every view state lives in the URL. The patterns come from the route table (lib/routes.ts).
 * Route modules are thin: they read params (useRouteParams), settle the search params
 * (useSettledSearch) and render a feature's page, each in its own chunk (route-modules.ts).
 *
 * Declarative routes rather than a data router: the data router (loaders, actions, fetchers,
 * revalidation) costs about 16 kB gzipped of first-load JS, and this app used loaders only to
 * start requests early, which the route elements do as well (react-query prefetches during
 * render) and main.tsx does before the first render. BrowserRouter navigates inside
 * startTransition, so the previous page stays on screen while the next page's code downloads.
 */
export function AppRoutes() {
  const location = useLocation();
  // Above the Suspense boundary: listening before any page's request can answer 401.
  useRedirectOnUnauthorized();
  return (
    // A render error anywhere shows a way out; navigating elsewhere clears it.
    <RouteErrorBoundary resetKey={location.key}>
      <Suspense fallback={null}>
        <Routes>
          <Route path={routes.login.pattern} element={<Login.Component />} />
          <Route element={<AppLayout />}>
            <Route index element={<Home.Component />} />
            <Route path={routes.users.pattern} element={<UsersRoute />} />
            <Route path={routes.userDetails.pattern} element={<UserDetails.Component />} />
            <Route path={routes.overview.pattern} element={<Overview.Component />} />
            <Route path={routes.userById.pattern} element={<userById.Component />} />
            <Route path="*" element={<notFound.Component />} />
          </Route>
        </Routes>
      </Suspense>
    </RouteErrorBoundary>
  );
}

/** Starts the catalog and users requests while the page's code is still downloading. */
function UsersRoute() {
  useUsersRoutePrefetch();
  return <Users.Component />;
}
