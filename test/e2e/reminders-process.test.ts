// Whole process, real clock: deadline reminders on both channels. The 2022 guide's dates are
// long past, so the bot gets a copy of it (GUIDE_FILE) whose online-submission deadline is a week
// and a few minutes from now, with REMINDER_OFFSETS_DAYS=7 and REMINDER_TIME = the current China
// time: the 7-day reminder is due at once. Each society gets it exactly once — naming the
// deadline, the evidence to prepare and how to submit — and a restart sends nothing again.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  larkCopies,
  larkSeeds,
  removeTempDirs,
  seedSocieties,
  sleep,
  startWorld,
  tempDir,
  telegramCopies,
  tgSeeds,
  waitUntil,
  type Seed,
  type World,
} from './broadcast-process.js';
import { ROOT } from '../../doubles/telegram-process.js';

const DAY = 86_400_000;
/** "YYYY-MM-DDTHH:MM" in China time. */
const china = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16);

const ON = [...tgSeeds(2, 340_000), ...larkSeeds(2, 'remind')];
const OFF: Seed[] = [
  { channel: 'telegram', chatId: '340100', extra: { reminders: false } }, // turned them off
  { channel: 'lark', chatId: 'oc_remind_gone', extra: { inactive: true } }, // unreachable
  { channel: 'telegram', chatId: '340101', profile: { orgType: 'society', intended: ['salon'] } }, // no dated deadline ahead (科学沙龙 is not in the online submission)
];
const LATE_JOINER: Seed = { channel: 'telegram', chatId: '340200' };

let world: World;
let env: Record<string, string>;
let deadline: string;

beforeAll(async () => {
  // Near midnight China time the reminder's day and today differ: wait for the new day.
  while (china(Date.now() + 5 * 60_000).slice(0, 10) !== china(Date.now()).slice(0, 10)) await sleep(5_000);
  const now = Date.now();
  deadline = `${china(now + 7 * DAY + 3 * 60_000)}:00+08:00`;
  const guideDir = tempDir('shenbao-guide-');
  const original = readFileSync(join(ROOT, 'rules/guides/jsast-2022.yaml'), 'utf8');
  const moved = original.replace('at: "2022-05-17T17:00:00+08:00"', `at: "${deadline}"`);
  expect(moved).not.toBe(original);
  writeFileSync(join(guideDir, 'guide.yaml'), moved);
  copyFileSync(join(ROOT, 'rules/guides/jsast-2022-guide.txt'), join(guideDir, 'jsast-2022-guide.txt'));

  world = await startWorld();
  await seedSocieties(world.dataDir, [...ON, ...OFF]);
  env = { GUIDE_FILE: join(guideDir, 'guide.yaml'), REMINDER_OFFSETS_DAYS: '7', REMINDER_TIME: china(now).slice(11, 16) };
  await world.start(env);
}, 120_000);

afterAll(async () => {
  await world?.bot?.stop().catch(() => undefined);
  await world?.close();
  removeTempDirs();
});

const HEAD = '⏰ 还有7天截止：电子版申报书提交截止';
const copies = () => new Map([...telegramCopies(world.tg, HEAD), ...larkCopies(world.lk, HEAD)]);

describe('deadline reminders, whole process, real clock', () => {
  it('each society due a reminder gets exactly one, naming the deadline, the evidence and the route; none again after a restart', {
    timeout: 150_000,
  }, async () => {
    const { tg, lk } = world;
    await waitUntil(() => ON.every((s) => copies().has(s.chatId)), 'a reminder in every society that is due one', 60_000, 200);
    await sleep(3_000);

    const when = deadline.slice(0, 16).replace('T', ' ');
    for (const s of ON) {
      const texts = s.channel === 'telegram' ? tg.sentPlain(s.chatId) : lk.messages(s.chatId).map((m) => String(m.content?.text ?? JSON.stringify(m.content)));
      expect(texts, `${s.channel} ${s.chatId}`).toHaveLength(1);
      const text = texts[0]!;
      expect(text).toContain(`${HEAD}（系统关闭）（${when}）`); // what is due, and when
      expect(text).toContain('项目：标准制定');
      expect(text).toContain('全国团体标准信息平台立项截图'); // the evidence to have ready
      expect(text).toContain('纸质版《申报书》一份');
      expect(text).toMatch(/提交方式：登录江苏学会网项目管理系统（www\.jsxhw\.org\/basic\/#\/index）/); // where and how
      expect(text).toContain('南京市建邺区梦都大街50号');
      expect(text).toContain('/remind off');
      expect(text).not.toContain('补发');
    }
    for (const s of OFF) expect(copies().has(s.chatId), `${s.channel} ${s.chatId}`).toBe(false);
    expect([...copies().values()].every((n) => n === 1)).toBe(true);

    // Restart (a society joined meanwhile, so the new process's pass is seen to run): nothing is
    // sent twice; only the newcomer gets its reminder.
    expect(await world.bot!.stop()).toBe(0);
    await seedSocieties(world.dataDir, [LATE_JOINER]);
    await world.start(env);
    await waitUntil(() => copies().has(LATE_JOINER.chatId), 'the newcomer’s reminder after the restart', 60_000, 200);
    await sleep(5_000);
    expect(copies().size).toBe(ON.length + 1);
    expect([...copies().values()].every((n) => n === 1)).toBe(true);
    for (const s of [...ON, LATE_JOINER].filter((x) => x.channel === 'telegram')) expect(tg.sentLog(s.chatId)).toHaveLength(1);
    for (const s of ON.filter((x) => x.channel === 'lark')) expect(lk.messages(s.chatId)).toHaveLength(1);
  });
});
