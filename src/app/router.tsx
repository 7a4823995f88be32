import type { QueryClient } from '@tanstack/react-query';
import { createBrowserRouter } from 'react-router-dom';
import { AppLayout } from './layout.tsx';
import { RouteError } from './route-error.tsx';

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
      children: [
        { index: true, lazy: () => import('./routes/home.tsx') },
        {
          path: 'products/:product/sessions/:session/users',
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
