import { StrictMode, startTransition } from 'react';
import { createRoot } from 'react-dom/client';
import { AppProviders } from './app/providers.tsx';
import { createQueryClient } from './app/query-client.ts';
import { preloadPage } from './app/route-modules.ts';
import { prefetchUserPage } from './app/routes/user-details-prefetch.ts';
import { prefetchUsersPage } from './app/routes/use-users-prefetch.ts';
import './index.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');

const queryClient = createQueryClient();
// The first page's code and data are requested together, and the first render waits for the
// code only: rendering earlier would show an empty fallback that React then keeps for 300 ms.
prefetchUsersPage(queryClient, window.location);
prefetchUserPage(queryClient, window.location);
// In a transition, React renders the first page in slices of a few milliseconds, so a slow phone
// stays responsive (no long task while the whole tree renders; Lighthouse's Total Blocking Time).
const render = () =>
  startTransition(() =>
    createRoot(root).render(
      <StrictMode>
        <AppProviders queryClient={queryClient} />
      </StrictMode>,
    ),
  );
// A failed download is rendered too: the page's error view offers a reload.
preloadPage(window.location.pathname).then(render, render);
