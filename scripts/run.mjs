// Runs the CLI, the bot or the bench fast and lean: a bundle built by esbuild and cached under
// .build/, keyed by the sources' content, so an edited source is rebuilt on the next run.
// (tsx costs about a second of start-up and ~40 MB; the target for a cold `cli check` is under
// one second, and for the bot's memory 150 MB.)
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const ENTRIES = { cli: 'src/cli.ts', main: 'src/main.ts', bench: 'bench/run.ts' };
const entry = process.argv[2];
if (!Object.hasOwn(ENTRIES, entry)) {
  process.stderr.write(`usage: node scripts/run.mjs ${Object.keys(ENTRIES).join('|')} [args…]\n`);
  process.exit(2);
}
// The entry sees its own arguments, as if started directly.
process.argv.splice(2, 1);
const hash = createHash('sha256');
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (entry.name.endsWith('.ts')) hash.update(path).update(readFileSync(path));
  }
};
// The bench also bundles the test doubles it runs against.
for (const dir of entry === 'bench' ? ['src', 'rules', 'handlers', 'bench', 'test/doubles', 'test/e2e'] : ['src', 'rules', 'handlers']) {
  walk(join(root, dir));
}
const buildDir = join(root, '.build');
// One folder per build; code split, so a channel that is not configured is never even loaded.
const out = join(buildDir, `${entry}-${hash.digest('hex').slice(0, 16)}`);

if (!existsSync(out)) {
  const { build } = await import('esbuild');
  mkdirSync(buildDir, { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  await build({
    entryPoints: { [entry]: join(root, ENTRIES[entry]) },
    outdir: tmp,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  });
  try {
    renameSync(tmp, out);
  } catch {
    rmSync(tmp, { recursive: true, force: true }); // another process finished the same build first
  }
  for (const old of readdirSync(buildDir)) {
    const path = join(buildDir, old);
    if (old.startsWith(`${entry}-`) && path !== out && !old.includes('.tmp')) rmSync(path, { recursive: true, force: true });
  }
}
await import(pathToFileURL(join(out, `${entry}.mjs`)).href);
