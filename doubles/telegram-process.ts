// Whole-process harness for the Telegram e2e tests: `npm start` as a child process (its own
// process group), with TELEGRAM_API_ROOT pointing at the Bot API double. Everything it writes is
// captured for the log scan.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Json, TelegramDouble } from './telegram-api.js';

/** The project root (where package.json is): this file may also run bundled, from .build/. */
export const ROOT = (() => {
  let dir = fileURLToPath(new URL('.', import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
})();
export const TOKEN = '123456:TEST-token-xyz';
export const TOKEN_SECRET = TOKEN.slice(TOKEN.indexOf(':') + 1);

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export interface BotProcess {
  child: ChildProcess;
  port: number;
  /** pid of the node process running src/main.ts (from its log), not of npm. */
  nodePid: number;
  output(): string;
  /** SIGTERM to the bot; resolves with npm's exit code (the bot's, passed through). */
  stop(timeoutMs?: number): Promise<number | null>;
  /** SIGKILL to the whole process group, if anything of it is still alive. */
  kill(): void;
  alive(): boolean;
}

/** Every process started, so afterAll can make sure none is left behind. */
export const started: BotProcess[] = [];

/** Environment of the parent without any channel configuration that could leak into the child. */
function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(TELEGRAM_|LARK_|PORT$|DATA_DIR$|LOG_LEVEL$|GUIDE_FILE$|REMINDER_)/.test(k)) continue;
    env[k] = v;
  }
  return env;
}

export async function startBot(env: Record<string, string>, opts: { timeoutMs?: number } = {}): Promise<BotProcess> {
  const port = Number(env['PORT'] ?? (await freePort()));
  const child = spawn('npm', ['start'], {
    cwd: ROOT,
    detached: true, // own process group: kill() reaches npm, tsx and node
    env: { ...baseEnv(), PORT: String(port), LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const onData = (d: Buffer) => {
    out += d.toString('utf8');
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  let exited = false;
  const exit = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      exited = true;
      resolve(code);
    }),
  );
  const proc: BotProcess = {
    child,
    port,
    nodePid: 0,
    output: () => out,
    alive: () => !exited,
    async stop(timeoutMs = 30_000) {
      if (exited) return exit;
      try {
        process.kill(proc.nodePid || -child.pid!, 'SIGTERM');
      } catch {
        /* already gone */
      }
      const timer = setTimeout(() => proc.kill(), timeoutMs);
      const code = await exit;
      clearTimeout(timer);
      return code;
    },
    kill() {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    },
  };
  started.push(proc);
  const deadline = Date.now() + (opts.timeoutMs ?? 45_000);
  while (!/"msg":"shenbao started"/.test(out)) {
    if (exited) throw new Error(`bot exited before starting:\n${out}`);
    if (Date.now() > deadline) {
      proc.kill();
      throw new Error(`bot did not start in time:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const line = out.split('\n').find((l) => l.includes('"msg":"shenbao started"'))!;
  proc.nodePid = (JSON.parse(line) as { pid: number }).pid;
  return proc;
}

export function killAll(): void {
  for (const p of started) p.kill();
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function until(pred: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

/** Waits for the chat to get at least one more send/edit than `before`, then for it to go quiet. */
export async function settle(tg: TelegramDouble, chatId: number, before: number, quietMs = 400, timeoutMs = 15_000): Promise<void> {
  await until(() => tg.sentLog(chatId).length > before, `a reply in chat ${chatId}`, timeoutMs);
  let count = tg.sentLog(chatId).length;
  let stableSince = Date.now();
  while (Date.now() - stableSince < quietMs) {
    await sleep(50);
    const now = tg.sentLog(chatId).length;
    if (now !== count) {
      count = now;
      stableSince = Date.now();
    }
  }
}

export function lastKeyboard(tg: TelegramDouble, chatId: number): Json | undefined {
  return tg
    .botMessages(chatId)
    .filter((m) => m.reply_markup?.inline_keyboard?.length)
    .at(-1);
}

export const buttons = (message: Json): Array<{ text: string; callback_data: string }> => (message.reply_markup?.inline_keyboard ?? []).flat();

/** Lines and substrings that would leak the token (whole, URL-encoded, or its secret half). */
export function leaks(text: string, secrets: string[] = [TOKEN, TOKEN_SECRET, encodeURIComponent(TOKEN)]): number {
  let n = 0;
  for (const s of secrets) n += text.split(s).length - 1;
  return n;
}
