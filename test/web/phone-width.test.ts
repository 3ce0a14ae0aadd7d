/**
 * Every console page at 1366 px and on a 390 px phone, in real Chromium over real HTTP (a real
 * SQLite store with societies, two chats of one society, a plan, a disagreement and a roster
 * society no chat joined): no page is wider than the window. Screenshots are written to the
 * test's temp folder (kept when SCREENSHOTS_DIR is set) for a person to look at.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Conversation } from '../../handlers/conversation.js';
import { ChatService } from '../../src/chat-service.js';
import { HttpServer } from '../../src/http-server.js';
import { loadGuideFile } from '../../src/guide-file.js';
import { RosterService } from '../../src/roster/roster-service.js';
import { createSociety } from '../../src/roster/societies.js';
import { StaffService } from '../../src/staff-service.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { createSignInLink } from '../../src/web/auth.js';
import { mountStaffConsole } from '../../src/web/console.js';

const dir = mkdtempSync(join(tmpdir(), 'shenbao-phone-'));
const shots = process.env.SCREENSHOTS_DIR ?? join(dir, 'shots');
let store: Store;
let http: HttpServer;
let base: string;
let browser: Browser;
const now = Date.parse('2022-05-03T10:00:00+08:00');
let societyId = '';

const PAGES = ['/staff/societies', '/staff/overview', '/staff/broadcasts', '/staff/reminders', '/staff/import', '/staff/audit'];

beforeAll(async () => {
  store = await openSqliteStore(dir);
  const guide = loadGuideFile();
  const logger = pino({ level: 'silent' });
  const roster = new RosterService(store, { publicUrl: 'http://127.0.0.1', clock: () => now });
  const chats = new ChatService(store, new Conversation(guide), { clock: () => now, logger, roster });
  const society = await createSociety(store, {
    name: '江苏省营养学会（一个名字很长的学会，用来检验窄屏换行）',
    facts: { orgType: 'society', evaluationGrade: 'A', assessmentLevel: 5 },
    nowMs: now,
  });
  societyId = society.id;
  await createSociety(store, { name: '江苏省声学学会', facts: {}, nowMs: now, contact: { 联系人: '王老师', 电话: '025-12345678' } });
  const say = (chatId: string, userName: string, text: string) => chats.handle({ channel: 'telegram', chatId, userId: chatId, userName, text });
  await say('9101', '秘书长', `/start ${society.code}`);
  await say('9101', '秘书长', '我们打算报标准制定、科技评估、品牌学术交流和特色学术交流');
  await say('9102', '副秘书长', `/start ${society.code}`);
  await say('9102', '副秘书长', '我们主办的期刊有CN刊号');
  await say('9101', '秘书长', '/remind on');
  // The secretary says otherwise than the deputy: both kept, flagged to staff.
  await say('9101', '秘书长', '我们没有CN刊号的期刊');
  await chats.drain();
  http = new HttpServer(logger);
  mountStaffConsole(http, {
    store,
    guide,
    publicUrl: 'http://127.0.0.1',
    clock: () => now,
    staff: new StaffService(store, guide, () => now),
    logger,
    reminders: { offsetsDays: [7, 3, 1, 0], time: '09:10' },
    botUsername: async () => 'shenbao_test_bot',
  });
  base = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
  if (!existsSync('/usr/bin/chromium')) throw new Error('Debian chromium is missing: apt-get install -y chromium');
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--headless', '--disable-gpu', '--no-first-run'] });
  mkdirSync(shots, { recursive: true });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await http?.close();
  await store?.close();
  if (!process.env.SCREENSHOTS_DIR) rmSync(dir, { recursive: true, force: true });
});

describe('the console at 1366 px and on a 390 px phone', () => {
  for (const width of [1366, 390]) {
    it(`no page overflows at ${width} px`, { timeout: 60_000 }, async () => {
      const context = await browser.newContext({ viewport: { width, height: 800 } });
      const page = await context.newPage();
      const link = await createSignInLink(store, base, 'tester', now);
      await page.goto(`${base}${new URL(link).pathname}${new URL(link).search}`);
      for (const path of [...PAGES, `/staff/society?id=${encodeURIComponent(societyId)}`]) {
        await page.goto(`${base}${path}`);
        const wide = await page.evaluate(() => document.documentElement.scrollWidth);
        await page.screenshot({ path: join(shots, `${width}${path.replace(/[/?=&%]/g, '_')}.png`), fullPage: true });
        expect({ path, wide }).toEqual({ path, wide: expect.toSatisfy((w: number) => w <= width) });
      }
      await context.close();
    });
  }

  it('the society list shows the plan with verdicts, the conflict and a true reminder column', { timeout: 30_000 }, async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 800 } });
    const page = await context.newPage();
    const link = await createSignInLink(store, base, 'tester', now);
    await page.goto(`${base}${new URL(link).pathname}${new URL(link).search}`);
    await page.goto(`${base}/staff/societies`);
    const rows = await page.locator('#societies tbody tr').allInnerTexts();
    const nutrition = rows.find((r) => r.includes('江苏省营养学会'))!;
    expect(nutrition).toMatch(/[✅❌❓]标准制定/);
    expect(nutrition).toContain('⚠ 冲突'); // 品牌 and 特色 are not to be applied for together
    expect(nutrition).toContain('⚠ 说法不一：CN期刊');
    const reminder = (name: string) => page.locator('#societies tbody tr', { hasText: name }).locator('td[data-label="提醒"]').innerText();
    expect(await reminder('江苏省营养学会')).toBe('开');
    // No chat, no reminders: never "开".
    expect(await reminder('江苏省声学学会')).toBe('—');
    await page.click('text=江苏省营养学会');
    expect(await page.locator('main').innerText()).toMatch(/另有说法：主办有CN刊号的期刊，副秘书长的会话所说/);
    await page.goto(`${base}/staff/societies`);
    // A society no chat joined: unreachable, with the roster's contact columns.
    await page.click('text=江苏省声学学会');
    expect(await page.locator('main').innerText()).toMatch(/无法送达[\s\S]*名单联系方式：联系人：王老师；电话：025-12345678/);
    await page.goto(`${base}/staff/reminders`);
    expect(await page.locator('.deadline-group h2').count()).toBeGreaterThan(0);
    await context.close();
  });
});
