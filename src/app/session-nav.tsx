import { AppLink } from '../components/ui/app-link.tsx';
import { routes } from '../lib/routes.ts';
import type { PageName } from './route-modules.ts';

export interface SessionNavProps {
  product?: string;
  session?: string;
  /** The environment in the address: it comes along to the other page. */
  env?: string;
  /** The page on screen, marked as current. */
  page: PageName;
}

/** The header's "Users" and "Overview" links for the session in the address; the environment comes along. */
export function SessionNav({ product, session, env, page }: SessionNavProps) {
  if (!product || !session) return null;
  const search = env ? `?${new URLSearchParams({ env }).toString()}` : '';
  const links = [
    { label: 'Users', href: routes.users.href({ product, session }, search), current: page === 'users' },
    { label: 'Overview', href: routes.overview.href({ product, session }, search), current: page === 'overview' },
  ];
  return (
    <div className="flex items-center gap-1 text-sm">
      {links.map((link) => (
        <AppLink
          key={link.label}
          to={link.href}
          aria-current={link.current ? 'page' : undefined}
          className={`rounded-md px-2.5 py-1 font-medium ${link.current ? 'bg-slate-100 text-slate-900 dark:bg-slate-800 dark:text-white' : 'text-slate-600 hover:bg-slate-100 hover:text-slate-900 dark:text-slate-300 dark:hover:bg-slate-800 dark:hover:text-white'}`}
        >
          {link.label}
        </AppLink>
      ))}
    </div>
  );
}
