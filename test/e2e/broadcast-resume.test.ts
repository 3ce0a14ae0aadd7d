// Whole process: kill -9 in the middle of a broadcast, twice (once while Lark chats are being
// sent to, once while Telegram chats are), restarting on the same DATA_DIR each time. The outbox
// resumes: nobody is skipped, nobody on Lark gets a second copy (uuid), and on Telegram the only
// duplicates are sends that were in flight at a kill, each announced by a log line.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  larkCopies,
  larkSeeds,
  logLines,
  removeTempDirs,
  reportCounts,
  seedSocieties,
  sleep,
  startWorld,
  telegramCopies,
  TelegramUser,
  tgSeeds,
  waitUntil,
  type World,
} from './broadcast-process.js';

const STAFF = 9101;
const TG = tgSeeds(600, 310_000);
const LK = larkSeeds(600, 'resume');
const TOTAL = TG.length + LK.length; // the staff member's own chat is not a society
const NOTICE = `【续传测试】请核对学会档案 (批次 ${Date.now().toString(36)})`;
const SENT = `📣 省科协通知\n${NOTICE}`;
/** The worker's parallel sends per channel: the most that can be in flight at a kill. */
const CONCURRENCY = 16;

let world: World;
const env = { TELEGRAM_STAFF_IDS: String(STAFF) };

beforeAll(async () => {
  world = await startWorld();
  await seedSocieties(world.dataDir, [...TG, ...LK]);
  await world.start(env);
}, 120_000);

afterAll(async () => {
  await world?.bot?.stop().catch(() => undefined);
  await world?.close();
  removeTempDirs();
});

/** SIGKILL to the bot's whole process group; resolves once it is gone. */
async function kill9() {
  const bot = world.bot!;
  bot.kill();
  await waitUntil(() => !bot.alive(), 'the killed bot to exit', 10_000);
}

describe('kill -9 mid-broadcast, then restart', () => {
  it('resumes from the outbox: nobody skipped, no second copy on Lark, Telegram duplicates only from sends in flight, each logged', {
    timeout: 300_000,
  }, async () => {
    const { tg, lk } = world;
    const staff = new TelegramUser(tg, STAFF);
    await staff.say('/broadcast', /请发送要群发的通知内容/);
    await staff.say(NOTICE, /发给哪些学会/);
    expect(await staff.press('全部学会', /通知预览/)).toContain(`收件学会：${TOTAL} 个`);
    const ack = await staff.press('确认发送', /开始发送/);
    const jobId = /任务 (\w+)/.exec(ack)![1]!;

    const lkCount = () => larkCopies(lk, SENT).size;
    const tgCount = () => telegramCopies(tg, SENT).size;

    // Kill 1: some 200 Lark chats reached.
    await waitUntil(() => lkCount() >= 200, '200 Lark chats reached', 120_000, 20);
    await kill9();
    const atKill1 = { lark: lkCount(), telegram: tgCount() };
    expect(atKill1.lark).toBeLessThan(LK.length);
    await world.start(env);

    // Kill 2: some 150 more Telegram chats reached, while Telegram is still under way.
    await waitUntil(() => tgCount() >= atKill1.telegram + 150, '150 more Telegram chats reached', 180_000, 20);
    await kill9();
    const atKill2 = { lark: lkCount(), telegram: tgCount() };
    expect(atKill2.telegram).toBeLessThan(TG.length);
    await world.start(env);

    const isStatus = (t: string) => t.includes(`任务 ${jobId}`) && t.startsWith('📣 群发');
    const final = await waitUntil(
      () => tg.sentLog(STAFF).find((r) => isStatus(r.plain) && r.plain.includes('群发完成')),
      'the final report after the restarts',
      200_000,
      200,
    );
    await sleep(1_500); // nothing more should arrive

    // ── the report: everyone counted once ──
    expect(reportCounts(final.plain)).toEqual({ sent: TOTAL, inactive: 0, failed: 0 });
    // The status message started by the first process is the one the last one turned into the report.
    const statusIds = new Set(
      tg
        .sentLog(STAFF)
        .filter((r) => isStatus(r.plain))
        .map((r) => r.messageId),
    );
    expect(final.kind).toBe('edit');
    expect(statusIds.size).toBe(1);

    // ── nobody skipped ──
    const tgCopies = telegramCopies(tg, SENT);
    const lkCopies = larkCopies(lk, SENT);
    expect(TG.filter((s) => !tgCopies.has(s.chatId))).toEqual([]);
    expect(LK.filter((s) => !lkCopies.has(s.chatId))).toEqual([]);
    expect(tgCopies.has(String(STAFF))).toBe(false);

    // ── Lark: never a second copy ──
    expect([...lkCopies].filter(([, n]) => n > 1)).toEqual([]);

    // ── Telegram: duplicates only where a send was in flight at a kill, each one logged ──
    const resends = logLines(world.outputs()).filter((l) => String(l.msg).startsWith('resending a message that was in flight'));
    const resent = (channel: string) => resends.filter((l) => l.channel === channel).map((l) => String(l.chat));
    const twice = [...tgCopies].filter(([, n]) => n > 1).map(([chat]) => chat);
    expect([...tgCopies].filter(([, n]) => n > 2)).toEqual([]);
    for (const chat of twice) expect(resent('telegram'), `duplicate in Telegram chat ${chat} was not logged`).toContain(chat);
    expect(twice.length).toBeLessThanOrEqual(resent('telegram').length);
    // In flight at a kill: at most the worker's parallel sends per channel, per kill.
    expect(resent('telegram').length).toBeLessThanOrEqual(2 * CONCURRENCY);
    expect(resent('lark').length).toBeLessThanOrEqual(2 * CONCURRENCY);
    // The Lark resends reached the double and were answered from its uuid cache, not shown again.
    const larkResent = new Set(resent('lark'));
    const larkDupes = lk.duplicates.filter((c) => larkResent.has(String(c.body['receive_id'])));
    expect(larkDupes.length).toBe(lk.duplicates.length);

    console.info(
      `[broadcast-resume] ${TOTAL} chats; kill 1 at Lark ${atKill1.lark}/Telegram ${atKill1.telegram}, kill 2 at Lark ${atKill2.lark}/Telegram ${atKill2.telegram}; ` +
        `resent after restarts: Telegram ${resent('telegram').length} (duplicates shown: ${twice.length}), Lark ${resent('lark').length} (uuid duplicates suppressed: ${lk.duplicates.length})`,
    );
  });
});
