/**
 * `npm start` with PORT set and no channel: the terminal chat runs, the staff console listens on
 * PORT beside it. Its output here is a pipe (as a journal would be): no live sign-in link is
 * printed, only how to get one; `cli staff-link` gives one that signs in.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, ROOT } from '../../doubles/telegram-process.js';

const dir = mkdtempSync(join(tmpdir(), 'shenbao-start-link-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm start with PORT', () => {
  it('prints no live link into a log, says how to get one, and staff-link signs in', { timeout: 90_000 }, async () => {
    const port = await freePort();
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) if (!/^(TELEGRAM_|LARK_|PORT$|DATA_DIR$|PUBLIC_URL$)/.test(k)) env[k] = v;
    const child = spawn('npm', ['start'], { cwd: ROOT, env: { ...env, PORT: String(port), DATA_DIR: dir }, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (out += d.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const deadline = Date.now() + 60_000;
      while (!/staff-link/.test(out) || !/申报助手 · 本地对话/.test(out)) {
        if (Date.now() > deadline) throw new Error(`no hint printed:\n${out}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(out).not.toMatch(/\/staff\/login\?t=/);
      const printed = execFileSync(process.execPath, [join(ROOT, 'dist', 'cli.mjs'), 'staff-link'], {
        env: { ...env, PORT: String(port), DATA_DIR: dir },
        encoding: 'utf8',
      });
      const link = new URL(/(http:\/\/localhost:\d+\/staff\/login\?t=[A-Za-z0-9_-]+)/.exec(printed)![1]!);
      expect(link.port).toBe(String(port));
      const r = await fetch(`http://127.0.0.1:${port}${link.pathname}${link.search}`, { redirect: 'manual' });
      expect(r.status).toBe(303);
      const cookie = r.headers.get('set-cookie')!.split(';')[0]!;
      const page = await fetch(`http://127.0.0.1:${port}/staff/societies`, { headers: { cookie } });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('共 <strong>0</strong> 个学会');
      child.stdin.end('/help\n');
      expect(await exited).toBe(0);
      expect(out).toContain('/profile');
    } finally {
      child.kill('SIGKILL');
    }
  });
});
