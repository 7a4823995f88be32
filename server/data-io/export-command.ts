import { runExport } from './run-export.ts';

// `npm run export [-- --product P --session S --out FILE]`; see EXPORT_USAGE in run-export.ts.
process.exitCode = await runExport(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  output: process.stdout,
});
