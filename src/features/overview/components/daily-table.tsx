import type { OverviewDay } from '../../../contract/session-users.ts';
import { describeEnvironment } from '../../../lib/environments.ts';

const number = new Intl.NumberFormat('en-US');

export interface EnvDaily {
  env: string;
  daily: readonly OverviewDay[];
}

/** The chart's text alternative: every day's exact numbers, newest first, per environment when there are several. */
export function DailyTable({
  daily,
  byEnv,
}: {
  daily: readonly OverviewDay[];
  byEnv: readonly EnvDaily[] | undefined;
}) {
  const perEnv = byEnv !== undefined && byEnv.length > 1 ? byEnv : undefined;
  const rows = [...daily].reverse();
  return (
    <div className="max-h-96 overflow-auto rounded-lg border border-slate-200 dark:border-slate-800">
      <table className="w-full text-sm">
        <caption className="sr-only">Sessions per day</caption>
        <thead className="sticky top-0 bg-slate-50 text-left text-xs font-semibold text-slate-600 dark:bg-slate-900 dark:text-slate-300">
          <tr>
            <th scope="col" className="px-3 py-2">
              Day (UTC)
            </th>
            <th scope="col" className="px-3 py-2 text-right">
              Sessions started
            </th>
            {perEnv?.map(({ env }) => (
              <th key={env} scope="col" className="px-3 py-2 text-right font-normal">
                {describeEnvironment(env).label}
              </th>
            ))}
            <th scope="col" className="px-3 py-2 text-right">
              New users
            </th>
            <th scope="col" className="px-3 py-2 text-right">
              Users seen
            </th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 tabular-nums dark:divide-slate-800">
          {rows.map((day, i) => (
            <tr key={day.date}>
              <th scope="row" className="px-3 py-1.5 text-left font-normal whitespace-nowrap">
                {day.date}
              </th>
              <td className="px-3 py-1.5 text-right">{number.format(day.sessions_started)}</td>
              {perEnv?.map(({ env, daily: envDaily }) => (
                <td key={env} className="px-3 py-1.5 text-right text-slate-600 dark:text-slate-400">
                  {number.format(envDaily[envDaily.length - 1 - i]?.sessions_started ?? 0)}
                </td>
              ))}
              <td className="px-3 py-1.5 text-right">{number.format(day.new_users)}</td>
              <td className="px-3 py-1.5 text-right">{number.format(day.users_seen)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
