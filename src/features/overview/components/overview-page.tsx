import { useLocation, useNavigate } from 'react-router-dom';
import { AppLink } from '../../../components/ui/app-link.tsx';
import { EnvFilter, type EnvironmentOption } from '../../../components/ui/env-filter.tsx';
import { ErrorPanel } from '../../../components/ui/error-panel.tsx';
import { Skeleton } from '../../../components/ui/skeleton.tsx';
import { ToggleGroup } from '../../../components/ui/toggle-group.tsx';
import { routes, queryString } from '../../../lib/routes.ts';
import { overviewQueryOptions, useOverview, useOverviewsByEnv } from '../api/fetch-overview.ts';
import { DAY_CHOICES, serializeOverviewSearch, type OverviewSearch } from '../search-params.ts';
import { DailyChart } from './daily-chart.tsx';
import { DailyTable } from './daily-table.tsx';
import { OverviewFigures } from './overview-figures.tsx';

export interface OverviewPageProps {
  product: string;
  session: string;
  environments: EnvironmentOption[] | undefined;
  search: OverviewSearch;
}

/** The session at a glance: headline figures, then activity per UTC day as a chart and a table. */
export function OverviewPage({ product, session, environments, search }: OverviewPageProps) {
  const navigate = useNavigate();
  const location = useLocation();
  const params = { product, session, env: search.env, days: search.days };
  const overview = useOverview(params);
  const envs = search.env !== undefined ? [search.env] : (environments?.map((option) => option.name) ?? []);
  const byEnv = useOverviewsByEnv({ product, session, days: search.days }, envs);
  const change = (next: Partial<OverviewSearch>) => {
    const merged: OverviewSearch = { ...search, ...next };
    if ('env' in next && next.env === undefined) delete merged.env;
    navigate({ pathname: location.pathname, search: serializeOverviewSearch(merged) });
  };
  const dayChoice = String(search.days);

  return (
    <section aria-labelledby="overview-heading" className="space-y-5">
      <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
        <h1 id="overview-heading" className="text-xl font-semibold tracking-tight">
          Overview
        </h1>
        <p className="min-w-0 text-sm break-all text-slate-600 dark:text-slate-400">
          {product} / {session}
        </p>
        <AppLink
          to={routes.users.href({ product, session }, queryString({ env: search.env }))}
          className="text-sm font-medium text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300"
        >
          Users of this session →
        </AppLink>
      </div>

      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <EnvFilter value={search.env} environments={environments} onChange={(env) => change({ env })} />
        <ToggleGroup
          label="Days shown"
          value={DAY_CHOICES.some((choice) => String(choice) === dayChoice) ? dayChoice : ''}
          options={DAY_CHOICES.map((days) => ({ value: String(days), label: `${days} days` }))}
          onChange={(value) => change({ days: Number(value) })}
        />
      </div>

      {overview.isError && !overview.data ? (
        <ErrorPanel
          title="Could not load the overview"
          error={overview.error}
          queryKey={overviewQueryOptions(params).queryKey}
        />
      ) : overview.data === undefined ? (
        <div aria-busy="true" className="grid grid-cols-2 gap-3 sm:grid-cols-4">
          {Array.from({ length: 8 }, (_, i) => (
            <Skeleton key={i} className="h-20" />
          ))}
        </div>
      ) : (
        <>
          <OverviewFigures overview={overview.data} product={product} session={session} env={search.env} />
          <section aria-labelledby="activity-heading" className="space-y-3">
            <h2 id="activity-heading" className="text-base font-semibold">
              Activity per day, last {search.days} days
            </h2>
            {byEnv.data ? (
              <DailyChart
                daily={overview.data.daily}
                byEnv={byEnv.data.map(({ env, overview: envOverview }) => ({ env, daily: envOverview.daily }))}
              />
            ) : (
              <Skeleton className="h-60" />
            )}
            <DailyTable
              daily={overview.data.daily}
              byEnv={byEnv.data?.map(({ env, overview: envOverview }) => ({ env, daily: envOverview.daily }))}
            />
          </section>
        </>
      )}

      <section aria-labelledby="counts-heading" className="space-y-1 text-sm text-slate-700 dark:text-slate-300">
        <h2 id="counts-heading" className="text-base font-semibold text-slate-900 dark:text-slate-100">
          What these figures count
        </h2>
        <ul className="list-disc space-y-1 pl-5">
          <li>Days are UTC days (00:00 to 24:00 UTC); the last day is today, so far.</li>
          <li>
            A session is <strong>active</strong> when it has not been revoked and its end time is still in the future.
          </li>
          <li>
            <strong>New users</strong> counts users by their first seen time; <strong>Seen</strong> counts users by
            their last seen time. 24 hours, 7 days and 30 days are rolling windows ending now.
          </li>
          <li>
            Per day: <strong>sessions started</strong> that day, <strong>new users</strong> first seen that day, and{' '}
            <strong>users seen</strong>: distinct users with a session started that day.
          </li>
          <li>
            Figures follow the environment filter; each figure opens the users table filtered and sorted to match.
          </li>
        </ul>
      </section>
    </section>
  );
}
