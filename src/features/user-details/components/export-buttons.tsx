import { useState } from 'react';
import { Button } from '../../../components/ui/button.tsx';
import { downloadText } from '../export/download.ts';
import { exportFileName, sessionsToJson, toExportRows } from '../export/session-rows.ts';
import type { ExportIdentity } from '../export/session-rows.ts';
import type { HistoryFilter } from '../model/session-filter.ts';
import type { TimedSession } from '../model/sessions.ts';

export interface ExportButtonsProps {
  identity: ExportIdentity;
  /** How many sessions are shown (after the filter), in the whole history. */
  count: number;
  /** Every session shown (after the filter), newest first: the history may be only partly loaded. */
  load: () => Promise<readonly TimedSession[]>;
  filter: HistoryFilter;
  timeZone: string;
}

const DownloadIcon = () => (
  <svg aria-hidden="true" viewBox="0 0 20 20" className="h-4 w-4" fill="currentColor">
    <path d="M10 3a1 1 0 0 1 1 1v7.59l2.3-2.3a1 1 0 1 1 1.4 1.42l-4 4a1 1 0 0 1-1.4 0l-4-4a1 1 0 1 1 1.4-1.42L9 11.6V4a1 1 0 0 1 1-1ZM4 15a1 1 0 0 1 1 1h10a1 1 0 1 1 0 2H5a2 2 0 0 1-2-2 1 1 0 0 1 1-1Z" />
  </svg>
);

/** The shown history as CSV or JSON, every timestamp in UTC and the user's identity in each row. */
export function ExportButtons({ identity, count, load, filter, timeZone }: ExportButtonsProps) {
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const disabled = count === 0 || busy;
  const what = `the ${count === 1 ? 'session' : `${count} sessions`} shown`;

  const run = async (format: string, write: (sessions: readonly TimedSession[]) => Promise<void> | void) => {
    setProblem(null);
    setBusy(true);
    try {
      await write(await load());
    } catch {
      setProblem(`Could not prepare the ${format} file. Check your connection and try again.`);
    } finally {
      setBusy(false);
    }
  };

  const exportCsv = (sessions: readonly TimedSession[]) =>
    // papaparse loads only here, so it stays out of the page's first load.
    import('../export/session-csv.ts').then(({ sessionsToCsv }) => {
      const csv = sessionsToCsv(toExportRows(identity, sessions));
      downloadText(csv, exportFileName(identity.identifier, identity.env, new Date(), 'csv'), 'text/csv;charset=utf-8');
    });

  const exportJson = (sessions: readonly TimedSession[]) => {
    const exportedAt = new Date();
    const json = sessionsToJson(identity, toExportRows(identity, sessions), {
      exported_at: exportedAt.toISOString(),
      time_zone: 'UTC',
      filter: {
        status: filter.status,
        ...(filter.from ? { from: filter.from } : {}),
        ...(filter.to ? { to: filter.to } : {}),
        ...(filter.from || filter.to ? { dates_time_zone: timeZone } : {}),
      },
    });
    downloadText(json, exportFileName(identity.identifier, identity.env, exportedAt, 'json'), 'application/json');
  };

  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button
        onClick={() => void run('CSV', exportCsv)}
        disabled={disabled}
        aria-busy={busy}
        title={`Download ${what} as CSV`}
      >
        <DownloadIcon />
        Export CSV
      </Button>
      <Button
        onClick={() => void run('JSON', exportJson)}
        disabled={disabled}
        aria-busy={busy}
        title={`Download ${what} as JSON`}
      >
        <DownloadIcon />
        Export JSON
      </Button>
      {problem && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {problem}
        </p>
      )}
    </div>
  );
}
