// `npm run soak`: the long soak (10 minutes by default, SOAK_SECONDS to change, SOAK_SEED to replay
// a schedule, SOAK_RATE messages per second per channel). Not part of `npm test`; the 1-minute
// version is test/e2e/soak.test.ts. Prints the counts per channel and exits 1 if any update was
// lost (duplicates are reported, not failed: see the README, "Running several instances on Redis").
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { runSoak, soakReport } from '../doubles/soak.js';
import { killAll } from '../doubles/telegram-process.js';

const number = (name: string, fallback: number) => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) {
    process.stderr.write(`soak: ${name} must be a positive number (got "${raw}")\n`);
    process.exit(2);
  }
  return n;
};

const seconds = number('SOAK_SECONDS', 600);
const log = (line: string) => process.stderr.write(`${line}\n`);
process.on('SIGINT', () => {
  killAll();
  process.exit(130);
});
try {
  const result = await runSoak({
    seconds,
    ratePerSecond: number('SOAK_RATE', 3),
    ...(process.env.SOAK_SEED && { seed: number('SOAK_SEED', 1) }),
    drainSeconds: 120,
    log,
  });
  for (const line of soakReport(result)) process.stdout.write(`${line}\n`);
  const lost = result.telegram.lost + result.lark.lost;
  if (lost) {
    const file = join(tmpdir(), `shenbao-soak-${result.seed}.log`);
    writeFileSync(file, result.botOutput);
    process.stdout.write(`LOST ${lost} update(s); the bot's output is in ${file}\n`);
  }
  process.exit(lost ? 1 : 0);
} catch (error) {
  killAll();
  process.stderr.write(`soak failed: ${(error as Error).message}\n`);
  process.exit(1);
}
