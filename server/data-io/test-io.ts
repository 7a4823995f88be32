import type { CommandIo } from './command-io.ts';

/** A command's output, kept for assertions; DATABASE_URL points at `databaseFile`. */
export function captureIo(databaseFile: string, env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CommandIo = {
    stdout: { write: (text: string) => out.push(text) },
    stderr: { write: (text: string) => err.push(text) },
    env: { DATABASE_URL: `file:${databaseFile}`, ...env },
  };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}
