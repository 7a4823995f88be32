import { matchPath } from 'react-router-dom';
import { lazyRoute } from './lazy-route.ts';

/** The app's pages: where each lives and its code, each in its own chunk. */
export const PATHS = {
  login: '/login',
  home: '/',
  users: '/products/:product/sessions/:session/users',
  userDetails: '/products/:product/sessions/:session/users/:identifier',
  userById: '/users/:ductapeUserId',
} as const;

export const routeModules = {
  login: lazyRoute(() => import('./routes/login.tsx')),
  home: lazyRoute(() => import('./routes/home.tsx')),
  users: lazyRoute(() => import('./routes/users.tsx')),
  userDetails: lazyRoute(() => import('./routes/user-details.tsx')),
  userById: lazyRoute(() => import('./routes/user-by-id.tsx')),
  notFound: lazyRoute(() => import('./routes/not-found.tsx')),
};

/** Starts downloading the code of the page at `pathname` (the not-found page when none matches). */
export function preloadPage(pathname: string): Promise<unknown> {
  const page = (Object.keys(PATHS) as (keyof typeof PATHS)[]).find((name) => matchPath(PATHS[name], pathname));
  return routeModules[page ?? 'notFound'].preload();
}
