import { runSeedCommand } from './run-seed.ts';

// `npm run seed -- --users N [--seed S] [--reset]`; see SEED_USAGE in seed-args.ts.
void runSeedCommand(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
}).then((code) => {
  process.exitCode = code;
});
