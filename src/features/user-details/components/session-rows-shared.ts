import type { DayGrouping } from '../model/day-groups.ts';
import type { TimedSession } from '../model/sessions.ts';

export interface SessionListProps {
  /** The sessions loaded so far, in list order. */
  sessions: readonly TimedSession[];
  /** How many the whole list holds: more than `sessions` while pages are still to come. */
  setSize: number;
  /** Asks for the next page; undefined while one is on its way, after a failure, or when none is left. */
  onNeedMore: (() => void) | undefined;
  grouping: DayGrouping;
  timeZone: string;
  now: number;
}

/** Props of a rows renderer: the list's, plus the zone named in the column headers. */
export type RowsProps = SessionListProps & { zone: string };

/** The contract's accessible name: the history is a list named "Session history". */
export const LIST_PROPS = { role: 'list', 'aria-label': 'Session history' } as const;
