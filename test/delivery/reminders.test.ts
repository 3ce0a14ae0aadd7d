import { afterEach, describe, expect, it } from 'vitest';
import { DeliveryWorker } from '../../src/delivery/worker.js';
import { ReminderScheduler } from '../../src/delivery/reminders.js';
import { listJobs } from '../../src/delivery/outbox.js';
import { loadGuideFile } from '../../src/guide-file.js';
import type { Store } from '../../src/store/store.js';
import { chatKey } from '../../src/chat-service.js';
import { loadState } from '../../handlers/state.js';
import { at, fakeSender, memoryLogger, saveSociety, tempStore } from './helpers.js';

const guide = loadGuideFile();
const POLICY = { offsetsDays: [7, 3, 1, 0], time: '09:10' };
const HOUR = 3600_000;
let store: Store;

afterEach(async () => {
  await store?.close();
});

/** A fake clock the scheduler reads; the test moves it. */
function clock(start: string) {
  let now = at(start);
  return { now: () => now, set: (iso: string) => (now = at(iso)), advance: (ms: number) => (now += ms) };
}

async function setup(startIso: string) {
  ({ store } = await tempStore());
  const time = clock(startIso);
  const { logger, lines } = memoryLogger();
  const tg = fakeSender('telegram');
  const worker = new DeliveryWorker({ store, senders: { telegram: tg.sender }, logger });
  const make = () => new ReminderScheduler({ store, guide, policy: POLICY, clock: time.now, logger });
  return { time, tg, worker, make, lines };
}

/** Steps the clock hour by hour, running the scheduler and the worker as the bot would. */
async function runUntil(s: ReminderScheduler, worker: DeliveryWorker, time: ReturnType<typeof clock>, untilIso: string, step = HOUR) {
  while (time.now() < at(untilIso)) {
    time.advance(step);
    await s.tick();
    await worker.tick();
  }
}

describe('a season of reminders (fake time)', () => {
  it('sends each deadline reminder 7, 3, 1 days before and on the morning, exactly once, at 09:10 China time', async () => {
    const { time, tg, worker, make } = await setup('2022-05-01T00:00:00+08:00');
    await saveSociety(store, 'telegram', '100', { orgType: 'society', intended: ['standard'] });
    await runUntil(make(), worker, time, '2022-12-01T00:00:00+08:00');
    const texts = tg.sends.map((s) => s.text);
    // standard: online 05-17 17:00, paper 05-18, completion 11-30; acceptance has no date.
    expect(tg.sends).toHaveLength(12);
    expect(new Set(tg.sends.map((s) => s.key)).size).toBe(12);
    expect(texts.filter((t) => t.includes('电子版申报书提交截止'))).toHaveLength(4);
    expect(texts.filter((t) => t.includes('完成标准制定并发布'))).toHaveLength(4);
    expect(texts.some((t) => t.includes('还有7天截止') && t.includes('全国团体标准信息平台立项截图'))).toBe(true);
    expect(texts.some((t) => t.includes('今天截止') && t.includes('www.jsxhw.org'))).toBe(true);
    expect(texts.every((t) => !t.includes('补发'))).toBe(true);
  });

  it('derives the schedule afresh: a profile change between reminders adds and drops reminders', async () => {
    const { time, tg, worker, make } = await setup('2022-05-01T00:00:00+08:00');
    await saveSociety(store, 'telegram', '200', { orgType: 'society', intended: ['standard'] });
    const s = make();
    await runUntil(s, worker, time, '2022-06-01T00:00:00+08:00');
    const before = tg.sends.length;
    expect(before).toBe(8); // online + paper, 4 each
    // The society drops 标准制定, picks 品牌学术交流 and tells us its event day.
    const key = chatKey('telegram', '200');
    const { state } = loadState(await store.get(key), time.now());
    state.profile.intended = ['brand_exchange'];
    state.eventDates = { brand_exchange: '2022-10-15' };
    await store.set(key, state);
    await runUntil(s, worker, time, '2022-12-01T00:00:00+08:00');
    const later = tg.sends.slice(before).map((x) => x.text);
    expect(later.some((t) => t.includes('完成标准制定'))).toBe(false);
    expect(later.filter((t) => t.includes('会后一个月内提交项目评述报告及论文集'))).toHaveLength(4);
    expect(later.some((t) => t.includes('2022-11-15'))).toBe(true);
    expect(later.filter((t) => t.includes('学术交流活动完成'))).toHaveLength(4);
  });

  it('never sends twice across a restart of the scheduler and worker', async () => {
    const { time, tg, worker, make, lines } = await setup('2022-05-09T00:00:00+08:00');
    await saveSociety(store, 'telegram', '300', { orgType: 'society', intended: ['tech_assessment'] });
    await runUntil(make(), worker, time, '2022-05-15T00:00:00+08:00');
    const first = tg.sends.length;
    expect(first).toBe(3); // online −7 (05-10), paper −7 (05-11), online −3 (05-14)
    // "Restart": brand-new instances over the same store, same moment, then carry on.
    const tg2 = (await import('./helpers.js')).fakeSender('telegram');
    const worker2 = new (await import('../../src/delivery/worker.js')).DeliveryWorker({
      store,
      senders: { telegram: tg2.sender },
      logger: memoryLogger().logger,
    });
    await make().tick();
    await worker2.tick();
    expect(tg2.sends).toHaveLength(0);
    await runUntil(make(), worker2, time, '2022-05-19T00:00:00+08:00');
    expect(tg2.sends.map((s) => s.key).filter((k) => tg.sends.some((x) => x.key === k))).toEqual([]);
    expect(tg.sends.length + tg2.sends.length).toBe(8);
    expect(lines.filter((l) => l.msg === 'reminder skipped: missed by more than 24 hours')).toHaveLength(0);
  });

  it('after 6 hours of downtime sends the missed reminder late, with a note', async () => {
    const { time, tg, worker, make, lines } = await setup('2022-05-10T08:00:00+08:00');
    await saveSociety(store, 'telegram', '400', { orgType: 'society', intended: ['standard'] });
    const s = make();
    await s.tick();
    expect(tg.sends).toHaveLength(0);
    time.set('2022-05-10T15:10:00+08:00'); // down from 08:00 to 15:10: the 09:10 reminder is 6 h late
    await s.tick();
    await worker.tick();
    expect(tg.sends).toHaveLength(1);
    expect(tg.sends[0]!.text).toContain('补发');
    expect(tg.sends[0]!.text).toContain('还有7天截止');
    expect(lines.some((l) => l.msg === 'reminder sent late after downtime')).toBe(true);
  });

  it('after 3 days of downtime records older reminders as skipped, logs them, and sends those under 24 h late', async () => {
    const { time, tg, worker, make, lines } = await setup('2022-05-09T12:00:00+08:00');
    await saveSociety(store, 'telegram', '500', { orgType: 'society', intended: ['standard'] });
    const s = make();
    await s.tick();
    time.set('2022-05-12T08:00:00+08:00'); // missed: online −7 (05-10 09:10, 47 h), paper −7 (05-11 09:10, 23 h)
    await s.tick();
    await worker.tick();
    const skipped = lines.filter((l) => l.msg === 'reminder skipped: missed by more than 24 hours');
    expect(skipped).toHaveLength(1);
    expect(tg.sends).toHaveLength(1); // the paper −7 reminder, 22 h 50 min late
    expect(tg.sends[0]!.text).toContain('补发');
    await s.tick();
    await worker.tick();
    expect(tg.sends).toHaveLength(1);
    const jobs = await listJobs(store);
    expect(jobs.filter((j) => j.kind === 'reminder')).toHaveLength(2);
  });

  it('sends nothing to a society that turned reminders off, or whose chat is inactive', async () => {
    const { time, tg, worker, make } = await setup('2022-05-01T00:00:00+08:00');
    await saveSociety(store, 'telegram', '600', { intended: ['standard'] }, { reminders: false });
    await saveSociety(store, 'lark', 'oc_1', { intended: ['standard'] }, { inactive: true });
    await runUntil(make(), worker, time, '2022-05-20T00:00:00+08:00', 6 * HOUR);
    expect(tg.sends).toHaveLength(0);
  });

  it('does not send or record reminders older than a week, or due before the society first wrote', async () => {
    const { time, tg, worker, make, lines } = await setup('2022-05-16T12:00:00+08:00');
    // Joined on 05-16: the −7 and −3 reminders (05-10, 05-11, 05-14, 05-15) were due before it existed.
    await saveSociety(store, 'telegram', '700', { orgType: 'society', intended: ['standard'] }, { createdAt: at('2022-05-16T11:00:00+08:00') });
    const s = make();
    await s.tick();
    await worker.tick();
    expect(tg.sends).toHaveLength(0);
    expect(await listJobs(store)).toEqual([]);
    time.set('2026-11-29T09:00:00+08:00'); // years later: nothing of 2022 is news
    await s.tick();
    expect(await listJobs(store)).toEqual([]);
    expect(lines.filter((l) => String(l.msg).startsWith('reminder'))).toEqual([]);
  });
});
