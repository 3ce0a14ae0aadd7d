/**
 * `npm run -s cli -- backup --out FILE` as a whole process, while another connection keeps writing
 * to the store (as the running bot does): the copy is one consistent moment, and restores.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore, SQLITE_FILE } from '../../src/store/sqlite-store.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'shenbao-backup-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function cli(args: string[], dataDir: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '-s', 'cli', '--', ...args], {
      cwd: REPO,
      env: { ...process.env, DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('cli backup', () => {
  it('copies the store while it is being written, consistently, and the copy restores', async () => {
    const dataDir = join(dir, 'live');
    const store = await openSqliteStore(dataDir);
    for (let i = 0; i < 2000; i++) await store.set(`seq:${String(i).padStart(6, '0')}`, { i, pad: 'x'.repeat(200) });
    // The "bot" keeps writing, one key after another, while the backup runs.
    let written = 2000;
    let writing = true;
    const writer = (async () => {
      while (writing) {
        await store.set(`seq:${String(written).padStart(6, '0')}`, { i: written, pad: 'x'.repeat(200) });
        written++;
        if (written % 50 === 0) await new Promise((r) => setImmediate(r));
      }
    })();
    const out = join(dir, 'copy.sqlite');
    const r = await cli(['backup', '--out', out, '--json'], dataDir);
    writing = false;
    await writer;
    await store.close();
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { file: string; bytes: number; keys: number };
    expect(report.file).toBe(out);
    expect(report.keys).toBeGreaterThanOrEqual(2000);
    expect(written).toBeGreaterThan(2000);

    // Restore: the copy as DATA_DIR/shenbao.sqlite of a fresh directory.
    const restored = join(dir, 'restored');
    mkdirSync(restored);
    copyFileSync(out, join(restored, SQLITE_FILE));
    const copy = await openSqliteStore(restored);
    const keys = await copy.keys('seq:');
    // One moment of the database: keys 0…n-1 with no gap (each write is its own transaction).
    expect(keys.length).toBe(report.keys);
    expect(keys.at(-1)).toBe(`seq:${String(keys.length - 1).padStart(6, '0')}`);
    expect(await copy.get(keys.at(-1)!)).toMatchObject({ i: keys.length - 1 });
    await copy.close();
  });

  it('bad input exits 2 with one clear line', async () => {
    const missingOut = await cli(['backup'], join(dir, 'live'));
    expect(missingOut.code).toBe(2);
    expect(missingOut.stderr.trim().split('\n')).toHaveLength(1);
    expect(missingOut.stderr).toContain('--out');
    const noStore = await cli(['backup', '--out', join(dir, 'x.sqlite')], join(dir, 'nothing-here'));
    expect(noStore.code).toBe(2);
    expect(noStore.stderr).toMatch(/找不到数据库文件/);
    expect(existsSync(join(dir, 'x.sqlite'))).toBe(false);
    const noDir = await cli(['backup', '--out', join(dir, 'no', 'such', 'dir.sqlite')], join(dir, 'live'));
    expect(noDir.code).toBe(2);
    expect(noDir.stderr).toMatch(/目录不存在/);
  });
});
