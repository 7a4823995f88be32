import Papa from 'papaparse';
import { EXPORT_COLUMNS } from './session-rows.ts';
import type { SessionExportRow } from './session-rows.ts';

/**
 * Cells a spreadsheet would run as a formula: =, +, -, @, tab or carriage return first (and their
 * full-width forms, which some spreadsheets accept too). Papa's default pattern uses `.*$`,
 * which misses a value with a line break in it, so we give our own.
 */
export const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/** Leading byte order mark: lets Excel read non-Latin identifiers as UTF-8. */
const BOM = '\uFEFF';

/** RFC 4180 CSV (quotes doubled, CRLF), formula-looking cells prefixed with ' and quoted. */
export function sessionsToCsv(rows: readonly SessionExportRow[]): string {
  return (
    BOM +
    Papa.unparse(
      { fields: EXPORT_COLUMNS, data: rows.map((row) => EXPORT_COLUMNS.map((column) => row[column])) },
      { escapeFormulae: FORMULA_START, newline: '\r\n' },
    ) +
    '\r\n'
  );
}
