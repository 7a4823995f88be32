import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { PROJECT_ROOT } from '../project-dirs.ts';

/** Runs a TypeScript entry point of this project in its own Node process (tsx as a loader: one process). */
export function spawnScript(
  script: string,
  args: readonly string[],
  options: { env?: Record<string, string>; uid?: number; cwd?: string } = {},
): ChildProcessWithoutNullStreams {
  const loader = pathToFileURL(join(PROJECT_ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;
  return spawn(process.execPath, ['--import', loader, join(PROJECT_ROOT, script), ...args], {
    cwd: options.cwd ?? PROJECT_ROOT,
    env: { ...process.env, HOST: '127.0.0.1', PORT: '0', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
    ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.uid }),
  });
}

export interface ProcessOutput {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Collects a process's output until it exits (killed after `timeoutMs`, which then shows as SIGKILL). */
export function collect(child: ChildProcessWithoutNullStreams, timeoutMs = 30_000): Promise<ProcessOutput> {
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** Resolves with the first match of `pattern` in the stream; rejects if the process exits first. */
export function waitForOutput(
  child: ChildProcessWithoutNullStreams,
  stream: 'stdout' | 'stderr',
  pattern: RegExp,
): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let text = '';
    const onData = (chunk: Buffer) => {
      text += chunk.toString();
      const match = pattern.exec(text);
      if (match) {
        child[stream].off('data', onData);
        resolve(match);
      }
    };
    child[stream].on('data', onData);
    child.once('exit', (code, signal) =>
      reject(new Error(`exited (${code ?? signal}) before printing ${pattern}: ${text.slice(-500)}`)),
    );
  });
}

/** Starts server/main.ts and resolves with its URL once it prints the ready line. */
export async function startServerProcess(env: Record<string, string>, options: { uid?: number } = {}) {
  const child = spawnScript('server/main.ts', [], { env, uid: options.uid });
  const output = collect(child, 120_000);
  const [, url] = await waitForOutput(child, 'stdout', /Dashboard ready: (http:\/\/127\.0\.0\.1:\d+)\//);
  return { child, url: url as string, output };
}

/** PRAGMA integrity_check on a closed store file: "ok" when every page and index is sound. */
export function integrityOf(file: string): string {
  const db = new Database(file, { fileMustExist: true });
  try {
    return db.pragma('integrity_check', { simple: true }) as string;
  } finally {
    db.close();
  }
}

/** Stack frames in output mean a crash report, not the one clear line a person can act on. */
export const STACK_FRAME = /^\s+at /m;
