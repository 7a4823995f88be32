import { useId } from 'react';
import { Button } from '../../../components/ui/button.tsx';
import { ToggleGroup } from '../../../components/ui/toggle-group.tsx';
import type { HistoryFilter, StatusFilter } from '../model/session-filter.ts';

export interface HistoryFiltersProps {
  filter: HistoryFilter;
  onChange: (change: Partial<HistoryFilter>) => void;
  counts: Record<StatusFilter, number>;
}

const count = new Intl.NumberFormat('en');
const inputClass =
  'h-8 rounded-md border border-slate-300 bg-white px-2 text-sm dark:border-slate-700 dark:bg-slate-900 dark:[color-scheme:dark]';

export function HistoryFilters({ filter, onChange, counts }: HistoryFiltersProps) {
  const fromId = useId();
  const toId = useId();
  const hintId = useId();
  const options = (['all', 'active', 'expired'] as const).map((value) => ({
    value,
    label: (
      <>
        {value === 'all' ? 'All' : value === 'active' ? 'Active' : 'Expired'}{' '}
        <span className="font-normal tabular-nums">({count.format(counts[value])})</span>
      </>
    ),
  }));
  const reversed = Boolean(filter.from && filter.to && filter.from > filter.to);

  return (
    <div className="flex flex-wrap items-end gap-x-4 gap-y-3">
      <ToggleGroup label="Status" value={filter.status} options={options} onChange={(status) => onChange({ status })} />
      <div className="flex flex-wrap items-end gap-2" role="group" aria-label="Date range" aria-describedby={hintId}>
        <label className="flex flex-col gap-0.5 text-xs text-slate-600 dark:text-slate-400" htmlFor={fromId}>
          From
          <input
            id={fromId}
            type="date"
            className={inputClass}
            value={filter.from ?? ''}
            max={filter.to}
            onChange={(event) => onChange({ from: event.target.value || undefined })}
          />
        </label>
        <label className="flex flex-col gap-0.5 text-xs text-slate-600 dark:text-slate-400" htmlFor={toId}>
          To
          <input
            id={toId}
            type="date"
            className={inputClass}
            value={filter.to ?? ''}
            min={filter.from}
            onChange={(event) => onChange({ to: event.target.value || undefined })}
          />
        </label>
        {(filter.from || filter.to) && (
          <Button variant="ghost" onClick={() => onChange({ from: undefined, to: undefined })}>
            Clear dates
          </Button>
        )}
      </div>
      <p id={hintId} className={reversed ? 'w-full text-xs text-red-700 dark:text-red-400' : 'sr-only'}>
        {reversed
          ? 'The From day is after the To day, so no session can match.'
          : 'Shows sessions that were open at any time on these days, in the time zone chosen above.'}
      </p>
    </div>
  );
}
