/**
 * Round trips of the roster on a real SQLite store: grades read leniently (AAAA, 四A, B等, b),
 * contact columns kept, the export (XLSX, numbers as numbers, pinyin order, an id column)
 * re-imported as an update of the same societies, never as new "（未具名 …）" societies.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newState } from '../../handlers/state.js';
import { loadGuideFile } from '../../src/guide-file.js';
import { exportTable, toXlsx } from '../../src/roster/export.js';
import { applyImport, planImport } from '../../src/roster/import.js';
import { societyViews } from '../../src/roster/overview.js';
import { parseTable } from '../../src/roster/read-table.js';
import { findByName, listSocieties } from '../../src/roster/societies.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/store.js';

const dir = mkdtempSync(join(tmpdir(), 'shenbao-roundtrip-'));
const guide = loadGuideFile();
const now = Date.parse('2022-05-10T10:00:00+08:00');
let store: Store;

beforeAll(async () => {
  store = await openSqliteStore(dir);
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('roster round trips', () => {
  it('reads AAAA and 四A as 4A, B等 and b as B, keeps contact columns, and skips an unnamed chat row', async () => {
    const plan = planImport(
      {
        headers: ['学会名称', '社会组织评估等级', '综合能力评价等级', '联系人', '联系电话', '备注'],
        rows: [
          { row: 2, cells: ['江苏省乙学会', 'AAAA', 'B等', '王老师', '025-1234', 'x'] },
          { row: 3, cells: ['江苏省甲学会', '四A', 'b', '', '', ''] },
          { row: 4, cells: ['江苏省安全学会', 'AAAAA级', 'B级', '', '', ''] },
          { row: 5, cells: ['（未具名 Telegram 7301）', '', '', '', '', ''] },
        ],
      },
      guide,
    );
    expect(plan.rows.map((r) => r.facts)).toEqual([
      { assessmentLevel: 4, evaluationGrade: 'B' },
      { assessmentLevel: 4, evaluationGrade: 'B' },
      { assessmentLevel: 5, evaluationGrade: 'B' },
    ]);
    expect(plan.rejected).toEqual([{ row: 5, field: 'name', message: expect.stringContaining('未加入名单的会话') }]);
    expect(plan.ignoredColumns).toEqual(['备注']);
    expect(await applyImport(store, plan, { nowMs: now, dryRun: false })).toMatchObject({ imported: 3 });
    expect((await findByName(store, '江苏省乙学会'))!.contact).toEqual({ 联系人: '王老师', 联系电话: '025-1234' });
  });

  it('exports numbers as numbers in pinyin order with an id, and the export re-imports as an update of the same societies', async () => {
    // A chat in no roster society: listed in the export, never made a roster society by re-importing it.
    await store.set('chat:telegram:7301', { ...newState(now), profile: { evaluationGrade: 'C' }, stage: 'done' });
    const table = exportTable(guide, await societyViews(store, guide, now));
    expect(table.rows.map((r) => r[0])).toEqual(['江苏省安全学会', '江苏省甲学会', '江苏省乙学会', '（未具名 Telegram 7301）']);
    const bytes = await toXlsx(table);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
    const sheet = wb.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    expect(typeof sheet.getRow(2).getCell(header.indexOf('社会组织评估等级') + 1).value).toBe('number');
    expect(typeof sheet.getRow(2).getCell(header.indexOf('已接入会话') + 1).value).toBe('number');

    const before = await listSocieties(store);
    const again = planImport(await parseTable(bytes), guide);
    const result = await applyImport(store, again, { nowMs: now + 1, dryRun: false });
    expect(result).toMatchObject({ imported: 0 });
    expect(result.rejected.map((r) => r.row)).toEqual([5]);
    const after = await listSocieties(store);
    expect(after.map((s) => s.id).sort()).toEqual(before.map((s) => s.id).sort());
    expect(after.some((s) => s.name.startsWith('（未具名'))).toBe(false);
  });
});
