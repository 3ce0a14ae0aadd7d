// `npm start` / `npm run cli`: runs an entry built into dist/ by `npm run build` (done by `npm ci`).
// Writes nothing into the checkout. If a source is newer than the build, it says so on stderr
// (one stat per source file, a few milliseconds) and runs the build it has.
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ENTRIES = ['main', 'cli'];
const entry = process.argv[2];
if (!ENTRIES.includes(entry)) {
  process.stderr.write(`usage: node scripts/run.mjs ${ENTRIES.join('|')} [args…]\n`);
  process.exit(2);
}
process.argv.splice(2, 1); // the entry sees its own arguments, as if started directly
// `npm run cli` puts a `--` first: Node 20 would otherwise take the CLI's own `--env-file FILE` as
// its flag (it scans past the script name) and stop with "node: FILE: not found".
if (process.argv[2] === '--') process.argv.splice(2, 1);

const mtime = (path) => {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
};
const built = mtime(join(root, 'dist', 'BUILT'));
if (built === undefined) {
  process.stderr.write('shenbao: dist/ is missing; run `npm run build` (or `npm ci`) first\n');
  process.exit(1);
}
const list = (dir) => {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return []; // an image or install that ships only dist/
  }
};
const newer = (dir) => list(dir).some((e) => (e.isDirectory() ? newer(join(dir, e.name)) : e.name.endsWith('.ts') && (mtime(join(dir, e.name)) ?? 0) > built));
if (['src', 'rules', 'handlers'].some((dir) => newer(join(root, dir)))) {
  process.stderr.write('shenbao: sources changed since the last build; `npm run build` to use them\n');
}
await import(pathToFileURL(join(root, 'dist', `${entry}.mjs`)).href);
