import { runImport } from './run-import.ts';

// `npm run import -- FILE… [--dry-run]`; see IMPORT_USAGE in import-args.ts.
process.exitCode = await runImport(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
});
