/**
 * Hostile and odd roster files through the CLI's own entry on a real SQLite store and real files:
 * a sparse XLSX (cells at A1, XFD1 and A1048576), a zip bomb, /dev/zero and a FIFO are each refused
 * with one line and exit 2; a GBK CSV is read as GB18030; names with invisible format characters
 * are one society.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { loadGuideFile } from '../../src/guide-file.js';
import { readTable } from '../../src/roster/read-table-off-thread.js';
import { listSocieties } from '../../src/roster/societies.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'shenbao-roster-limits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
async function cli(args: string[], dataDir = join(dir, `data-${++n}`)) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    readStdin: async () => '',
    env: { DATA_DIR: dataDir, USER: 'tester' },
  });
  return { code, stdout, stderr, dataDir };
}
function file(name: string, content: string | Buffer) {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}
const oneLine = (s: string) => s.split('\n').filter(Boolean).length === 1;

async function sparseXlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('名单');
  sheet.getCell('A1').value = '学会名称';
  sheet.getCell('XFD1').value = 'x';
  sheet.getCell('A1048576').value = '江苏省营养学会';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A valid workbook plus one entry of 300 MB of spaces, deflated to a few hundred KB. */
async function zipBomb(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('名单').addRow(['学会名称']);
  const zip = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
  zip.file('xl/media/pad.bin', Buffer.alloc(300 * 1024 * 1024, 32));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
}

describe('roster files that are not what they seem', () => {
  it('refuses a sparse XLSX (A1, XFD1, A1048576) by its extent, with one line, in little memory', async () => {
    const bytes = await sparseXlsx();
    expect(bytes.length).toBeLessThan(10_000);
    const r = await cli(['roster', 'import', file('sparse.xlsx', bytes)]);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toBe(true);
    expect(r.stderr).toMatch(/表格太大：第一个工作表用到第 1048576 行/);
  }, 60_000);

  it('refuses a zip bomb before unpacking it, and the bot process is not the one that pays', async () => {
    const bytes = await zipBomb();
    expect(bytes.length).toBeLessThan(1024 * 1024);
    const before = process.memoryUsage().rss;
    await expect(readTable(bytes)).rejects.toThrow(/解压后超过 40 MB/);
    // The parse ran in a worker: this thread's memory did not take the 300 MB.
    expect(process.memoryUsage().rss - before).toBeLessThan(150 * 1024 * 1024);
    const r = await cli(['roster', 'import', file('bomb.xlsx', bytes)]);
    expect(r.code).toBe(2);
    expect(oneLine(r.stderr)).toBe(true);
  }, 60_000);

  it('refuses /dev/zero and a FIFO with one line (stat says 0 bytes; they are never read to the end)', async () => {
    for (const args of [
      ['roster', 'import', '/dev/zero'],
      ['guide', 'check', '/dev/zero'],
    ]) {
      const r = await cli(args);
      expect(r.code).toBe(2);
      expect(oneLine(r.stderr)).toBe(true);
      expect(r.stderr).toContain('不是普通文件');
    }
    // The bot's GUIDE_FILE too (its start turns this into one line and exit 2).
    expect(() => loadGuideFile('/dev/zero')).toThrow(/不是普通文件/);
    const fifo = join(dir, 'roster.fifo');
    execFileSync('mkfifo', [fifo]);
    const r = await cli(['roster', 'import', fifo]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('不是普通文件');
  }, 30_000);

  it('refuses more rows than the cap with a line naming the cap', async () => {
    const rows = ['学会名称'];
    for (let i = 0; i < 10_050; i++) rows.push(`学会${i}`);
    const r = await cli(['roster', 'import', file('many.csv', rows.join('\n'))]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/超过 10000 行/);
  }, 60_000);

  it('reads a GBK CSV with ASCII headers as GB18030, and says so', async () => {
    const gbk = new Map([
      ['江苏省营养学会', 'bdadcbd5caa1d3aad1f8d1a7bbe1'],
      ['江苏省药学会', 'bdadcbd5caa1d2a9d1a7bbe1'],
    ]);
    const bytes = Buffer.concat([
      Buffer.from('name,evaluationGrade\n'),
      ...[...gbk.values()].map((hex, i) => Buffer.concat([Buffer.from(hex, 'hex'), Buffer.from(`,${'AB'[i]}\n`)])),
    ]);
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    const table = await readTable(bytes);
    expect(table.rows.map((r) => r.cells[0])).toEqual([...gbk.keys()]);
    expect(table.notes?.[0]).toContain('GB18030');
    const r = await cli(['roster', 'import', file('gbk.csv', bytes), '--json']);
    expect(r.code).toBe(0);
    const store = await openSqliteStore(r.dataDir);
    try {
      expect((await listSocieties(store)).map((s) => s.name).sort()).toEqual([...gbk.keys()].sort());
    } finally {
      await store.close();
    }
  }, 60_000);

  it('refuses bytes that are neither UTF-8 nor GB18030 with an encoding message', async () => {
    const r = await cli(['roster', 'import', file('bad.csv', Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x0a, 0x81, 0x20, 0xff, 0x0a]))]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('文件编码无法识别');
  });

  it('makes one society of names that differ only by zero-width, word-joiner, bidi or full-width forms', async () => {
    const names = ['江苏省营养学会', '江苏省\u200b营养学会', '江苏省营养\u2060学会', '\u202e江苏省营养学会', '江苏省营养学会\ufeff'];
    const first = await cli(['roster', 'import', file('zw1.csv', `name\n${names[0]}\n`)]);
    expect(first.code).toBe(0);
    for (const [i, name] of names.slice(1).entries()) {
      const r = await cli(['roster', 'import', file(`zw${i + 2}.csv`, `name,evaluationGrade\n${name},A\n`), '--json'], first.dataDir);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).imported).toBe(0);
    }
    // Within one file they are duplicates of each other.
    const same = await cli(['roster', 'import', file('zw-all.csv', `name\n${names.join('\n')}\n`), '--json']);
    expect(JSON.parse(same.stdout).imported).toBe(1);
    const store = await openSqliteStore(first.dataDir);
    try {
      const list = await listSocieties(store);
      expect(list.map((s) => s.name)).toEqual(['江苏省营养学会']);
    } finally {
      await store.close();
    }
  }, 60_000);
});
