import type { QueryClient } from '@tanstack/react-query';
import { createBrowserRouter } from 'react-router-dom';
import { AppLayout } from './layout.tsx';
import { RouteError } from './route-error.tsx';
import { createUsersLoader } from './routes/users-loader.ts';

/**
 * Every view state lives in the URL. Route modules are thin: they read params and render a
 * feature's page. Pages other than the users list are split into their own chunks.
 */
export function createAppRouter(queryClient: QueryClient) {
  return createBrowserRouter([
    {
      path: '/login',
      lazy: () => import('./routes/login.tsx'),
    },
    {
      path: '/',
      element: <AppLayout />,
      errorElement: <RouteError />,
      // Loaders never wait, so there is nothing to show before the first render.
      HydrateFallback: () => null,
      children: [
        { index: true, lazy: () => import('./routes/home.tsx') },
        {
          path: 'products/:product/sessions/:session/users',
          // Static loader: starts the catalog and users requests while the page's chunk downloads.
          loader: createUsersLoader(queryClient),
          lazy: () => import('./routes/users.tsx'),
        },
        {
          path: 'products/:product/sessions/:session/users/:identifier',
          lazy: async () => {
            const route = await import('./routes/user-details.tsx');
            return { Component: route.Component, loader: route.createLoader?.(queryClient) };
          },
        },
        { path: 'users/:ductapeUserId', lazy: () => import('./routes/user-by-id.tsx') },
        { path: '*', lazy: () => import('./routes/not-found.tsx') },
      ],
    },
  ]);
}
