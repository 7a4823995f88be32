/** One JSON object per line: easy to read with `jq`, easy to ship to any log collector. */
export interface Logger {
  info(entry: Record<string, unknown>): void;
  error(entry: Record<string, unknown>): void;
}

export function createJsonLogger(
  out: (line: string) => void = (line) => process.stdout.write(line),
  err: (line: string) => void = (line) => process.stderr.write(line),
): Logger {
  const line = (level: string, entry: Record<string, unknown>) =>
    `${JSON.stringify({ time: new Date().toISOString(), level, ...entry })}\n`;
  return {
    info: (entry) => out(line('info', entry)),
    error: (entry) => err(line('error', entry)),
  };
}

export const silentLogger: Logger = { info: () => {}, error: () => {} };

/** Keeps what is useful about an unexpected error for the server's log (never sent to clients). */
export function describeError(error: unknown): Record<string, unknown> {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return { name: error.name, message: error.message, ...(code === undefined ? {} : { code }), stack: error.stack };
  }
  return { message: String(error) };
}
