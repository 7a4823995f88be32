import { parseArgs } from 'node:util';
import { CommandProblem } from './command-io.ts';

export interface ImportArgs {
  files: string[];
  dryRun: boolean;
  /** Where rejected lines go; default `<first file>.rejects.ndjson`. */
  rejects: string;
}

export const IMPORT_USAGE = `Usage: npm run import -- FILE… [--dry-run] [--rejects FILE]

Imports session records and user documents into the store DATABASE_URL names (default
file:./data/dashboard.db). Each FILE is NDJSON (.ndjson, .jsonl), a JSON array (.json) or CSV
(.csv, a header row of SessionRecord fields). A JSON line or element is a session record (as
POST /api/ingest/sessions takes) or a user document in the fetchUserDetails shape, as exported
here or dumped from MongoDB (Extended JSON such as {"$oid": …} and {"$date": …} is read as plain
values; _id, ductape_user_id, first_seen, last_seen, createdAt and updatedAt are kept).

Lines that cannot be imported are written, with their line number and the reason, to the rejects
file; the others are imported. Importing the same file again changes nothing.

Options:
  --dry-run        check every line against the store and write nothing.
  --rejects FILE   where rejected lines go (default: the first FILE's name + .rejects.ndjson).
  -h, --help       show this text.

Exit codes: 0 every line imported, 1 some lines rejected (or the store failed), 2 bad arguments,
a missing or unreadable file, an unknown format or a bad DATABASE_URL.

Examples:
  npm run import -- users.ndjson
  DATABASE_URL=file:./data/other.db npm run import -- dump.json sessions.csv --dry-run`;

export function parseImportArgs(argv: readonly string[]): ImportArgs | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: true,
      options: {
        'dry-run': { type: 'boolean' },
        rejects: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new CommandProblem((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return 'help';
  const [first] = positionals;
  if (first === undefined) throw new CommandProblem('Name at least one file to import.');
  return {
    files: positionals,
    dryRun: values['dry-run'] === true,
    rejects: values.rejects ?? `${first}.rejects.ndjson`,
  };
}
