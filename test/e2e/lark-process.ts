// Spawns the whole bot (`npm start`) for the Lark end-to-end tests, captures everything it
// prints, and stops it (its whole process group) again.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { httpRequest } from '../../doubles/http-util.js';

/** The project root (where package.json is): this file may also run bundled, from .build/. */
export const ROOT = (() => {
  let dir = fileURLToPath(new URL('.', import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
})();

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

const made: string[] = [];
export const tempDir = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
};
/** Removes the directories tempDir made (call once the processes using them are stopped). */
export function removeTempDirs() {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export interface BotProcess {
  child: ChildProcess;
  port: number;
  url: string;
  output(): string;
  alive(): boolean;
  exitCode(): number | null | undefined;
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<string>;
  waitForExit(timeoutMs?: number): Promise<number | null>;
  healthy(): Promise<boolean>;
  stop(): Promise<void>;
}

/** Environment of the parent minus anything that would configure the bot. */
function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (/^(LARK_|TELEGRAM_)/.test(k) || ['PORT', 'DATA_DIR', 'LOG_LEVEL', 'GUIDE_FILE'].includes(k)) continue;
    env[k] = v;
  }
  return env;
}

export async function spawnBot(env: Record<string, string>, opts: { waitReady?: boolean; readyTimeoutMs?: number } = {}): Promise<BotProcess> {
  const port = Number(env['PORT'] ?? (await freePort()));
  const child = spawn('npm', ['start', '--silent'], {
    cwd: ROOT,
    env: { ...baseEnv(), ...env, PORT: String(port) },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let exited: number | null | undefined;
  // 'close', not 'exit': npm may exit first on a signal; the pipes close once the bot's node process is gone too.
  const exit = new Promise<number | null>((resolve) => child.once('close', (code) => resolve((exited = code))));
  child.stdout!.on('data', (d: Buffer) => (out += d.toString('utf8')));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString('utf8')));
  const url = `http://127.0.0.1:${port}`;

  const waitForOutput = async (pattern: RegExp, timeoutMs = 30_000) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const m = pattern.exec(out);
      if (m) return m[0];
      if (exited !== undefined) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const m = pattern.exec(out);
    if (m) return m[0];
    throw new Error(`output never matched ${pattern} (exit ${exited}); output:\n${out.slice(-4000)}`);
  };
  const healthy = async () => {
    try {
      return (await httpRequest(`${url}/healthz`, { method: 'GET', timeoutMs: 2_000 })).status === 200;
    } catch {
      return false;
    }
  };
  const proc: BotProcess = {
    child,
    port,
    url,
    output: () => out,
    alive: () => exited === undefined,
    exitCode: () => exited,
    waitForOutput,
    waitForExit: (timeoutMs = 15_000) =>
      Promise.race([
        exit,
        new Promise<number | null>((_r, reject) => setTimeout(() => reject(new Error(`did not exit; output:\n${out.slice(-4000)}`)), timeoutMs)),
      ]),
    healthy,
    async stop() {
      if (exited !== undefined || child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        return;
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 8_000);
      await exit;
      clearTimeout(timer);
    },
  };
  if (opts.waitReady !== false) {
    const deadline = Date.now() + (opts.readyTimeoutMs ?? 40_000);
    while (!(await healthy())) {
      if (exited !== undefined || Date.now() > deadline) {
        await proc.stop();
        throw new Error(`bot did not become healthy (exit ${exited}); output:\n${out.slice(-4000)}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return proc;
}
