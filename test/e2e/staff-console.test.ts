/**
 * Whole process, in a real headless Chromium: `npm start` against the Telegram Bot API double, a
 * roster imported by the CLI, societies joining by `/start CODE`, then a staff member who signs in
 * by the link `/web` gave, sees the societies, filters them, sends a notice to an audience and
 * watches it complete, imports a roster with a bad row, and downloads the XLSX export.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTelegramDouble, type TelegramDouble } from '../../doubles/telegram-api.js';
import { freePort, killAll, ROOT, settle, startBot, TOKEN, type BotProcess } from '../../doubles/telegram-process.js';

const LONG = 120_000;
const STAFF = 9001;
const NUTRITION = 7201; // 江苏省营养学会's secretary
const NUTRITION_DEPUTY = 7202;
const CHEMISTRY = 7203; // 江苏省化学化工学会
const UNNAMED = 7204; // a chat that joined no society
let tg: TelegramDouble;
let dataDir: string;
let bot: BotProcess;
let browser: Browser;
let page: Page;
let base: string;
const codes: Record<string, string> = {};

function cli(args: string[]) {
  const r = spawnSync('npm', ['run', '-s', 'cli', '--', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, PUBLIC_URL: base },
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (r.status !== 0) throw new Error(`cli ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

async function say(chat: number, text: string, name?: string): Promise<string> {
  const before = tg.sentLog(chat).length;
  tg.userMessage(chat, text, name ? { id: chat, is_bot: false, first_name: name } : undefined);
  await settle(tg, chat, before);
  return tg.sentPlain(chat).slice(before).join('\n');
}

beforeAll(async () => {
  tg = await startTelegramDouble({ token: TOKEN, maxPollSeconds: 1 });
  dataDir = mkdtempSync(join(tmpdir(), 'shenbao-staff-e2e-'));
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  const roster = join(dataDir, 'roster.csv');
  writeFileSync(
    roster,
    '\uFEFF学会名称,综合能力评价等级,社会组织评估等级,年检,不良记录,单位类型,专职人员\n' +
      '江苏省营养学会,A,5,合格,无,省级学会,是\n' +
      '江苏省化学化工学会,C,3,合格,无,省级学会,\n' +
      '江苏省<script>alert(1)</script>学会,B,,,,,\n',
  );
  cli(['roster', 'import', roster]);
  for (const s of JSON.parse(cli(['roster', 'list', '--json'])) as Array<{ name: string; code: string }>) codes[s.name] = s.code;
  bot = await startBot({
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: tg.url,
    DATA_DIR: dataDir,
    PORT: String(port),
    PUBLIC_URL: base,
    TELEGRAM_STAFF_IDS: String(STAFF),
  });
  if (!existsSync('/usr/bin/chromium')) throw new Error('Debian chromium is missing: apt-get install -y chromium (.ci/run does this)');
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--headless', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  page = await (await browser.newContext({ acceptDownloads: true })).newPage();
}, LONG);

afterAll(async () => {
  await browser?.close();
  await bot?.stop().catch(() => null);
  killAll();
  await tg?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('staff console e2e (real Chromium)', () => {
  it('an invited chat opens the deep link, is greeted by name and answered from roster facts without being asked them', { timeout: LONG }, async () => {
    expect(cli(['roster', 'list'])).toContain(`https://t.me/shenbao_test_bot?start=${codes['江苏省营养学会']}`);
    const greeting = await say(NUTRITION, `/start ${codes['江苏省营养学会']}`);
    expect(greeting).toContain('您好，江苏省营养学会！');
    expect(greeting).toContain('A等');
    expect(greeting).toContain('5A级');
    expect(greeting).not.toMatch(/综合能力评价等级是？|评价等级是什么/);
    const answer = await say(NUTRITION, '我们能报一流学会建设吗？');
    // A personal verdict from the roster's grade and level, which the chat never typed.
    expect(answer).toMatch(/按你们的档案.{0,2}你们是A等、5A级/);
    expect(answer).toMatch(/✅ 可以/);
    expect(await say(NUTRITION_DEPUTY, `/join ${codes['江苏省营养学会']}`)).toContain('江苏省营养学会');
    expect(await say(CHEMISTRY, `/start ${codes['江苏省化学化工学会']}`)).toContain('您好，江苏省化学化工学会！');
  });

  it('two chats of one society each say part of the story: both chats, the list row, the society page, the tiles and a dry run show one society with both parts', {
    timeout: LONG,
  }, async () => {
    // The secretary states the plan, the deputy a fact: each chat's /profile has both.
    await say(NUTRITION, '我们打算报标准制定和科技评估');
    await say(NUTRITION_DEPUTY, '我们主办的期刊有CN刊号', '副秘书长');
    for (const chat of [NUTRITION, NUTRITION_DEPUTY]) {
      const profile = await say(chat, '/profile');
      expect(profile).toMatch(/打算申报：标准制定、科技评估/);
      expect(profile).toMatch(/是否主办有CN刊号[^\n]*：主办有CN刊号的期刊/);
    }
    expect(await say(NUTRITION, '/profile')).toMatch(/CN刊号[^\n]*（副秘书长( User)?的会话：“我们主办的期刊有CN刊号”，2\d{3}年\d+月\d+日）/);
    // A dry run from the CLI: one society, both its chats listed.
    const dry = JSON.parse(cli(['broadcast', '--audience', 'intended:standard', '--text', '试运行', '--dry-run', '--json']));
    expect(dry).toMatchObject({ societies: 1, chats: 2 });
    expect(dry.recipients).toEqual([{ society: '江苏省营养学会', chats: expect.arrayContaining([`telegram:${NUTRITION}`, `telegram:${NUTRITION_DEPUTY}`]) }]);
    // Roster societies no chat joined are named as unreachable when the audience includes them.
    const all = JSON.parse(cli(['broadcast', '--audience', 'grade:B', '--text', '试运行', '--dry-run', '--json']));
    expect(all.unreachable.map((u: { society: string }) => u.society)).toContain('江苏省<script>alert(1)</script>学会');
  });

  it('signs in by the /web link; a used link opens nothing', { timeout: LONG }, async () => {
    expect(await say(CHEMISTRY, '/web')).toContain('只有省科协项目工作人员');
    const reply = await say(STAFF, '/web');
    const link = /(http:\/\/127\.0\.0\.1:\d+\/staff\/login\?t=[A-Za-z0-9_-]+)/.exec(reply)?.[1];
    expect(link).toBeTruthy();
    await page.goto(link!);
    expect(page.url()).toBe(`${base}/staff/societies`);
    const cookies = await page.context().cookies();
    expect(cookies.find((c) => c.name === 'shenbao_staff')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    // The same link again, in a fresh browser context: refused, no society data.
    const other = await browser.newContext();
    const p2 = await other.newPage();
    const r = await p2.goto(link!);
    expect(r!.status()).toBe(403);
    expect(await p2.content()).not.toContain('营养学会');
    await other.close();
  });

  it('sees the imported societies, by name, escaped, with channels and grades; filters and searches', { timeout: LONG }, async () => {
    await page.goto(`${base}/staff/societies`);
    const rows = page.locator('#societies tbody tr');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(3);
    const text = await page.locator('#societies').innerText();
    expect(text).toContain('江苏省营养学会');
    expect(text).toContain('江苏省<script>alert(1)</script>学会'); // shown as text, not run
    expect(text).toMatch(/江苏省营养学会\s+Telegram\s+A等\s+5A级/);
    // One row for the society of two chats: the secretary's plan with a verdict per project, the deputy's fact on its page.
    const row = await rows.filter({ hasText: '江苏省营养学会' }).innerText();
    expect(row).toMatch(/[✅❌❓]标准制定\s+[✅❌❓]科技评估/);
    expect(row).toMatch(/\d+ 天|今天|—/);
    await page.goto(`${base}/staff/overview`);
    const tiles = await page.locator('#tiles').innerText();
    expect(tiles).toMatch(/2\/3\s*已接入/);
    expect(tiles).toMatch(/1\s*已有申报计划/);
    await page.click('#tiles a:has-text("已有申报计划")');
    expect(await page.locator('#societies tbody tr').allInnerTexts()).toEqual([expect.stringContaining('江苏省营养学会')]);
    await page.goto(`${base}/staff/societies`);
    // Filter by audience: grade C.
    await page.selectOption('#kind', 'grade');
    await page.selectOption('#grade', 'C');
    await page.click('form.filters button[type=submit]');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(1);
    expect(await rows.first().innerText()).toContain('江苏省化学化工学会');
    // Search by name, and the roster societies nobody opened the bot for.
    await page.goto(`${base}/staff/societies?q=${encodeURIComponent('营养')}`);
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(1);
    await page.goto(`${base}/staff/societies?kind=unjoined`);
    expect(await page.locator('#societies tbody').innerText()).toContain('<script>');
    await expect.poll(() => rows.count(), { timeout: 10_000 }).toBe(1);
    // Sorting by grade, descending: C before A.
    await page.goto(`${base}/staff/societies?sort=grade&dir=desc`);
    const names = await page.locator('#societies tbody tr td:first-child').allInnerTexts();
    expect(names.indexOf('江苏省化学化工学会')).toBeLessThan(names.indexOf('江苏省营养学会'));
    // One society: provenance of roster facts.
    await page.click('text=江苏省营养学会');
    const society = await page.locator('main').innerText();
    expect(society).toContain('省科协名单');
    expect(society).toMatch(/主办有CN刊号的期刊\s+副秘书长( User)?的会话所说：“我们主办的期刊有CN刊号”/);
    expect(society).toMatch(/打算申报\s+标准制定、科技评估/);
    expect(society).toContain('一流学会建设');
  });

  it('sends a notice to an audience and watches it complete against the Telegram double', { timeout: LONG }, async () => {
    await page.goto(`${base}/staff/broadcasts`);
    await page.fill('textarea[name=text]', '请于5月17日前提交<b>电子版</b>申报书');
    await page.selectOption('#kind', 'grade');
    await page.selectOption('#grade', 'A');
    await expect.poll(() => page.locator('#live-count').innerText(), { timeout: 10_000 }).toBe('1'); // one society…
    await page.click('form.card button[type=submit]');
    expect(await page.locator('#preview-count').innerText()).toBe('1');
    expect(await page.locator('#preview-chats').innerText()).toBe('2'); // …the secretary and the deputy
    expect(await page.locator('#preview-list').innerText()).toMatch(new RegExp(`江苏省营养学会\\s+Telegram (${NUTRITION}|${NUTRITION_DEPUTY})、Telegram`));
    expect(await page.locator('#preview-text').innerText()).toContain('<b>电子版</b>');
    const before = tg.sentLog(NUTRITION).length;
    await page.click('#confirm');
    await page.waitForURL(/\/staff\/broadcast\?id=/);
    await expect.poll(() => page.locator('#progress').getAttribute('data-status'), { timeout: 30_000 }).toBe('done');
    const recipients = await page.locator('#recipients tbody').innerText();
    expect(recipients).toContain('江苏省营养学会');
    expect(recipients.match(/已送达/g)).toHaveLength(2);
    expect(tg.sentPlain(NUTRITION).slice(before).join('\n')).toContain('请于5月17日前提交<b>电子版</b>申报书');
    expect(tg.sentPlain(CHEMISTRY).join('\n')).not.toContain('电子版');
    await page.goto(`${base}/staff/broadcasts`);
    expect(await page.locator('main table').innerText()).toContain('已完成');

    // To everyone, with one society's bot blocked (403) and an unnamed chat that cannot be reached (400).
    expect(await say(UNNAMED, '你好')).toBeTruthy();
    tg.setChaos({ chatFaults: { [String(CHEMISTRY)]: { status: 403 }, [String(UNNAMED)]: { status: 400, description: 'Bad Request: chat not found' } } });
    await page.fill('textarea[name=text]', '第二次通知');
    await page.selectOption('#kind', 'all');
    await expect.poll(() => page.locator('#live-count').innerText(), { timeout: 10_000 }).toBe('3'); // 3 societies, 4 chats
    await page.click('form.card button[type=submit]');
    await page.click('#confirm');
    await page.waitForURL(/\/staff\/broadcast\?id=/);
    await expect.poll(() => page.locator('#progress').getAttribute('data-status'), { timeout: 30_000 }).toBe('done');
    tg.setChaos(undefined);
    const states = await page.locator('#recipients tbody tr').allInnerTexts();
    expect(states.find((r) => r.includes('江苏省化学化工学会'))).toContain('已失联');
    expect(states.find((r) => r.includes(`telegram:${UNNAMED}`))).toMatch(/（未具名）.*失败.*chat not found/s);
    expect(states.filter((r) => r.includes('已送达'))).toHaveLength(2);
    expect(await page.locator('#progress').innerText()).toContain('已送达 2，已失联 1，失败 1');
  });

  it('imports a roster with a bad row: preview names row, field and reason; apply stores the good rows', { timeout: LONG }, async () => {
    await page.goto(`${base}/staff/import`);
    await page.setInputFiles('input[type=file]', {
      name: '名单.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from('name,evaluationGrade,assessmentLevel\n江苏省声学学会,B,4\n江苏省光学学会,Q,2\n江苏省营养学会,A,5\n'),
    });
    await page.click('form.card button[type=submit]');
    expect(await page.locator('#summary').innerText()).toMatch(/新增\s*1\s*个学会，更新\s*0\s*个，未变 1 个，拒收\s*1\s*行/);
    expect(await page.locator('main').innerText()).toContain('名单.csv'); // a Chinese filename, decoded as UTF-8
    const rejected = await page.locator('#rejected').innerText();
    expect(rejected).toMatch(/3\s+综合能力评价等级\s+.*"Q"/);
    await page.click('#apply');
    expect(await page.locator('#done').innerText()).toContain('新增 1 个学会');
    await page.goto(`${base}/staff/societies`);
    expect(await page.locator('#societies').innerText()).toContain('江苏省声学学会');
    expect(await page.locator('#societies').innerText()).not.toContain('江苏省光学学会');
  });

  it('downloads the XLSX export and reads it back; the overview draws the plots; the audit log names what happened', { timeout: LONG }, async () => {
    await page.goto(`${base}/staff/societies`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a[href="/staff/export.xlsx"]')]);
    const path = join(dataDir, 'export.xlsx');
    await download.saveAs(path);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    const sheet = wb.worksheets[0]!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1).map(String);
    expect(header.slice(0, 3)).toEqual(['学会名称', 'id', '在名单中']);
    const rows = Array.from({ length: sheet.rowCount - 1 }, (_, i) => sheet.getRow(i + 2));
    const nutrition = rows.find((r) => r.getCell(1).text === '江苏省营养学会')!;
    expect(nutrition).toBeTruthy();
    expect(nutrition.getCell(header.indexOf('综合能力评价等级') + 1).text).toBe('A');
    expect(nutrition.getCell(header.indexOf('判定：一流学会建设') + 1).text).toMatch(/可以申报|待确认|不符合/);
    expect(rows.map((r) => r.getCell(1).text)).toContain('江苏省声学学会');

    await page.goto(`${base}/staff/overview`);
    expect(await page.locator('svg').count()).toBe(2);
    expect(await page.locator('svg rect').count()).toBeGreaterThan(20);
    await page.goto(`${base}/staff/audit`);
    const audit = await page.locator('#audit').innerText();
    for (const action of ['登录控制台', '拒绝访问', '群发通知', '导入名单', '导出', '学会接入']) expect(audit).toContain(action);
    expect(audit).toContain('江苏省营养学会');

    // Signing out ends the session: the same cookie opens nothing any more.
    await page.click('header button');
    const r = await page.goto(`${base}/staff/societies`);
    expect(page.url()).toContain('/staff/signin');
    expect(await r!.text()).not.toContain('营养学会');
  });
});
