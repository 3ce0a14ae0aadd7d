// Whole process, real clock, two bot instances on one Redis: deadline reminders are derived by
// one instance at a time and each society gets its reminder exactly once. As in
// reminders-process.test.ts, the bots run on a copy of the guide whose online-submission deadline
// is a week and a few minutes away, with REMINDER_OFFSETS_DAYS=7 and REMINDER_TIME = now (China
// time), so the 7-day reminder is due at once — for both instances, started together.
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../../doubles/telegram-process.js';
import { removeTempDirs, sleep, telegramCopies, tempDir, tgSeeds, waitUntil } from './broadcast-process.js';
import { seedRedis, startCluster, type Cluster } from './redis-process.js';

const DAY = 86_400_000;
/** "YYYY-MM-DDTHH:MM" in China time. */
const china = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16);
const SEEDS = tgSeeds(40, 640_000);
const HEAD = '⏰ 还有7天截止：电子版申报书提交截止';

let cluster: Cluster;

beforeAll(async () => {
  // Near midnight China time the reminder's day and today differ: wait for the new day.
  while (china(Date.now() + 5 * 60_000).slice(0, 10) !== china(Date.now()).slice(0, 10)) await sleep(5_000);
  const now = Date.now();
  const deadline = `${china(now + 7 * DAY + 3 * 60_000)}:00+08:00`;
  const guideDir = tempDir('shenbao-guide-');
  const original = readFileSync(join(ROOT, 'rules/guides/jsast-2022.yaml'), 'utf8');
  const moved = original.replace('at: "2022-05-17T17:00:00+08:00"', `at: "${deadline}"`);
  expect(moved).not.toBe(original);
  writeFileSync(join(guideDir, 'guide.yaml'), moved);
  copyFileSync(join(ROOT, 'rules/guides/jsast-2022-guide.txt'), join(guideDir, 'jsast-2022-guide.txt'));

  cluster = await startCluster();
  await seedRedis(cluster.store, SEEDS);
  const env = { GUIDE_FILE: join(guideDir, 'guide.yaml'), REMINDER_OFFSETS_DAYS: '7', REMINDER_TIME: china(now).slice(11, 16) };
  await Promise.all([cluster.start(env), cluster.start(env)]);
}, 180_000);

afterAll(async () => {
  await cluster?.close();
  removeTempDirs();
});

describe('reminders with two instances on one Redis', () => {
  it('each society gets its reminder exactly once', { timeout: 150_000 }, async () => {
    const { tg } = cluster;
    await waitUntil(() => SEEDS.every((s) => telegramCopies(tg, HEAD).has(s.chatId)), 'a reminder in every society', 90_000, 200);
    // Both instances pass again every minute; nothing more may come.
    await sleep(65_000);
    const copies = telegramCopies(tg, HEAD);
    expect(copies.size).toBe(SEEDS.length);
    expect([...copies.entries()].filter(([, n]) => n !== 1)).toEqual([]);
    for (const s of SEEDS) expect(tg.sentLog(s.chatId), s.chatId).toHaveLength(1);
  });
});
