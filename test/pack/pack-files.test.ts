/**
 * The printable pack read back: the DOCX unzipped (word/document.xml) and the XLSX opened with
 * exceljs, for a roster society whose two chats plan different projects and whose checklist has
 * one item done and one not applicable.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checklistItems } from '../../handlers/checklist.js';
import { newState } from '../../handlers/state.js';
import { packDocx } from '../../src/pack/pack-docx.js';
import { fileSafe, packFiles } from '../../src/pack/pack-files.js';
import { MAX_CHAT_FILE_BYTES, PackService } from '../../src/pack/pack-service.js';
import { chatTarget, readPack, societyTarget } from '../../src/pack/pack-source.js';
import { packXlsx } from '../../src/pack/pack-xlsx.js';
import type { Pack } from '../../src/pack/pack.js';
import type { Society } from '../../src/roster/societies.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import type { Store } from '../../src/store/store.js';
import { chatState, DONE, exchange, guide, LARK_CHAT, NA, NOW, readDocx, seedSociety, SOCIETY, standard } from './fixture.js';

let store: Store;
let society: Society;
let pack: Pack;

beforeAll(async () => {
  store = createMemoryStore();
  society = await seedSociety(store);
  pack = await readPack(store, guide, await societyTarget(store, guide, society, NOW), { nowMs: NOW });
});
afterAll(() => store.close());

describe('the pack', () => {
  it("covers the projects every chat of the society plans, in the guide's order, with the shared checklist", async () => {
    expect(pack.society).toBe(SOCIETY);
    expect(pack.projects.map((p) => p.id)).toEqual(['brand_exchange', 'standard']);
    // From either chat: the same society, the same projects, the same states.
    const fromLark = await readPack(store, guide, await chatTarget(store, guide, LARK_CHAT, (await store.get(`chat:${LARK_CHAT}`))!, NOW), { nowMs: NOW });
    expect(fromLark.projects.map((p) => p.id)).toEqual(['brand_exchange', 'standard']);
    expect(fromLark.projects.flatMap((p) => p.items.map((i) => i.state))).toEqual(pack.projects.flatMap((p) => p.items.map((i) => i.state)));
    const std = pack.projects.find((p) => p.id === 'standard')!;
    expect(std.items).toHaveLength(standard.length);
    expect(std.items.find((i) => i.id === DONE.id)).toMatchObject({
      state: 'done',
      glyph: '☑',
      stateLabel: '已完成',
      by: 'Telegram 7',
      when: '2022-05-08 14:30',
    });
    expect(pack.projects.find((p) => p.id === 'brand_exchange')!.counts).toEqual({ todo: exchange.length - 1, done: 0, na: 1 });
    // One row per deadline; the online system's close is shared by both projects, 7 days ahead.
    const online = pack.deadlines.find((d) => d.id === 'application-online')!;
    expect(online).toMatchObject({ at: '2022-05-17T17:00:00+08:00', daysLeft: 7, status: '还剩7天', clause: '五（二）' });
    expect(online.projects.sort()).toEqual(['brand_exchange', 'standard']);
    expect(pack.deadlines.at(-1)!.at).toBeNull();
  });

  it('leaves out a linked chat that has since joined another society', async () => {
    const moved = { ...society, chats: [...society.chats, 'telegram:55'] };
    await chatState(store, 'telegram:55', ['salon'], 'another-society');
    expect((await societyTarget(store, guide, moved, NOW)).projects).toEqual(['brand_exchange', 'standard']);
  });

  it('DOCX: title, A4, a deadline table with days left, each project with every item, its checkbox, state and clause, address and contacts', async () => {
    const { xml, paragraphs, rows } = await readDocx(await packDocx(pack));
    expect(paragraphs[0]).toBe(`${SOCIETY}申报材料清单`);
    expect(paragraphs[1]).toContain('生成日期：2022年5月10日');
    expect(xml).toMatch(/<w:pgSz w:w="11906" w:h="16838"/);
    // Table headers repeat on every printed page.
    expect(xml.match(/<w:tblHeader\/>/g)?.length).toBe(3);

    expect(rows[0]).toEqual(['截止时间', '事项', '涉及项目', '剩余', '条款']);
    expect(rows).toContainEqual(['2022-05-17 17:00', '电子版申报书提交截止（系统关闭）', '品牌学术交流、标准制定', '还剩7天', '五（二）']);
    expect(rows.some((r) => r[3] === '时间另行通知')).toBe(true);

    expect(paragraphs).toContain(`1. 品牌学术交流（${guide.project('brand_exchange').clause}）`);
    expect(paragraphs).toContain(`2. 标准制定（${guide.project('standard').clause}）`);
    expect(paragraphs).toContain(`已完成 1 项，待办 ${standard.length - 1} 项，不适用 0 项。`);
    const itemRows = rows.filter((r) => r.length === 6 && r[0] !== '勾选');
    expect(itemRows).toHaveLength(standard.length + exchange.length);
    // In order: 品牌学术交流's items, then 标准制定's; each with its checkbox, phase, words, state, who/when and clause.
    [...exchange, ...standard].forEach((item, i) => {
      const who = item === DONE ? 'Telegram 7\n2022-05-08 14:30' : item === NA ? '李四\n2022-05-08 14:30' : '';
      const [glyph, state] = item === DONE ? ['☑', '已完成'] : item === NA ? ['—', '不适用'] : ['☐', '待办'];
      expect(itemRows[i], item.text).toEqual([glyph, item.phase === 'application' ? '申报' : '结题', item.text, state, who, item.clause]);
    });

    const address = guide.data.contacts.paperAddress;
    expect(paragraphs).toContain(`纸质材料报送地址（${address.clause}）`);
    expect(paragraphs).toContain(address.text);
    for (const p of guide.data.contacts.people) expect(paragraphs.some((line) => line.includes(p.name) && line.includes(p.phone))).toBe(true);
  });

  it('XLSX: a sheet of items (project, phase, item, state, who, when, clause) and one of deadlines, A4 landscape', async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await packXlsx(pack)) as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['材料清单', '截止时间']);
    const values = (sheet: ExcelJS.Worksheet) =>
      sheet.getSheetValues().flatMap((row) => (Array.isArray(row) ? [row.slice(1).map((v) => (v === undefined || v === null ? '' : v))] : []));
    const [head, ...items] = values(book.getWorksheet('材料清单')!);
    expect(head).toEqual(['勾选', '项目', '阶段', '材料', '状态', '经办人', '时间', '条款']);
    expect(items).toHaveLength(standard.length + exchange.length);
    expect(items).toContainEqual(['☑', '标准制定', '申报', DONE.text, '已完成', 'Telegram 7', '2022-05-08 14:30', DONE.clause]);
    expect(items).toContainEqual(['—', '品牌学术交流', '结题', NA.text, '不适用', '李四', '2022-05-08 14:30', NA.clause]);
    const todo = standard.find((i) => i !== DONE)!;
    expect(items).toContainEqual(['☐', '标准制定', todo.phase === 'application' ? '申报' : '结题', todo.text, '待办', '', '', todo.clause]);
    expect(book.getWorksheet('材料清单')!.pageSetup).toMatchObject({ paperSize: 9, orientation: 'landscape', fitToWidth: 1 });

    const [dHead, ...deadlines] = values(book.getWorksheet('截止时间')!);
    expect(dHead).toEqual(['截止时间', '事项', '涉及项目', '剩余天数', '剩余', '条款']);
    expect(deadlines).toContainEqual(['2022-05-17 17:00', '电子版申报书提交截止（系统关闭）', '品牌学术交流、标准制定', 7, '还剩7天', '五（二）']);
    expect(deadlines.at(-1)![0]).toBe('时间另行通知');
  });

  it('a chat that joined no society: its own plans and the name it gave; a chat with no plan gets no pack', async () => {
    const lone = createMemoryStore();
    const state = newState(NOW);
    state.name = '江苏省某某学会';
    state.profile.intended = ['salon'];
    const target = await chatTarget(lone, guide, 'telegram:9', state, NOW);
    expect(target).toMatchObject({ societyKey: 'telegram:9', name: '江苏省某某学会', projects: ['salon'] });
    const service = new PackService(lone, guide);
    const msg = { channel: 'telegram' as const, chatId: '9', userId: '9' };
    const built = await service.build({ msg, state, lang: 'zh-CN', nowMs: NOW });
    expect(built.kind).toBe('files');
    if (built.kind === 'files') expect(built.files.map((f) => f.name)).toEqual(['江苏省某某学会申报材料清单.docx', '江苏省某某学会申报材料清单.xlsx']);
    expect(await service.build({ msg, state: newState(NOW), lang: 'zh-CN', nowMs: NOW })).toEqual({ kind: 'none' });
    // Over the size a chat message may carry: said, not sent.
    expect(await new PackService(lone, guide, 1000).build({ msg, state, lang: 'zh-CN', nowMs: NOW })).toEqual({ kind: 'tooLarge' });
    await lone.close();
  });

  it('all 20 projects stay far below the size a chat file may have, and file names are safe', async () => {
    const all = await readPack(store, guide, { societyKey: society.id, name: SOCIETY, projects: [...guide.projectIds], eventDates: {} }, { nowMs: NOW });
    const files = await packFiles(all);
    const bytes = files.map((f) => Buffer.from(f.content, 'base64').length);
    for (const n of bytes) expect(n).toBeLessThan(MAX_CHAT_FILE_BYTES / 10);
    const rows = (await readDocx(Buffer.from(files[0]!.content, 'base64'))).rows.filter((r) => r.length === 6 && r[0] !== '勾选');
    expect(rows).toHaveLength(guide.projectIds.reduce((n, id) => n + checklistItems(guide, id).length, 0));
    expect(fileSafe('../a/b:c*?"<>|\u0000 学会')).toBe('abc 学会');
    expect(fileSafe('   ')).toBe('checklist');
  });
});
