import { readStreamCapped } from './cli/read-capped.js';
import { runCli } from './cli/run.js';

// The reader went away (`roster list | head -1`): stop quietly, as other command-line tools do.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  readStdin: () => readStreamCapped(process.stdin),
  env: process.env,
});
