import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchAdversarial } from './adversarial.js';
import { benchTurn } from './conversation.js';
import { benchKinds } from './kinds.js';
import { benchCheck, benchCheckVaried, benchCheckWithAlternatives, benchColdCli } from './rules.js';
import { table, type BenchRow } from './stats.js';

/**
 * `npm run bench`: measures the speed targets and writes the table into README.md between
 * the BENCH markers. Figures, not pass/fail tests: shared machines are noisy.
 */
const rows: BenchRow[] = [];
type Run = () => BenchRow | BenchRow[] | Promise<BenchRow | BenchRow[]>;
const step = async (name: string, run: Run) => {
  process.stderr.write(`bench: ${name}…\n`);
  try {
    rows.push(...[await run()].flat());
  } catch (error) {
    rows.push({ name, median: '—', p99: '—', target: '—', met: false, note: `failed: ${(error as Error).message.split('\n')[0]}` });
  }
};

await step('check', benchCheck);
await step('check, varied profiles', benchCheckVaried);
await step('check + alternatives', benchCheckWithAlternatives);
await step('cold cli', () => benchColdCli());
let kindTable = '';
await step('message kinds', () => {
  const { rows, table } = benchKinds();
  kindTable = table;
  return rows;
});
await step('turn', () => benchTurn());
await step('adversarial', () => benchAdversarial());
for (const extra of await optionalBenches()) await step(extra.name, extra.run);

const result = `${table(rows)}${kindTable && `\n\n${kindTable}`}\n\nMeasured ${new Date().toISOString().slice(0, 10)} on ${process.platform}/${process.arch}, Node ${process.version}.`;
process.stdout.write(`${result}\n`);
// This file may run from bench/ (tsx) or from a bundle in .build/: find the project root.
let root = dirname(fileURLToPath(import.meta.url));
while (!existsSync(join(root, 'package.json')) && dirname(root) !== root) root = dirname(root);
const readme = join(root, 'README.md');
const text = readFileSync(readme, 'utf8');
const updated = text.replace(/<!-- BENCH:START -->[\s\S]*<!-- BENCH:END -->/, `<!-- BENCH:START -->\n${result}\n<!-- BENCH:END -->`);
if (updated !== text) writeFileSync(readme, updated);

/** The channel and delivery benches, each a list of named runs. */
async function optionalBenches(): Promise<Array<{ name: string; run: Run }>> {
  const modules = await Promise.all([
    import('./telegram.js'),
    import('./broadcast.js'),
    import('./staff-console.js'),
    import('./redis.js'),
    import('./shared-limit.js'),
  ]);
  return modules.flatMap((m) => m.benches as Array<{ name: string; run: Run }>);
}
