// Whole process: chats that can no longer be reached (Telegram 403 "bot was blocked by the
// user", Lark 230002 "bot not in the chat") are counted as inactive in the final report, marked
// inactive in the store and left out of the next broadcast's preview. Then the terminal route:
// `cli broadcast --dry-run` sends nothing; `cli broadcast --wait` is delivered by the running bot.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chatKey } from '../../src/chat-service.js';
import type { ChatState } from '../../handlers/state.js';
import {
  audit,
  BRAND,
  cli,
  larkCopies,
  larkSeeds,
  removeTempDirs,
  reportCounts,
  seedSocieties,
  sleep,
  STANDARD,
  startWorld,
  telegramCopies,
  TelegramUser,
  tgSeeds,
  waitUntil,
  withStore,
  type World,
} from './broadcast-process.js';

const STAFF = 9201;
// Six societies intending 标准制定 and six 品牌学术交流 on Telegram, four and four on Lark.
const TG = [...tgSeeds(6, 320_000, STANDARD), ...tgSeeds(6, 320_100, BRAND)];
const LK = [...larkSeeds(4, 'std'), ...larkSeeds(4, 'brand', BRAND)];
const TG_BLOCKED = ['320001', '320101', '320102'];
const LK_GONE = ['oc_std_00001', 'oc_brand_00002'];
const GONE = TG_BLOCKED.length + LK_GONE.length;
const TOTAL = TG.length + LK.length; // the staff member's own chat is not a society
const STANDARD_REACHABLE = [...TG.slice(0, 6), ...LK.slice(0, 4)].filter((s) => !TG_BLOCKED.includes(s.chatId) && !LK_GONE.includes(s.chatId));
const batch = Date.now().toString(36);

let world: World;

beforeAll(async () => {
  world = await startWorld({
    tg: { chaos: { chatFaults: Object.fromEntries(TG_BLOCKED.map((id) => [id, { status: 403 }])) } },
    lk: { chaos: { chatFaults: Object.fromEntries(LK_GONE.map((id) => [id, { status: 400, code: 230002, msg: 'Bot/User can NOT be out of the chat.' }])) } },
  });
  await seedSocieties(world.dataDir, [...TG, ...LK]);
  await world.start({ TELEGRAM_STAFF_IDS: String(STAFF) });
}, 120_000);

afterAll(async () => {
  await world?.bot?.stop().catch(() => undefined);
  await world?.close();
  removeTempDirs();
});

const notice = (text: string) => `📣 省科协通知\n${text}`;

describe('unreachable chats, and the CLI route', () => {
  it('403 and 230002 chats are counted inactive, marked in the store, and left out of the next preview', { timeout: 120_000 }, async () => {
    const { tg, lk } = world;
    const staff = new TelegramUser(tg, STAFF);
    const TEXT = `【失联测试】第一次通知 ${batch}`;
    await staff.say('/broadcast', /请发送要群发的通知内容/);
    await staff.say(TEXT, /发给哪些学会/);
    const preview = await staff.press('全部学会', /通知预览/);
    expect(preview).toContain(`收件学会：${TOTAL} 个`);
    expect(preview).not.toContain('已失联');
    const jobId = /任务 (\w+)/.exec(await staff.press('确认发送', /开始发送/))![1]!;
    const final = await staff.expectText(new RegExp(`群发完成（任务 ${jobId}）`), 0, 60_000);

    expect(reportCounts(final)).toEqual({ sent: TOTAL - GONE, inactive: GONE, failed: 0 });
    expect(final).not.toContain('失败的会话');
    // The unreachable ones were tried once each (a 403 is final) and got nothing; everyone else got it once.
    const tgCopies = telegramCopies(tg, notice(TEXT));
    const lkCopies = larkCopies(lk, notice(TEXT));
    for (const id of TG_BLOCKED) {
      expect(tgCopies.has(id)).toBe(false);
      expect(tg.calls.filter((c) => c.method === 'sendMessage' && String(c.params['chat_id']) === id).map((c) => c.status)).toEqual([403]);
    }
    for (const id of LK_GONE) {
      expect(lkCopies.has(id)).toBe(false);
      expect(lk.calls.filter((c) => c.path === '/open-apis/im/v1/messages' && c.body['receive_id'] === id).map((c) => c.status)).toEqual([400]);
    }
    expect(tgCopies.size + lkCopies.size).toBe(TOTAL - GONE);
    expect([...tgCopies.values(), ...lkCopies.values()].every((n) => n === 1)).toBe(true);

    // Marked inactive in the store (read beside the running bot), the others not.
    const inactive = await withStore(world.dataDir, async (store) => {
      const out: string[] = [];
      for (const s of [...TG, ...LK]) if ((await store.get<ChatState>(chatKey(s.channel, s.chatId)))?.inactive) out.push(s.chatId);
      return out;
    });
    expect(inactive.sort()).toEqual([...TG_BLOCKED, ...LK_GONE].sort());

    // A second broadcast's preview leaves them out and says so; cancelled, it sends nothing.
    const SECOND = `【失联测试】第二次通知 ${batch}`;
    await staff.say('/broadcast', /请发送要群发的通知内容/);
    await staff.say(SECOND, /发给哪些学会/);
    const second = await staff.press('全部学会', /通知预览/);
    expect(second).toContain(`收件学会：${TOTAL - GONE} 个（另有 ${GONE} 个已失联，不发送）`);
    await staff.press('取消', /已取消群发/);
    await sleep(2_500);
    expect(telegramCopies(tg, notice(SECOND)).size + larkCopies(lk, notice(SECOND)).size).toBe(0);

    // /stats agrees.
    expect(await staff.say('/stats', /已登记学会/)).toContain(`已失联：${GONE} 个`);
  });

  it('cli broadcast: --dry-run only counts; --wait is delivered by the running bot and reports the counts', { timeout: 180_000 }, async () => {
    const { tg, lk } = world;
    const DRY = `【命令行测试】试运行 ${batch}`;
    const dry = await cli(world.dataDir, ['broadcast', '--audience', 'intended:standard', '--text', DRY, '--dry-run', '--json']);
    expect(dry.code, dry.stderr).toBe(0);
    const dryRun = JSON.parse(dry.stdout);
    // Each chat here is a society of its own: as many societies as chats, and on a dry run the list of who receives it.
    expect(dryRun).toMatchObject({
      audience: 'intended:standard',
      societies: STANDARD_REACHABLE.length,
      chats: STANDARD_REACHABLE.length,
      inactive: 2,
      dryRun: true,
      job: null,
    });
    expect(dryRun.recipients).toHaveLength(STANDARD_REACHABLE.length);
    await sleep(3_000); // a few worker passes: nothing was queued
    expect(telegramCopies(tg, DRY).size + larkCopies(lk, DRY).size).toBe(0);

    const REAL = `【命令行测试】正式通知 ${batch}`;
    const real = await cli(world.dataDir, ['broadcast', '--audience', 'intended:standard', '--text', REAL, '--wait', '--json']);
    expect(real.code, real.stderr).toBe(0);
    const result = JSON.parse(real.stdout) as { recipients: number; inactive: number; job: string; counts: Record<string, number>; failed: string[] };
    expect(result).toMatchObject({ audience: 'intended:standard', recipients: STANDARD_REACHABLE.length, inactive: 2, dryRun: false });
    expect(result.counts).toEqual({ sent: STANDARD_REACHABLE.length, inactive: 0, failed: 0 });
    expect(result.failed).toEqual([]);
    // Exactly the reachable 标准制定 societies got it, once each; nobody else.
    const got = new Map([...telegramCopies(tg, notice(REAL)), ...larkCopies(lk, notice(REAL))]);
    expect([...got.keys()].sort()).toEqual(STANDARD_REACHABLE.map((s) => s.chatId).sort());
    expect([...got.values()].every((n) => n === 1)).toBe(true);
    // Delivered by the bot process (the CLI has no channel configured): its log says it finished the job.
    await waitUntil(() => world.bot!.output().includes(result.job), 'the bot to log the CLI job', 10_000);
    const line = world
      .bot!.output()
      .split('\n')
      .find((l) => l.includes(result.job) && l.includes('delivery finished'));
    expect(line).toBeDefined();

    // The audit log has all three staff actions: who, what, the audience and the counts.
    const entries = await audit(world.dataDir);
    const chat = entries.find((e) => e.action === 'broadcast' && e.who === `telegram:${STAFF}`);
    expect(chat).toMatchObject({ audience: 'all', recipients: TOTAL, inactive: 0 });
    const dryEntry = entries.find((e) => e.action === 'broadcast:dry-run');
    expect(dryEntry).toMatchObject({ audience: 'intended:standard', recipients: STANDARD_REACHABLE.length, inactive: 2 });
    expect(String(dryEntry!.who)).toMatch(/^console:cli:/);
    expect(entries.find((e) => e.action === 'broadcast' && e.job === result.job)).toMatchObject({
      audience: 'intended:standard',
      audienceText: '打算申报“标准制定”的学会',
      recipients: STANDARD_REACHABLE.length,
      inactive: 2,
    });
  });
});
