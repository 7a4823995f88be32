import { AppLink } from '../../../components/ui/app-link.tsx';
import type { Overview } from '../../../contract/session-users.ts';
import { queryString, routes } from '../../../lib/routes.ts';

const number = new Intl.NumberFormat('en-US');

interface Figure {
  label: string;
  value: number;
  /** What the number counts, in one line. */
  counts: string;
  /** The users table view that shows these users first. */
  sort?: 'first_seen';
}

/** The headline numbers; each links to the users table filtered (environment) and sorted to match. */
export function OverviewFigures({
  overview,
  product,
  session,
  env,
}: {
  overview: Overview;
  product: string;
  session: string;
  env: string | undefined;
}) {
  const figures: Figure[] = [
    { label: 'Users', value: overview.users, counts: 'Every user of this session.' },
    {
      label: 'Active sessions',
      value: overview.active_sessions,
      counts: 'Sessions active now: not revoked and not yet expired.',
    },
    {
      label: 'New users (24 hours)',
      value: overview.new_users['24h'],
      counts: 'First seen in the last 24 hours.',
      sort: 'first_seen',
    },
    {
      label: 'New users (7 days)',
      value: overview.new_users['7d'],
      counts: 'First seen in the last 7 days.',
      sort: 'first_seen',
    },
    {
      label: 'New users (30 days)',
      value: overview.new_users['30d'],
      counts: 'First seen in the last 30 days.',
      sort: 'first_seen',
    },
    { label: 'Seen (24 hours)', value: overview.seen_users['24h'], counts: 'Last seen in the last 24 hours.' },
    { label: 'Seen (7 days)', value: overview.seen_users['7d'], counts: 'Last seen in the last 7 days.' },
    { label: 'Seen (30 days)', value: overview.seen_users['30d'], counts: 'Last seen in the last 30 days.' },
  ];
  return (
    <ul aria-label="Figures" className="grid grid-cols-2 gap-3 sm:grid-cols-4">
      {figures.map((figure) => (
        <li key={figure.label} className="flex flex-col">
          <AppLink
            to={routes.users.href({ product, session }, queryString({ env, sort: figure.sort }))}
            className="group flex flex-1 flex-col rounded-lg border border-slate-200 bg-white p-3 hover:border-indigo-400 hover:bg-indigo-50/40 dark:border-slate-800 dark:bg-slate-900 dark:hover:border-indigo-500 dark:hover:bg-indigo-950/40"
          >
            <span className="text-sm text-slate-600 dark:text-slate-300">{figure.label}</span>
            <span className="mt-1 text-2xl font-semibold tabular-nums group-hover:text-indigo-700 dark:group-hover:text-indigo-300">
              {number.format(figure.value)}
            </span>
          </AppLink>
          <span className="mt-1 px-1 text-xs text-slate-600 dark:text-slate-400">{figure.counts}</span>
        </li>
      ))}
    </ul>
  );
}
