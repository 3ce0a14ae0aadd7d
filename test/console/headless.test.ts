/**
 * `npm start` with no channel configured, as real child processes. Headless (stdin /dev/null, as
 * under systemd or Docker, or a pipe closed at once): exit 2 naming the settings to set, DATA_DIR
 * untouched. A pipe with content, or one that speaks only later (as ../shared/tools/converse.py
 * does: it reads the greeting first): the console chat as before. `--now`: the chat at that moment.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'shenbao-headless-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const dataDir = () => join(root, `data-${++n}`);

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function env(dir: string): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dir, LOG_LEVEL: 'silent', NO_COLOR: '1' };
  for (const name of Object.keys(e)) if (/^(TELEGRAM_|LARK_|PORT$|REDIS_URL$)/.test(name)) delete e[name];
  return e;
}

/**
 * `npm start [args]`. stdin: 'ignore' (/dev/null), or lines written after `delayMs` (the greeting
 * is waited for first when `afterGreeting`), then closed.
 */
function start(dir: string, stdin: 'ignore' | { lines: string[]; afterGreeting?: boolean }, args: string[] = []): Promise<Run & { greetingFirst?: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['start', '-s', ...(args.length ? ['--', ...args] : [])], {
      cwd: REPO,
      env: env(dir),
      stdio: [stdin === 'ignore' ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      timeout: 90_000,
    });
    let stdout = '';
    let stderr = '';
    let greetingFirst: boolean | undefined;
    child.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, ...(greetingFirst !== undefined && { greetingFirst }) }));
    if (stdin === 'ignore') {
      child.stdout!.setEncoding('utf8').on('data', (s: string) => (stdout += s));
      return;
    }
    const script = stdin.lines.map((l) => `${l}\n`).join('');
    if (!stdin.afterGreeting) {
      child.stdout!.setEncoding('utf8').on('data', (s: string) => (stdout += s));
      child.stdin!.end(script);
      return;
    }
    // As converse.py: nothing is written until the greeting (and the answer to /start) is out.
    let written = false;
    child.stdout!.setEncoding('utf8').on('data', (s: string) => {
      stdout += s;
      if (!written && stdout.includes('今年打算申报哪些类别的项目')) {
        written = true;
        greetingFirst = true;
        setTimeout(() => child.stdin!.end(script), 300);
      }
    });
  });
}

const dotenv = join(REPO, '.env');
const hasChannelInDotenv = existsSync(dotenv) && /^\s*(TELEGRAM_BOT_TOKEN|LARK_APP_ID)\s*=\s*\S/m.test(readFileSync(dotenv, 'utf8'));

describe.skipIf(hasChannelInDotenv)('npm start with no channel configured', () => {
  it('stdin /dev/null (systemd, Docker): exit 2 naming the settings to set; nothing written', { timeout: 120_000 }, async () => {
    const dir = dataDir();
    const run = await start(dir, 'ignore');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('TELEGRAM_BOT_TOKEN');
    expect(run.stderr).toContain('LARK_APP_ID 和 LARK_APP_SECRET');
    expect(run.stderr).toContain('LARK_APP_ID and LARK_APP_SECRET');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(dir)).toBe(false);
  });

  it('a pipe closed at once, with nothing in it: exit 2 as well', { timeout: 120_000 }, async () => {
    const run = await start(dataDir(), { lines: [] });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('TELEGRAM_BOT_TOKEN');
  });

  it('a piped script still gets the console chat, exit 0', { timeout: 120_000 }, async () => {
    const run = await start(dataDir(), { lines: ['/help'] });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('申报助手 · 本地对话 · 2022年度指南');
    expect(run.stdout).toContain('/deadlines');
  });

  it('a program that reads the greeting before it writes (converse.py) gets the chat as before', { timeout: 120_000 }, async () => {
    const run = await start(dataDir(), { lines: ['/help'], afterGreeting: true });
    expect(run.greetingFirst).toBe(true);
    expect(run.code).toBe(0);
    expect(run.stdout.split('今年打算申报哪些类别的项目')[1]).toContain('/deadlines');
  });

  it('--now runs the chat at that moment: the bundled round is open; a bad value is one line, exit 2', { timeout: 120_000 }, async () => {
    const during = await start(dataDir(), { lines: ['标准制定什么时候截止'] }, ['--now', '2022-05-10T09:30']);
    expect(during.code).toBe(0);
    expect(during.stdout).toContain('时间从 2022-05-10 09:30 起');
    expect(during.stdout).not.toContain('已于5月17日截止');
    const today = await start(dataDir(), { lines: ['/start'] });
    expect(today.stdout).toContain('已于5月17日截止');

    const bad = await start(dataDir(), { lines: ['/start'] }, ['--now', 'next week']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--now');
    expect(bad.stdout).toBe('');
  });
});
