import { useLocation } from 'react-router-dom';
import { AppLink } from '../components/ui/app-link.tsx';
import { matchRoute, routes } from '../lib/routes.ts';

/** The header's "Users" and "Overview" links for the session in the address; the environment comes along. */
export function SessionNav({ product, session }: { product?: string; session?: string }) {
  const location = useLocation();
  if (!product || !session) return null;
  const env = new URLSearchParams(location.search).get('env');
  const search = env ? `?${new URLSearchParams({ env }).toString()}` : '';
  const links = [
    { label: 'Users', href: routes.users.href({ product, session }, search), current: routes.users.pattern },
    { label: 'Overview', href: routes.overview.href({ product, session }, search), current: routes.overview.pattern },
  ];
  return (
    <div className="flex items-center gap-1 text-sm">
      {links.map((link) => {
        const current = matchRoute(link.current, location.pathname) !== undefined;
        return (
          <AppLink
            key={link.label}
            to={link.href}
            aria-current={current ? 'page' : undefined}
            className={`rounded-md px-2.5 py-1 font-medium ${current ? 'bg-slate-100 text-slate-900 dark:bg-slate-800 dark:text-white' : 'text-slate-600 hover:bg-slate-100 hover:text-slate-900 dark:text-slate-300 dark:hover:bg-slate-800 dark:hover:text-white'}`}
          >
            {link.label}
          </AppLink>
        );
      })}
    </div>
  );
}
