import { matchPath } from 'react-router-dom';
import { routes } from '../lib/routes.ts';
import { lazyRoute } from './lazy-route.ts';

/** The app's pages (their patterns are in the route table, lib/routes.ts), each in its own chunk. */
export const routeModules = {
  login: lazyRoute(() => import('./routes/login.tsx')),
  home: lazyRoute(() => import('./routes/home.tsx')),
  users: lazyRoute(() => import('./routes/users.tsx')),
  userDetails: lazyRoute(() => import('./routes/user-details.tsx')),
  overview: lazyRoute(() => import('./routes/overview.tsx')),
  userById: lazyRoute(() => import('./routes/user-by-id.tsx')),
  notFound: lazyRoute(() => import('./routes/not-found.tsx')),
};

type PageName = Exclude<keyof typeof routeModules, 'notFound'>;
const PAGES: PageName[] = ['login', 'home', 'users', 'userDetails', 'overview', 'userById'];

const pageAt = (pathname: string) =>
  routeModules[PAGES.find((name) => matchPath(routes[name].pattern, pathname)) ?? 'notFound'];

/** Starts downloading the code of the page at `pathname` (the not-found page when none matches). */
export function preloadPage(pathname: string): Promise<unknown> {
  return pageAt(pathname).preload();
}

/** The code of the page at `pathname` is here (hovered, visited or preloaded). */
export function pageLoaded(pathname: string): boolean {
  return pageAt(pathname).loaded();
}
