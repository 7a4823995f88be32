import { StartupError } from '../listen.ts';
import { DEFAULT_DATABASE_URL } from '../demo/run-seed.ts';
import type { ProgressStream } from '../demo/progress-bar.ts';
import { openStore } from '../store-setup.ts';
import type { StoreOptions } from '../store/dashboard-store.ts';
import type { SessionUsersSource } from '../store/source.ts';

/** What a data command reads and writes; tests pass their own. */
export interface CommandIo {
  stdout: ProgressStream;
  stderr: ProgressStream;
  env: Record<string, string | undefined>;
}

/** Bad arguments, a missing file or store: one line for the person, exit code 2. */
export class CommandProblem extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommandProblem';
  }
}

/** The store DATABASE_URL names, opened through the one place that opens stores. */
export async function openCommandStore(io: CommandIo, options?: StoreOptions): Promise<SessionUsersSource> {
  try {
    return await openStore(io.env.DATABASE_URL || DEFAULT_DATABASE_URL, options, io.env);
  } catch (error) {
    if (error instanceof StartupError) throw new CommandProblem(error.message);
    throw error;
  }
}

/** The message of an error fit for one line: never a stack trace. */
export function oneLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
