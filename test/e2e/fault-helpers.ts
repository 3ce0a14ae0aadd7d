// Shared by the whole-process fault tests: facts read back from the bot's SQLite file, the
// resident memory of a process, a kill -9 of a process group.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

/** What every chat of a burst says: one fact, which must end up in its stored profile. */
export const FACT_TEXT = '我们是省级学会，去年综合能力评价B等';

/** chat id → the stored evaluationGrade, for every chat of `channel` in the store (open it only once the bot is stopped). */
export function storedGrades(dataDir: string, channel: 'telegram' | 'lark'): Map<string, string | undefined> {
  const db = new Database(join(dataDir, 'shenbao.sqlite'), { readonly: true });
  try {
    const rows = db.prepare<[string], { key: string; value: string }>('SELECT key, value FROM kv WHERE key LIKE ?').all(`chat:${channel}:%`);
    const out = new Map<string, string | undefined>();
    for (const row of rows) {
      const state = (JSON.parse(row.value) as { value?: { profile?: { evaluationGrade?: string } } }).value;
      out.set(row.key.slice(`chat:${channel}:`.length), state?.profile?.evaluationGrade);
    }
    return out;
  } finally {
    db.close();
  }
}

/** Open intake records left in the store (0 once everything was processed and sent). */
export function openIntake(dataDir: string): number {
  const db = new Database(join(dataDir, 'shenbao.sqlite'), { readonly: true });
  try {
    return (db.prepare("SELECT count(*) AS n FROM kv WHERE key LIKE 'intake:open:%'").get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/** Resident set size of a process, in MB (Linux). */
export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
}

/** SIGKILL to a whole process group (npm and the node under it). */
export function kill9(groupLeaderPid: number): void {
  try {
    process.kill(-groupLeaderPid, 'SIGKILL');
  } catch {
    /* already gone */
  }
}

/** The pid of the bot's node process, from its "shenbao started" log line. */
export function nodePidFrom(output: string): number {
  const line = output.split('\n').find((l) => l.includes('"msg":"shenbao started"'));
  if (!line) throw new Error('no start line');
  return (JSON.parse(line) as { pid: number }).pid;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function until(pred: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await pred())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** Measured figures for the closing report, printed once per test run. */
export function report(label: string, value: unknown): void {
  process.stdout.write(`[measured] ${label}: ${typeof value === 'string' ? value : JSON.stringify(value)}\n`);
}

/** Waits until `count()` has not changed for `quietMs` (the bot has finished sending). */
export async function quiet(count: () => number, quietMs = 1_000, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  let last = count();
  let since = Date.now();
  while (Date.now() - since < quietMs) {
    if (Date.now() > end) throw new Error('never went quiet');
    await sleep(100);
    const now = count();
    if (now !== last) {
      last = now;
      since = Date.now();
    }
  }
}
