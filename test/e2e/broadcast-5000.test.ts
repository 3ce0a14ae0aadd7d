// Whole process, the heavy one: a staff member broadcasts, in chat, to 5,000 chats on both
// channels at once, with the platforms' caps enforced by the doubles and ~10% 429s and ~1% 5xx
// thrown in at random on the send endpoints (on Lark half of the 5xx come after the message was
// delivered). Everyone gets the notice exactly once; the live status message and the final
// report add up; the audit log has the broadcast. Takes a couple of minutes on two cores.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  audit,
  larkCopies,
  larkSeeds,
  removeTempDirs,
  reportCounts,
  seedSocieties,
  startWorld,
  telegramCopies,
  TelegramUser,
  tgSeeds,
  waitUntil,
  type World,
} from './broadcast-process.js';

const STAFF = 9001;
// 2,500 Telegram + 2,500 Lark societies: 5,000 chats. The staff member's own DM is not a society.
const TG = tgSeeds(2_500, 300_000);
const LK = larkSeeds(2_500, 'bulk');
const TOTAL = TG.length + LK.length;
const NOTICE = `【测试通知】2022年度项目结题材料请于11月30日前报送 (批次 ${Date.now().toString(36)})`;

let world: World;

beforeAll(async () => {
  world = await startWorld({
    tg: { chaos: { rate429: 0.1, rate5xx: 0.01, seed: 20220517 } },
    lk: { chaos: { rate429: 0.1, rate5xx: 0.01, after5xxShare: 0.5, seed: 20221130 } },
  });
  await seedSocieties(world.dataDir, [...TG, ...LK]);
  await world.start({ TELEGRAM_STAFF_IDS: String(STAFF) });
}, 120_000);

afterAll(async () => {
  await world?.bot?.stop().catch(() => undefined);
  await world?.close();
  removeTempDirs();
});

describe('a staff broadcast to 5,000 chats, caps enforced, faults injected', () => {
  it('delivers to everyone exactly once, with live progress, a final report that adds up, and an audit entry', { timeout: 420_000 }, async () => {
    const { tg, lk } = world;
    const staff = new TelegramUser(tg, STAFF);
    await staff.say('/broadcast', /请发送要群发的通知内容/);
    await staff.say(NOTICE, /发给哪些学会/);
    const preview = await staff.press('全部学会', /通知预览/);
    expect(preview).toContain(NOTICE);
    expect(preview).toContain(`收件学会：${TOTAL} 个`);
    expect(preview).not.toContain('已失联');

    const started = Date.now();
    const ack = await staff.press('确认发送', /开始发送/);
    expect(ack).toContain(`共 ${TOTAL} 个学会`);
    const jobId = /任务 (\w+)/.exec(ack)![1]!;

    // The status message, edited as it goes, until it becomes the final report.
    const isStatus = (t: string) => t.includes(`任务 ${jobId}`) && t.startsWith('📣 群发');
    const final = await waitUntil(() => tg.sentLog(STAFF).find((r) => isStatus(r.plain) && r.plain.includes('群发完成')), 'the final report', 400_000, 500);
    const seconds = (Date.now() - started) / 1000;
    const statusLog = tg.sentLog(STAFF).filter((r) => isStatus(r.plain));
    const progress = statusLog.filter((r) => r.plain.includes('群发进行中')).map((r) => Number(/已发送 (\d+)\//.exec(r.plain)![1]));
    const edits = statusLog.filter((r) => r.kind === 'edit');

    // ── the report ──
    expect(final.plain).toContain(`共 ${TOTAL} 个学会`);
    const counts = reportCounts(final.plain)!;
    expect(counts.sent + counts.inactive + counts.failed).toBe(TOTAL);
    expect(counts).toEqual({ sent: TOTAL, inactive: 0, failed: 0 });
    // "已发送 …/5000" edited in place as it went: several steps between 0 and all, never backwards.
    expect(progress.length).toBeGreaterThanOrEqual(5);
    expect(progress.every((n, i) => i === 0 || n >= progress[i - 1]!)).toBe(true);
    expect(progress.some((n) => n > 0 && n < TOTAL)).toBe(true);
    expect(statusLog.every((r) => r.plain.includes(`/${TOTAL}`) || r.plain.includes('群发完成'))).toBe(true);
    expect(edits.length).toBeGreaterThanOrEqual(progress.length - 1);
    expect(final.kind).toBe('edit'); // the status message itself became the report
    expect(new Set(edits.map((r) => r.messageId)).size).toBe(1);

    // ── the societies ──
    // The notice as sent (the staff chat also saw the text in the preview: not counted).
    const sent = `📣 省科协通知\n${NOTICE}`;
    const tgCopies = telegramCopies(tg, sent);
    const lkCopies = larkCopies(lk, sent);
    const tgMissing = TG.filter((s) => !tgCopies.has(s.chatId)).map((s) => s.chatId);
    const lkMissing = LK.filter((s) => !lkCopies.has(s.chatId)).map((s) => s.chatId);
    expect(tgMissing).toEqual([]);
    expect(lkMissing).toEqual([]);
    expect(tgCopies.get(String(STAFF))).toBeUndefined();
    // Telegram never delivers a message it answered with an error: exactly one each.
    expect([...tgCopies].filter(([, n]) => n !== 1)).toEqual([]);
    expect(tgCopies.size).toBe(TG.length);
    // Lark: one each, although some sends were answered 5xx after delivery and sent again.
    expect([...lkCopies].filter(([, n]) => n !== 1)).toEqual([]);
    expect(lkCopies.size).toBe(LK.length);

    // ── the faults really happened, and the caps held ──
    const tgSends = tg.calls.filter((c) => c.method === 'sendMessage');
    const tg429 = tgSends.filter((c) => c.chaos === '429').length;
    const tg5xx = tgSends.filter((c) => c.chaos === '5xx').length;
    const lkCreates = lk.calls.filter((c) => c.method === 'POST' && c.path === '/open-apis/im/v1/messages');
    const lk429 = lkCreates.filter((c) => c.chaos === '429').length;
    const lk5xx = lkCreates.filter((c) => c.chaos === '5xx').length;
    const lkAfter = lkCreates.filter((c) => c.chaos === '5xx-after').length;
    const floodRefused = tgSends.filter((c) => c.status === 429 && !c.chaos).length;
    const larkRefused = lkCreates.filter((c) => c.rateLimited && !c.chaos).length;
    expect(tg429 / tgSends.length).toBeGreaterThan(0.06);
    expect(tg5xx).toBeGreaterThan(0);
    expect(lk429 / lkCreates.length).toBeGreaterThan(0.06);
    expect(lk5xx + lkAfter).toBeGreaterThan(0);
    expect(lkAfter).toBeGreaterThan(0);
    expect(lk.duplicates.length).toBeGreaterThanOrEqual(1); // the resends after a lost answer, suppressed by uuid
    // Sends over the cap are refused by the doubles; the bot keeps (nearly) clear of them.
    expect(floodRefused).toBeLessThan(tgSends.length * 0.02);
    expect(larkRefused).toBeLessThan(lkCreates.length * 0.02);

    // ── the audit log ──
    const entries = await audit(world.dataDir);
    const entry = entries.find((e) => e.action === 'broadcast' && e.job === jobId);
    expect(entry).toMatchObject({ who: `telegram:${STAFF}`, audience: 'all', audienceText: '全部学会', recipients: TOTAL, inactive: 0 });
    expect(String(entry!.text)).toContain('测试通知');

    const rate = TOTAL / seconds;
    console.info(
      `[broadcast-5000] ${TOTAL} chats in ${seconds.toFixed(1)} s (${rate.toFixed(1)}/s; caps Telegram 30/s + Lark 50/s); ` +
        `Telegram sendMessage ${tgSends.length} (chaos 429 ${tg429}, 5xx ${tg5xx}, flood 429 ${floodRefused}); ` +
        `Lark create ${lkCreates.length} (chaos 429 ${lk429}, 5xx ${lk5xx}, 5xx after delivery ${lkAfter}, rate 429 ${larkRefused}, uuid duplicates ${lk.duplicates.length}); ` +
        `status edits ${edits.length}`,
    );
  });
});
