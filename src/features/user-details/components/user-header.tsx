import { CopyButton } from '../../../components/ui/copy-button.tsx';
import { EnvBadge } from '../../../components/ui/env-badge.tsx';
import type { UserDetailsParams, UserDetailsResult } from '../api/fetch-user-details.ts';
import type { UserDetailsSearch } from '../search-params.ts';
import { BackToListLink } from './back-to-list-link.tsx';
import { EnvSwitch } from './env-switch.tsx';
import { TimeZoneToggle } from './time-zone-toggle.tsx';
import { ZonedTime } from './zoned-time.tsx';

export interface UserHeaderProps {
  user: UserDetailsResult;
  params: UserDetailsParams;
  search: UserDetailsSearch;
  timeZone: string;
  now: number;
}

export function UserHeader({ user, params, search, timeZone, now }: UserHeaderProps) {
  const facts: [string, string][] = [
    ['First seen', user.first_seen],
    ['Last seen', user.last_seen],
    ['Record created', user.createdAt],
    ['Record updated', user.updatedAt],
  ];
  const environments = user.environments ?? [user.env];
  return (
    <header className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <BackToListLink product={params.product} session={params.session} env={user.env} />
        <TimeZoneToggle now={now} />
      </div>
      <div className="space-y-2">
        <p className="text-sm text-slate-600 dark:text-slate-400">
          {user.product_tag} <span aria-hidden="true">/</span>
          <span className="sr-only">, session</span> {user.session_tag}
        </p>
        <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
          <h1 dir="auto" className="min-w-0 text-2xl font-semibold break-all sm:text-3xl">
            {user.identifier}
          </h1>
          <EnvBadge env={user.env} />
        </div>
        <p className="flex min-w-0 flex-wrap items-center gap-x-2 text-sm">
          <span className="text-slate-600 dark:text-slate-400">Ductape user ID</span>
          <span className="flex min-w-0 items-center gap-1">
            <code className="font-mono text-xs break-all text-slate-800 dark:text-slate-200">
              {user.ductape_user_id}
            </code>
            <CopyButton value={user.ductape_user_id} what="Ductape user ID" />
          </span>
        </p>
      </div>
      {environments.length > 1 && <EnvSwitch environments={environments} current={user.env} search={search} />}
      <dl className="grid grid-cols-1 gap-x-6 gap-y-3 rounded-lg border border-slate-200 p-4 text-sm sm:grid-cols-2 lg:grid-cols-4 dark:border-slate-800">
        {facts.map(([label, iso]) => (
          <div key={label} className="min-w-0">
            <dt className="text-slate-600 dark:text-slate-400">{label}</dt>
            <dd className="mt-0.5">
              <ZonedTime iso={iso} timeZone={timeZone} now={now} withRelative />
            </dd>
          </div>
        ))}
      </dl>
    </header>
  );
}
