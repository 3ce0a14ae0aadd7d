/**
 * /export in chat, end to end: the DOCX, the XLSX and the .ics arrive as Telegram documents (Bot API
 * double) and as Lark files (open API double), and are saved under DATA_DIR/exports on the console.
 * A chat with no plan is told what to do first, and gets no file.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { pino } from 'pino';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Conversation } from '../../handlers/conversation.js';
import { startLarkDouble, type LarkDouble } from '../../doubles/lark-api.js';
import { messageEvent } from '../../doubles/lark-events.js';
import { runConsole } from '../../src/channels/console.js';
import { ChatService } from '../../src/chat-service.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { SECRETS, startHarness, type Harness } from '../channels/lark-harness.js';
import { startTgHarness, until, type TgHarness } from '../channels/telegram-harness.js';
import { DONE, guide, readDocx, seedSociety, SOCIETY } from './fixture.js';

const NAMES = [`${SOCIETY}申报材料清单.docx`, `${SOCIETY}申报材料清单.xlsx`, 'shenbao-deadlines.ics'];

async function checkFiles(files: Array<{ name: string; content: Buffer }>) {
  expect(files.map((f) => f.name)).toEqual(NAMES);
  const docx = await readDocx(files[0]!.content);
  expect(docx.paragraphs[0]).toBe(`${SOCIETY}申报材料清单`);
  expect(docx.rows.find((r) => r[2] === DONE.text)?.slice(0, 4)).toEqual(['☑', '申报', DONE.text, '已完成']);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(files[1]!.content as unknown as ArrayBuffer);
  expect(book.getWorksheet('材料清单')!.rowCount).toBeGreaterThan(5);
  expect(files[2]!.content.toString('utf8')).toContain('BEGIN:VCALENDAR');
}

describe('/export on Telegram', () => {
  let h: TgHarness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it("sends the society's DOCX, XLSX and .ics as documents, the first with the caption", async () => {
    const store = createMemoryStore();
    await seedSociety(store); // its Telegram chat is 101
    h = await startTgHarness({ store });
    h.tg.userMessage(101, '/export');
    await until(() => h!.tg.documents(101).length === 3, 'three documents');
    const docs = h.tg.documents(101);
    expect(docs[0]!.caption).toContain(`已生成${SOCIETY}的申报材料清单（品牌学术交流、标准制定）`);
    expect(docs.slice(1).every((d) => !d.caption)).toBe(true);
    await checkFiles(docs.map((d) => ({ name: d.filename, content: d.content })));
  });

  it('a chat with no plan is told to choose projects first; "导出清单" works like /export once it has one', async () => {
    h = await startTgHarness();
    const { tg } = h;
    tg.userMessage(202, '/export');
    await until(() => tg.sentPlain(202).some((t) => t.includes('还没有选定打算申报的项目')), 'the answer');
    expect(tg.documents(202)).toHaveLength(0);
    tg.userMessage(202, '我们想报标准制定');
    await until(() => tg.sentPlain(202).some((t) => t.includes('标准制定')), 'the plan echoed');
    tg.userMessage(202, '导出清单');
    await until(() => tg.documents(202).length === 3, 'three documents');
    expect(tg.documents(202)[0]!.caption).toContain('（标准制定）');
    expect(tg.documents(202).map((d) => d.filename)).toEqual(['贵会申报材料清单.docx', '贵会申报材料清单.xlsx', 'shenbao-deadlines.ics']);
  });
});

describe('/export on Lark', () => {
  let lk: LarkDouble;
  let h: Harness;
  afterAll(async () => {
    await h?.close();
    await lk?.close();
  });

  it('uploads the three files and sends each as a file message', async () => {
    lk = await startLarkDouble();
    h = await startHarness(lk);
    await seedSociety(h.deps.store); // its Lark chat is oc_pack
    const say = async (chatId: string, text: string, eventId: string) => {
      const ev = messageEvent({ eventId, chatId, chatType: 'p2p', openId: 'ou_user', text, token: SECRETS.verificationToken });
      lk.noteInbound(ev);
      await h.bot.dispatch(ev);
      await h.bot.idle();
    };
    await say('oc_pack', '/export', 'ev-export-1');
    expect(lk.uploads.map((u) => u.fileName)).toEqual(NAMES);
    await checkFiles(lk.uploads.map((u) => ({ name: u.fileName, content: u.content })));
    const sent = lk.messages('oc_pack');
    expect(sent.filter((m) => m.msgType === 'file').map((m) => m.content.file_key)).toEqual(lk.uploads.map((u) => u.fileKey));
    expect(sent.find((m) => m.msgType === 'text')?.content.text).toContain(`已生成${SOCIETY}的申报材料清单`);

    await say('oc_nothing', '/export', 'ev-export-2');
    expect(lk.uploads).toHaveLength(3);
    expect(lk.messages('oc_nothing').map((m) => m.content.text)).toEqual([expect.stringContaining('还没有选定打算申报的项目')]);
  });
});

describe('/export on the console', () => {
  it('saves the files under DATA_DIR/exports and prints their paths', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'shenbao-export-'));
    try {
      const store = await openSqliteStore(dataDir);
      const service = new ChatService(store, new Conversation(guide), {
        clock: () => Date.parse('2022-05-10T10:00:00+08:00'),
        logger: pino({ level: 'silent' }),
      });
      const input = new PassThrough();
      const output = new PassThrough();
      let out = '';
      output.setEncoding('utf8').on('data', (s: string) => (out += s));
      const done = runConsole(service, { input, output, dataDir, greet: false });
      input.end('/export\n想报标准制定\n/export\n');
      await done;
      expect(out).toContain('还没有选定打算申报的项目');
      const paths = NAMES.map((name) => join(dataDir, 'exports', name.replace(SOCIETY, '贵会')));
      for (const path of paths) expect(out).toContain(`📎 已保存：${path}`);
      const docx = await readDocx(readFileSync(paths[0]!));
      expect(docx.paragraphs[0]).toBe('贵会申报材料清单');
      expect(docx.rows).toContainEqual(['2022-05-17 17:00', '电子版申报书提交截止（系统关闭）', '标准制定', '还剩7天', '五（二）']);
      await store.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});

describe('asking for the pack in words', () => {
  it('"导出清单", "打印材料清单"… export; a question about the materials is still answered as a question', async () => {
    const store = createMemoryStore();
    const service = new ChatService(store, new Conversation(guide), {
      clock: () => Date.parse('2022-05-10T10:00:00+08:00'),
      logger: pino({ level: 'silent' }),
    });
    const say = (text: string) => service.handle({ channel: 'telegram', chatId: '303', userId: '303', text });
    await say('我们想报标准制定');
    for (const text of ['导出清单', '打印材料清单', '帮我导出一份申报材料清单', '请打印一下清单。']) {
      const replies = await say(text);
      expect(
        replies.map((r) => r.file?.name),
        text,
      ).toEqual(['贵会申报材料清单.docx', '贵会申报材料清单.xlsx', 'shenbao-deadlines.ics']);
      expect(replies[0]!.file!.encoding).toBe('base64');
    }
    for (const text of ['标准制定要交什么材料', '材料清单有哪些', '打印材料清单要几份？']) {
      const replies = await say(text);
      expect(
        replies.some((r) => r.file),
        text,
      ).toBe(false);
    }
    await store.close();
  });
});
