/**
 * Roster import through the CLI's own entry (runCli) on a real SQLite store: CSV and XLSX, Chinese
 * labels and field names as headers, empty cells, bad values, duplicates, a 5 MB file, --dry-run.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { listSocieties } from '../../src/roster/societies.js';

const dir = mkdtempSync(join(tmpdir(), 'shenbao-roster-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let n = 0;
async function cli(args: string[], dataDir: string) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
    readStdin: async () => '',
    env: { DATA_DIR: dataDir, USER: 'tester' },
  });
  return { code, stdout, stderr };
}
const freshData = () => join(dir, `data-${++n}`);
function file(name: string, content: string | Buffer) {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}
async function societies(dataDir: string) {
  const store = await openSqliteStore(dataDir);
  try {
    return await listSocieties(store);
  } finally {
    await store.close();
  }
}

describe('roster import', () => {
  it('reads a CSV with Chinese labels (BOM), keeps empty cells unknown, rejects bad rows with row/field/reason', async () => {
    const data = freshData();
    const csv = file(
      'zh.csv',
      '\uFEFF学会名称,综合能力评价等级,社会组织评估等级,年检,不良记录,单位类型,医学专家人数,往年项目\n' +
        '江苏省营养学会,B,4A,合格,无,省级学会,12,2021年标准制定\n' +
        '江苏省化学化工学会,E,5,是,,省级学会,,\n' +
        '江苏省计算机学会,A,,,,,,\n' +
        '江苏省营养学会,A,,,,,,\n' +
        ',,,,,,,\n' +
        '江苏省药学会,C,7,,,,-3,2021:nonsense\n',
    );
    const r = await cli(['roster', 'import', csv, '--json'], data);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.imported).toBe(2);
    expect(out.updated).toBe(0);
    expect(out.rejected).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 3, field: 'evaluationGrade' }),
        expect.objectContaining({ row: 5, field: 'name' }),
        expect.objectContaining({ row: 7, field: 'assessmentLevel' }),
        expect.objectContaining({ row: 7, field: 'medicalExperts' }),
        expect.objectContaining({ row: 7, field: 'priorProjects' }),
      ]),
    );
    expect(out.rejected.find((e: { row: number }) => e.row === 5).message).toContain('第 2 行重复');
    const list = await societies(data);
    const nutrition = list.find((s) => s.name === '江苏省营养学会')!;
    expect(nutrition.facts).toEqual({
      evaluationGrade: 'B',
      assessmentLevel: 4,
      annualInspectionPassed: true,
      integrityIssues: false,
      orgType: 'society',
      medicalExperts: 12,
      priorProjects: [{ year: 2021, project: 'standard' }],
    });
    expect(nutrition.sources.evaluationGrade).toMatchObject({ text: '省科协名单', from: 'roster' });
    // An empty cell is unknown: nothing is stored for it.
    const computing = list.find((s) => s.name === '江苏省计算机学会')!;
    expect(computing.facts).toEqual({ evaluationGrade: 'A' });
    expect(new Set(list.map((s) => s.code)).size).toBe(2);
    expect(list.every((s) => /^[A-Z2-9]{12}$/.test(s.code))).toBe(true);
  });

  it('reads field names as headers, and a second import updates, with --dry-run writing nothing', async () => {
    const data = freshData();
    const first = file('fields.csv', 'name,evaluationGrade,annualInspectionPassed,cnJournal\n省声学学会,C,true,false\n省光学学会,none,false,true\n');
    expect((await cli(['roster', 'import', first], data)).code).toBe(0);
    const second = file('fields2.csv', 'name,evaluationGrade\n省声学学会,B\n省光学学会,none\n省新学会,A\n');
    const dry = await cli(['roster', 'import', second, '--dry-run', '--json'], data);
    const plan = JSON.parse(dry.stdout);
    expect(plan).toMatchObject({ imported: 1, updated: 1, unchanged: 1, dryRun: true });
    expect(plan.changes).toEqual(
      expect.arrayContaining([{ name: '省声学学会', kind: 'update', fields: [{ field: 'evaluationGrade', before: 'C', after: 'B' }] }]),
    );
    expect((await societies(data)).map((s) => s.name).sort()).toEqual(['省光学学会', '省声学学会']);
    const text = await cli(['roster', 'import', second, '--dry-run'], data);
    expect(text.stdout).toContain('试运行');
    expect(text.stdout).toContain('新增 省新学会');
    const real = JSON.parse((await cli(['roster', 'import', second, '--json'], data)).stdout);
    expect(real).toMatchObject({ imported: 1, updated: 1, unchanged: 1 });
    const acoustics = (await societies(data)).find((s) => s.name === '省声学学会')!;
    expect(acoustics.facts).toEqual({ evaluationGrade: 'B', annualInspectionPassed: true, cnJournal: false });
  });

  it('reads XLSX, with numbers and booleans as cells', async () => {
    const data = freshData();
    const wb = new ExcelJS.Workbook();
    const sheet = wb.addWorksheet('名单');
    sheet.addRow(['学会名称', '上一年度（2021年）学会综合能力评价等级', '评估等级', '专职人员', '医学专家']);
    sheet.addRow(['省医学会', 'A', 5, true, 30]);
    sheet.addRow(['省护理学会', 'b', 3, false, null]);
    sheet.addRow(['省坏学会', 'A', 9, 'maybe', 1]);
    const path = file('r.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    const r = await cli(['roster', 'import', path, '--json'], data);
    const out = JSON.parse(r.stdout);
    expect(out.imported).toBe(2);
    expect(out.rejected).toEqual([expect.objectContaining({ row: 4, field: 'assessmentLevel' }), expect.objectContaining({ row: 4, field: 'fullTimeStaff' })]);
    const list = await societies(data);
    expect(list.find((s) => s.name === '省医学会')!.facts).toEqual({ evaluationGrade: 'A', assessmentLevel: 5, fullTimeStaff: true, medicalExperts: 30 });
    expect(list.find((s) => s.name === '省护理学会')!.facts).toEqual({ evaluationGrade: 'B', assessmentLevel: 3, fullTimeStaff: false });
  });

  it('imports a 5 MB CSV', async () => {
    const data = freshData();
    const rows = ['学会名称,综合能力评价等级,年检,备注'];
    let size = 0;
    for (let i = 0; size < 5 * 1024 * 1024; i++) {
      const line = `江苏省第${i}学会,${'ABCD'[i % 4]},合格,${'说明'.repeat(250)}`;
      rows.push(line);
      size += Buffer.byteLength(line) + 1;
    }
    const path = file('big.csv', rows.join('\n'));
    const r = await cli(['roster', 'import', path, '--json'], data);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.imported).toBe(rows.length - 1);
    expect(out.rejected).toEqual([]);
    expect(out.ignoredColumns).toEqual(['备注']);
    expect((await societies(data)).length).toBe(rows.length - 1);
  }, 120_000);

  it('refuses a file without a name column, an unreadable file, and a binary file, with exit 2 and one line', async () => {
    const data = freshData();
    const noName = await cli(['roster', 'import', file('noname.csv', 'grade,年检\nA,合格\n')], data);
    expect(noName.code).toBe(2);
    expect(noName.stderr).toMatch(/^错误：.*没有学会名称列.*\n$/);
    const missing = await cli(['roster', 'import', join(dir, 'nope.csv')], data);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('ENOENT');
    const binary = await cli(['roster', 'import', file('bin.dat', Buffer.from([0, 1, 2, 3, 0, 255]))], data);
    expect(binary.code).toBe(2);
    expect(binary.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('lists codes with deep links, revokes a code, exports XLSX and CSV that read back', async () => {
    const data = freshData();
    expect((await cli(['roster', 'import', file('l.csv', 'name,evaluationGrade\n甲学会,A\n"=HYPERLINK(""x"")",B\n')], data)).code).toBe(0);
    const store = await openSqliteStore(data);
    await store.set('meta:telegram:username', 'shenbao_bot');
    await store.close();
    const list = JSON.parse((await cli(['roster', 'list', '--json'], data)).stdout);
    expect(list).toHaveLength(2);
    const jia = list.find((s: { name: string }) => s.name === '甲学会');
    expect(jia.links.telegram).toBe(`https://t.me/shenbao_bot?start=${jia.code}`);
    expect(jia.chats).toBe(0);
    const revoked = JSON.parse((await cli(['roster', 'revoke', '甲学会', '--json'], data)).stdout);
    expect(revoked.revoked).toBe(jia.code);
    expect(revoked.code).not.toBe(jia.code);

    const xlsx = join(dir, 'out.xlsx');
    expect((await cli(['roster', 'export', '--out', xlsx], data)).code).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx);
    const sheet = wb.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).text).toBe('学会名称');
    const names = [2, 3].map((r) => sheet.getRow(r).getCell(1).text).sort();
    expect(names).toEqual(['=HYPERLINK("x")', '甲学会'].sort());
    const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    expect(header).toContain('判定：标准制定');

    const csv = join(dir, 'out.csv');
    expect((await cli(['roster', 'export', '--out', csv], data)).code).toBe(0);
    const text = (await import('node:fs')).readFileSync(csv, 'utf8');
    expect(text.startsWith('\uFEFF学会名称,')).toBe(true);
    expect(text).toContain(`'=HYPERLINK`);
    const bad = await cli(['roster', 'export', '--out', join(dir, 'x.pdf')], data);
    expect(bad.code).toBe(2);
  });
});
