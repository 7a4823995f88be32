import { AppLink } from '../components/ui/app-link.tsx';
import { memo } from 'react';
import type { ReactNode } from 'react';
import { useLocation } from 'react-router-dom';
import { LoadingBar } from './loading-bar.tsx';
import { SessionNav } from './session-nav.tsx';
import { ThemeToggle } from './theme-toggle.tsx';
import { SignOutButton } from '../features/auth/components/sign-out-button.tsx';
import { ContextSwitcher } from '../features/catalog/components/context-switcher.tsx';
import { GoToUser } from '../features/user-lookup/components/go-to-user.tsx';
import { matchRoute, routes } from '../lib/routes.ts';
import { pageNameAt, type PageName } from './route-modules.ts';

/** The header around every page but the login page; `children` is the page. */
export function AppLayout({ children }: { children: ReactNode }) {
  const { pathname, search } = useLocation();
  const { product, session } = matchRoute(routes.sessionPages.pattern, pathname) ?? {};
  const env = new URLSearchParams(search).get('env') ?? undefined;
  const page = pageNameAt(pathname);
  return (
    <div className="min-h-screen">
      <AppHeader product={product} session={session} env={env} page={page} />
      <main id="main" className="mx-auto max-w-7xl px-4 py-6 sm:px-6">
        {children}
      </main>
    </div>
  );
}

interface AppHeaderProps {
  product: string | undefined;
  session: string | undefined;
  env: string | undefined;
  page: PageName;
}

/**
 * Rendered again only when what it shows changes (product, session, environment, page): "Next
 * page" or a search leaves every header control untouched, so the click's frame has less to do.
 */
const AppHeader = memo(function AppHeader({ product, session, env, page }: AppHeaderProps) {
  return (
    <>
      <LoadingBar />
      <a
        href="#main"
        className="sr-only focus:not-sr-only focus:fixed focus:left-2 focus:top-2 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2 dark:focus:bg-slate-900"
      >
        Skip to content
      </a>
      <header className="sticky top-0 z-40 border-b border-slate-200 bg-white/90 backdrop-blur dark:border-slate-800 dark:bg-slate-950/90">
        <div className="mx-auto flex max-w-7xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-2.5 sm:px-6">
          <AppLink to={routes.home.href()} className="flex items-center gap-2 font-semibold tracking-tight">
            <img src="/favicon.svg" alt="" className="h-6 w-6" />
            <span>Session users</span>
          </AppLink>
          <nav
            aria-label="Product and session"
            className="order-last flex w-full min-w-0 flex-wrap items-center gap-2 lg:order-none lg:w-auto lg:flex-1"
            id="header-context"
          >
            <ContextSwitcher product={product} session={session} />
            <SessionNav product={product} session={session} env={env} page={page} />
            <GoToUser product={product} session={session} />
          </nav>
          <div className="ml-auto flex items-center gap-1">
            <ThemeToggle />
            <SignOutButton />
          </div>
        </div>
      </header>
    </>
  );
});
