/**
 * `npm run -s cli -- checklist --chat ID|--society NAME --out FILE.docx|FILE.xlsx` as a whole
 * process on a real SQLite DATA_DIR: the files read back, and bad input exits 2 with one line.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSociety } from '../../src/roster/societies.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { DONE, readDocx, seedSociety, SOCIETY } from '../pack/fixture.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'shenbao-checklist-cli-'));
const dataDir = join(dir, 'data');
const NOW = ['--now', '2022-05-10T09:00:00+08:00'];

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '-s', 'cli', '--', 'checklist', ...args], {
      cwd: REPO,
      env: { ...process.env, DATA_DIR: dataDir, NO_COLOR: '1' },
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

beforeAll(async () => {
  const store = await openSqliteStore(dataDir);
  await seedSociety(store);
  await createSociety(store, { name: '江苏省无计划学会', facts: {}, nowMs: Date.now() });
  await store.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('cli checklist', () => {
  it('--society NAME --out FILE.docx writes the pack and prints the path', async () => {
    const out = join(dir, '营养学会.docx');
    const r = await cli(['--society', SOCIETY, '--out', out, ...NOW]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(`${out}\n`);
    const { paragraphs, rows } = await readDocx(readFileSync(out));
    expect(paragraphs[0]).toBe(`${SOCIETY}申报材料清单`);
    expect(paragraphs.some((p) => p.startsWith('1. 品牌学术交流'))).toBe(true);
    expect(paragraphs.some((p) => p.startsWith('2. 标准制定'))).toBe(true);
    expect(rows).toContainEqual(['2022-05-17 17:00', '电子版申报书提交截止（系统关闭）', '品牌学术交流、标准制定', '还剩7天', '五（二）']);
    expect(rows.find((row) => row[2] === DONE.text)?.[3]).toBe('已完成');
  });

  it("--chat telegram:101 --out FILE.xlsx (one of the society's chats: the same society), with --json", async () => {
    const out = join(dir, 'pack.xlsx');
    const r = await cli(['--chat', 'telegram:101', '--out', out, '--json', ...NOW]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ out, society: SOCIETY, projects: ['brand_exchange', 'standard'] });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(readFileSync(out) as unknown as ArrayBuffer);
    const rows = book.getWorksheet('材料清单')!.getSheetValues();
    expect(rows.some((row) => Array.isArray(row) && row.includes(DONE.text) && row.includes('已完成'))).toBe(true);
  });

  it('bad input exits 2 with one line naming what is wrong, and writes nothing', async () => {
    const x = join(dir, 'never.docx');
    const cases: Array<[string[], RegExp]> = [
      [['--society', '江苏省不存在学会', '--out', x], /未找到学会“江苏省不存在学会”/],
      [['--chat', 'telegram:101', '--society', SOCIETY, '--out', x], /--chat 与 --society 只能给出一个/],
      [['--out', x], /缺少 --chat .*或 --society/],
      [['--society', SOCIETY, '--out', join(dir, 'pack.pdf')], /--out ".*pack\.pdf" 须以 \.docx 或 \.xlsx 结尾/],
      [['--society', SOCIETY], /缺少 --out/],
      [['--society', SOCIETY, '--out', join(dir, 'no-such-dir', 'a.docx')], /无法写入 .*no-such-dir.*ENOENT/],
      [['--chat', 'telegram:999', '--out', x], /未找到会话 telegram:999/],
      [['--chat', '101', '--out', x], /--chat "101" 无效：须写作 渠道:会话ID/],
      [['--society', '江苏省无计划学会', '--out', x], /还没有选定打算申报的项目/],
    ];
    // Three processes at a time: each is a cold Node start, and the machine is shared.
    const runs: Awaited<ReturnType<typeof cli>>[] = [];
    for (let i = 0; i < cases.length; i += 3) runs.push(...(await Promise.all(cases.slice(i, i + 3).map(([args]) => cli(args)))));
    runs.forEach((r, i) => {
      const [args, message] = cases[i]!;
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    });
    expect(existsSync(x)).toBe(false);
  }, 180_000);

  it('is listed in the help', async () => {
    const r = await new Promise<string>((resolve) => {
      const child = spawn('npm', ['run', '-s', 'cli', '--', 'help'], { cwd: REPO, stdio: ['ignore', 'pipe', 'ignore'] });
      let s = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => (s += d));
      child.on('close', () => resolve(s));
    });
    expect(r).toContain('checklist --chat 渠道:ID|--society 学会名称 --out FILE.docx|FILE.xlsx');
  });
});
