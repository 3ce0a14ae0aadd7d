import { readStreamCapped } from './cli/read-capped.js';
import { runCli } from './cli/run.js';

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  readStdin: () => readStreamCapped(process.stdin),
  env: process.env,
});
