import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { benchTurn } from './conversation.js';
import { benchCheck, benchCheckWithAlternatives, benchColdCli } from './rules.js';
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
await step('check + alternatives', benchCheckWithAlternatives);
await step('cold cli', () => benchColdCli());
await step('turn', () => benchTurn());
for (const extra of await optionalBenches()) await step(extra.name, extra.run);

const result = `${table(rows)}\n\nMeasured ${new Date().toISOString().slice(0, 10)} on ${process.platform}/${process.arch}, Node ${process.version}.`;
process.stdout.write(`${result}\n`);
const readme = fileURLToPath(new URL('../README.md', import.meta.url));
const text = readFileSync(readme, 'utf8');
const updated = text.replace(/<!-- BENCH:START -->[\s\S]*<!-- BENCH:END -->/, `<!-- BENCH:START -->\n${result}\n<!-- BENCH:END -->`);
if (updated !== text) writeFileSync(readme, updated);

/** Channel benches live beside their channels and join here when present. */
async function optionalBenches(): Promise<Array<{ name: string; run: Run }>> {
  const found: Array<{ name: string; run: Run }> = [];
  for (const mod of ['./telegram.js', './lark.js', './broadcast.js']) {
    try {
      const m = (await import(mod)) as { benches?: Array<{ name: string; run: Run }> };
      found.push(...(m.benches ?? []));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw error;
    }
  }
  return found;
}
