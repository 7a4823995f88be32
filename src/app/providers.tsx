import { QueryClientProvider } from '@tanstack/react-query';
import type { QueryClient } from '@tanstack/react-query';
import { startTransition, useState } from 'react';
import { unstable_HistoryRouter as HistoryRouter, UNSAFE_createBrowserHistory } from 'react-router-dom';
import { pageLoaded } from './route-modules.ts';
import { AppRoutes } from './router.tsx';

/**
 * The browser's history, as BrowserRouter keeps it, with one difference in how a navigation is
 * rendered. BrowserRouter renders every navigation as a transition: the previous page stays
 * while the next page's code downloads, but React then renders in the background, in slices,
 * and the result misses the frame after the click. Here a page whose code is already here (hovered,
 * visited, or "Next page" on the same page) renders at once, in the click's own task, so it shows in
 * the next frame; only a page whose code must still download goes through a transition.
 */
function createAppHistory() {
  const history = UNSAFE_createBrowserHistory({ window, v5Compat: true });
  const listen = history.listen.bind(history);
  history.listen = (listener) =>
    listen((update) => {
      if (pageLoaded(update.location.pathname)) listener(update);
      else startTransition(() => listener(update));
    });
  return history;
}

export function AppProviders({ queryClient }: { queryClient: QueryClient }) {
  const [history] = useState(createAppHistory);
  return (
    <QueryClientProvider client={queryClient}>
      <HistoryRouter history={history} useTransitions={false}>
        <AppRoutes />
      </HistoryRouter>
    </QueryClientProvider>
  );
}
