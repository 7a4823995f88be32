import { AppLink } from '../../../components/ui/app-link.tsx';
import { useLocation } from 'react-router-dom';
import { compareEnvironments } from '../../../contract/environments.ts';
import { describeEnvironment, environmentDotClasses } from '../../../lib/environments.ts';
import { serializeUserDetailsSearch } from '../search-params.ts';
import type { UserDetailsSearch } from '../search-params.ts';

export interface EnvSwitchProps {
  environments: readonly string[];
  current: string;
  search: UserDetailsSearch;
}

/** The same identifier in its other environments; the view (filters, range) comes along. */
export function EnvSwitch({ environments, current, search }: EnvSwitchProps) {
  const location = useLocation();
  const sorted = [...environments].sort(compareEnvironments);
  return (
    <nav aria-label="Environments of this user" className="flex flex-wrap items-center gap-2 text-sm">
      <span className="text-slate-600 dark:text-slate-400">Environments</span>
      <ul className="flex flex-wrap gap-1.5">
        {sorted.map((env) => {
          const selected = env === current;
          return (
            <li key={env}>
              <AppLink
                to={{ pathname: location.pathname, search: serializeUserDetailsSearch({ ...search, env }) }}
                state={location.state}
                aria-current={selected ? 'page' : undefined}
                className={`inline-flex items-center gap-1.5 rounded-full border px-2.5 py-0.5 font-medium ${
                  selected
                    ? 'border-indigo-600 bg-indigo-50 text-indigo-900 dark:border-indigo-400 dark:bg-indigo-950 dark:text-indigo-100'
                    : 'border-slate-300 text-slate-700 hover:bg-slate-100 dark:border-slate-700 dark:text-slate-200 dark:hover:bg-slate-800'
                }`}
              >
                <span aria-hidden="true" className={`h-2 w-2 rounded-full ${environmentDotClasses(env)}`} />
                {describeEnvironment(env).label}
              </AppLink>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
