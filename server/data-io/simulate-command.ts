import { runSimulate } from './run-simulate.ts';

// `npm run simulate [-- --rate N --url U]`; see SIMULATE_USAGE in run-simulate.ts. Ctrl+C stops it cleanly.
const stop = new AbortController();
process.once('SIGINT', () => stop.abort());
process.once('SIGTERM', () => stop.abort());
process.exitCode = await runSimulate(
  process.argv.slice(2),
  { stdout: process.stdout, stderr: process.stderr, env: process.env },
  stop.signal,
);
