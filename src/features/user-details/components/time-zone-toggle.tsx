import { ToggleGroup } from '../../../components/ui/toggle-group.tsx';
import { setTimeZoneMode, useTimeZone } from '../hooks/use-time-zone.ts';
import { localTimeZone, zoneName } from '../model/wall-clock.ts';
import type { TimeZoneMode } from '../model/wall-clock.ts';

/** UTC (the default, for audits) or the viewer's own clock, for every time on the page. */
export function TimeZoneToggle({ now }: { now: number }) {
  const { mode } = useTimeZone();
  const local = localTimeZone();
  const options: { value: TimeZoneMode; label: string; title: string }[] = [
    { value: 'utc', label: 'UTC', title: 'Show times in UTC' },
    { value: 'local', label: `Local (${zoneName(now, local)})`, title: `Show times in your time zone, ${local}` },
  ];
  return (
    <div className="flex items-center gap-2 text-sm">
      <span aria-hidden="true" className="text-slate-600 dark:text-slate-400">
        Times in
      </span>
      <ToggleGroup label="Time zone" value={mode} options={options} onChange={setTimeZoneMode} />
    </div>
  );
}
