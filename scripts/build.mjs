// `npm run build` (also run by `npm ci` through `prepare`, and before the tests): bundles the bot
// and the CLI into dist/ with esbuild, code split so a channel that is not configured is never
// loaded. A bundle starts much faster and leaner than tsx (about a second and ~40 MB less), which
// keeps a cold `cli check` under a second. It first trains the message-kind classifier from the
// labelled corpus (trainKinds below). `node scripts/build.mjs bench` bundles the bench into
// dist/bench/. Types are checked by `npm run typecheck`, not here.
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = process.argv[2] ?? 'app';
const TARGETS = {
  app: { outdir: 'dist', entryPoints: { main: 'src/main.ts', cli: 'src/cli.ts', 'read-table-worker': 'src/roster/read-table-worker.ts' } },
  bench: { outdir: 'dist/bench', entryPoints: { bench: 'bench/run.ts' } },
};
const chosen = TARGETS[target];
if (!chosen) {
  process.stderr.write(`usage: node scripts/build.mjs [${Object.keys(TARGETS).join('|')}]\n`);
  process.exit(2);
}

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  // A production install (`npm ci --omit=dev`) has no esbuild: keep the dist/ that was built before.
  if (target === 'app' && exists(join(root, 'dist', 'main.mjs'))) process.exit(0);
  process.stderr.write('build: esbuild is not installed; run `npm ci` (with dev dependencies) first\n');
  process.exit(1);
}

await trainKinds();
await buildHomophones();
await buildSimplified();

const outdir = join(root, chosen.outdir);
// Old chunks would pile up (their names carry content hashes); the bench keeps its own folder.
if (target === 'app')
  for (const name of list(outdir))
    if (name !== 'bench') rmSync(join(outdir, name), { recursive: true, force: true });
    else rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });
await esbuild.build({
  absWorkingDir: root,
  entryPoints: chosen.entryPoints,
  outdir,
  outExtension: { '.js': '.mjs' },
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'error',
});
if (target === 'app') writeFileSync(join(outdir, 'BUILT'), `${new Date().toISOString()}\n`);

/**
 * The message-kind classifier is learned from the labelled corpus at build time: the trainer is
 * bundled next to the packages (so it resolves them) and run, and rewrites
 * handlers/understanding/kinds-model.json only when the data changed. About 0.3 s. The file is
 * committed, so an install without esbuild keeps a model.
 */
async function trainKinds() {
  (await runTrainingStep('train-kinds')).writeKindModel(root);
}

/**
 * The sounds of the programme's words (handlers/understanding/homophone-table.json) are built from
 * homophone-words.ts with pinyin-pro, a dev dependency, and rewritten only when they changed. The file is
 * committed, so an install without dev dependencies keeps it (src/training/homophone-table.ts says why).
 */
async function buildHomophones() {
  (await runTrainingStep('homophone-table')).writeHomophoneTable(root);
}

/**
 * Traditional → simplified characters (handlers/understanding/simplified-table.json), built from opencc-js, a
 * dev dependency, the same way (src/training/simplified-table.ts says why not at run time).
 */
async function buildSimplified() {
  (await runTrainingStep('simplified-table')).writeSimplifiedTable(root);
}

/** Bundles src/training/<name>.ts next to the packages (so it resolves them) and imports it. */
async function runTrainingStep(name) {
  const outfile = join(root, 'node_modules', '.cache', 'shenbao', `${name}.mjs`);
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: [`src/training/${name}.ts`],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
  });
  return import(`${pathToFileURL(outfile).href}?${Date.now()}`);
}

function exists(path) {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function list(dir) {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
