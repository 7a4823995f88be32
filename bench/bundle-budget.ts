import { readFileSync, writeFileSync } from 'node:fs';

export const BUDGET_FILE = 'bench/bundle-budget.json';

/** bench/bundle-budget.json: the limit, and the size last measured by `npm run bench`. */
export interface BundleBudget {
  usersPageFirstLoadJs: {
    /** The check fails above this, in kB (1000 bytes) gzipped. */
    budgetKb: number;
    measuredKb: number;
    measuredOn: string;
    how: string;
  };
}

export function readBudget(): BundleBudget {
  return JSON.parse(readFileSync(BUDGET_FILE, 'utf8')) as BundleBudget;
}

/** Records the latest measurement beside the budget (the budget itself is never changed here). */
export function recordMeasurement(measuredKb: number, date: string): void {
  const budget = readBudget();
  budget.usersPageFirstLoadJs.measuredKb = measuredKb;
  budget.usersPageFirstLoadJs.measuredOn = date;
  writeFileSync(BUDGET_FILE, `${JSON.stringify(budget, null, 2)}\n`);
}
