import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { createProgressBar, formatSeconds } from '../demo/progress-bar.ts';
import type { SessionUsersSource } from '../store/source.ts';
import { CommandProblem, oneLine, openCommandStore, type CommandIo } from './command-io.ts';

export const EXPORT_USAGE = `Usage: npm run export [-- --product P] [--session S] [--out FILE]

Writes every user of the store DATABASE_URL names (default file:./data/dashboard.db), with all
their sessions, as NDJSON user documents (the fetchUserDetails shape plus revoked_at), one a line,
ordered by product, session, environment and _id, to standard output or FILE. The export is one
consistent snapshot, and npm run import reads it back (into this store or any other).

Options:
  --product P   only product P;  --session S   only session S (of every product, or of P).
  --out FILE    write to FILE instead of standard output.
  -h, --help    show this text.

Exit codes: 0 done, 1 the store or the output failed, 2 bad arguments, an unknown product or
session, or a bad DATABASE_URL.`;

interface ExportArgs {
  product?: string;
  session?: string;
  out?: string;
}

function parseExportArgs(argv: readonly string[]): ExportArgs | 'help' {
  try {
    const { values } = parseArgs({
      args: [...argv],
      strict: true,
      options: {
        product: { type: 'string' },
        session: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
    if (values.help) return 'help';
    return { product: values.product, session: values.session, out: values.out };
  } catch (error) {
    throw new CommandProblem((error as Error).message);
  }
}

/** Lines are gathered into chunks of about this size before each write. */
const CHUNK_CHARS = 256 * 1024;

/** `npm run export -- …`: resolves with the exit code (see EXPORT_USAGE). `output`: standard output unless --out. */
export async function runExport(argv: readonly string[], io: CommandIo & { output: Writable }): Promise<number> {
  let args: ExportArgs;
  let store: SessionUsersSource;
  let total = 0;
  try {
    const parsed = parseExportArgs(argv);
    if (parsed === 'help') {
      io.stderr.write(`${EXPORT_USAGE}\n`);
      return 0;
    }
    args = parsed;
    store = await openCommandStore(io);
    const { products } = await store.catalog();
    const chosen = products.filter((p) => args.product === undefined || p.tag === args.product);
    if (chosen.length === 0 && args.product !== undefined) {
      await store.close();
      throw new CommandProblem(`There is no product "${args.product}" in the store.`);
    }
    const sessions = chosen
      .flatMap((p) => p.sessions)
      .filter((s) => args.session === undefined || s.tag === args.session);
    if (sessions.length === 0 && args.session !== undefined) {
      await store.close();
      throw new CommandProblem(
        `There is no session "${args.session}"${args.product ? ` in product "${args.product}"` : ''}.`,
      );
    }
    for (const session of sessions) for (const count of Object.values(session.users)) total += count;
  } catch (error) {
    if (error instanceof CommandProblem) {
      io.stderr.write(`${error.message}\nRun "npm run export -- --help" for usage.\n`);
      return 2;
    }
    throw error;
  }

  const output = args.out === undefined ? io.output : createWriteStream(args.out);
  let failure: Error | undefined;
  output.on('error', (error: Error) => {
    failure = error;
  });
  const started = performance.now();
  const bar = createProgressBar({ total, unit: 'users', stream: io.stderr, rate: { unit: 'users' } });
  let users = 0;
  let sessions = 0;
  let chunk = '';
  const write = async (text: string) => {
    if (failure) throw failure;
    if (!output.write(text)) await drained(output);
    if (failure) throw failure;
  };
  try {
    for await (const doc of store.exportUsers({ product: args.product, session: args.session })) {
      chunk += `${JSON.stringify(doc)}\n`;
      users += 1;
      sessions += doc.sessions.length;
      if (chunk.length >= CHUNK_CHARS) {
        await write(chunk);
        chunk = '';
        bar.update(users, users);
      }
    }
    if (chunk !== '') await write(chunk);
    if (args.out !== undefined) {
      output.end();
      await once(output, 'finish');
      if (failure) throw failure;
    }
    bar.update(users, users);
    bar.finish();
  } catch (error) {
    bar.finish();
    // The reader went away (`npm run export | head`): not a failure of the export.
    if ((error as NodeJS.ErrnoException).code === 'EPIPE') return 0;
    io.stderr.write(`Export failed after ${users.toLocaleString('en-US')} users: ${oneLine(error)}\n`);
    return 1;
  } finally {
    await store.close();
  }
  const where = args.out === undefined ? '' : ` to ${args.out}`;
  io.stderr.write(
    `Exported ${users.toLocaleString('en-US')} users and ${sessions.toLocaleString('en-US')} sessions${where} in ${formatSeconds((performance.now() - started) / 1000)}.\n`,
  );
  return 0;
}

/** Resolves when `output` can take more, or once it failed (the caller checks for the failure). */
function drained(output: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      output.off('drain', done);
      output.off('error', done);
      resolve();
    };
    output.on('drain', done);
    output.on('error', done);
  });
}
