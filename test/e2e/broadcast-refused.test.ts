// Whole process: staff commands tried by people who are not staff — in a Telegram DM, in a
// Telegram group (addressed to the bot), in a Lark p2p chat and a Lark group, and by staff ids
// removed from TELEGRAM_STAFF_IDS / LARK_STAFF_OPEN_IDS at a restart. Each is refused politely in
// Chinese and recorded in the audit log, and no society receives anything.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  audit,
  larkSay,
  larkSeeds,
  removeTempDirs,
  seedSocieties,
  sleep,
  startWorld,
  TelegramUser,
  tgSeeds,
  type AuditRecord,
  type World,
} from './broadcast-process.js';

const REFUSAL = /抱歉，这个命令只有省科协项目工作人员可以使用/;
const TG = tgSeeds(5, 330_000);
const LK = larkSeeds(5, 'refused');
const STAFF_KEPT = 9301;
const STAFF_REMOVED = 9302;
const LARK_STAFF_KEPT = 'ou_staff_kept';
const LARK_STAFF_REMOVED = 'ou_staff_removed';
const GROUP = -1001234567890;

let world: World;

beforeAll(async () => {
  world = await startWorld();
  await seedSocieties(world.dataDir, [...TG, ...LK]);
  await world.start({ TELEGRAM_STAFF_IDS: `${STAFF_KEPT},${STAFF_REMOVED}`, LARK_STAFF_OPEN_IDS: `${LARK_STAFF_KEPT},${LARK_STAFF_REMOVED}` });
}, 120_000);

afterAll(async () => {
  await world?.bot?.stop().catch(() => undefined);
  await world?.close();
  removeTempDirs();
});

const refusals = (entries: AuditRecord[], command = '/broadcast') => entries.filter((e) => e.action === `refused:${command}`);

describe('staff commands from non-staff', () => {
  it('are refused in Chinese, audited, and send nothing: DM, group, Lark, and staff removed at a restart', { timeout: 180_000 }, async () => {
    const { tg, lk } = world;

    // A society's member in a Telegram DM: the command, the command with the notice, and /stats.
    const member = new TelegramUser(tg, 5555);
    await member.say('/broadcast', REFUSAL);
    await member.say('/broadcast 明天开会，请全部学会参加', REFUSAL);
    await member.say('/stats', REFUSAL);
    // Someone in a Telegram group, addressing the bot.
    const grouped = new TelegramUser(tg, GROUP, 5556);
    await grouped.say('/broadcast@shenbao_test_bot', REFUSAL);
    // Lark: a p2p chat and a group (@-mentioning the bot).
    await larkSay(world, { chatId: 'oc_member_dm', openId: 'ou_member', text: '/broadcast' }, REFUSAL);
    await larkSay(world, { chatId: 'oc_member_group', openId: 'ou_member_2', text: '/broadcast 通知', group: true }, REFUSAL);

    // Two staff members who are about to be removed: still staff now (the dialogue starts).
    const leaving = new TelegramUser(tg, STAFF_REMOVED);
    await leaving.say('/broadcast', /请发送要群发的通知内容/);
    await leaving.say('【不应发出】离任前起草的通知', /发给哪些学会/);
    expect(await leaving.press('全部学会', /通知预览/)).toContain('收件学会：');
    await larkSay(world, { chatId: 'oc_staff_removed', openId: LARK_STAFF_REMOVED, text: '/broadcast' }, /请发送要群发的通知内容/);

    // Restart without them.
    expect(await world.bot!.stop()).toBe(0);
    await world.start({ TELEGRAM_STAFF_IDS: String(STAFF_KEPT), LARK_STAFF_OPEN_IDS: LARK_STAFF_KEPT });

    // The confirmation of the draft made while still staff is refused (and audited) and sends nothing…
    await leaving.press('确认发送', REFUSAL);
    // …and a new attempt is refused, on both channels. The remaining staff still may.
    await leaving.say('/broadcast', REFUSAL);
    await larkSay(world, { chatId: 'oc_staff_removed', openId: LARK_STAFF_REMOVED, text: '/broadcast' }, REFUSAL);
    const kept = new TelegramUser(tg, STAFF_KEPT);
    await kept.say('/stats', /已登记学会/);

    // Nothing reached any society, and no delivery job was made.
    await sleep(3_000);
    for (const s of TG) expect(tg.sentLog(s.chatId), `Telegram ${s.chatId}`).toEqual([]);
    for (const s of LK) expect(lk.messages(s.chatId), `Lark ${s.chatId}`).toEqual([]);
    expect(world.outputs()).not.toContain('delivery finished');

    // The audit log has each attempt, with the user, the channel and whether it was in a group.
    const entries = await audit(world.dataDir);
    expect(entries.filter((e) => e.action === 'broadcast' || e.action === 'broadcast:dry-run')).toEqual([]);
    const refused = refusals(entries).map((e) => ({ channel: e.channel, userId: e.userId, chatId: e.chatId, group: e.group }));
    // 5555 tried /broadcast twice within ten minutes: refusals are audited once per user and command in that time.
    expect(refused).toEqual([
      { channel: 'telegram', userId: '5555', chatId: '5555', group: false },
      { channel: 'telegram', userId: '5556', chatId: String(GROUP), group: true },
      { channel: 'lark', userId: 'ou_member', chatId: 'oc_member_dm', group: false },
      { channel: 'lark', userId: 'ou_member_2', chatId: 'oc_member_group', group: true },
      { channel: 'telegram', userId: String(STAFF_REMOVED), chatId: String(STAFF_REMOVED), group: false },
      { channel: 'lark', userId: LARK_STAFF_REMOVED, chatId: 'oc_staff_removed', group: false },
    ]);
    expect(entries.some((e) => e.action === 'refused:broadcast:confirm' && e.userId === String(STAFF_REMOVED))).toBe(true);
    expect(refusals(entries, '/stats').map((e) => e.userId)).toEqual(['5555']);
    for (const e of refusals(entries)) expect(typeof e.at).toBe('number');
  });
});
