// Whole process, two bot instances on one Redis (each with its own empty DATA_DIR): a broadcast to
// 1,000 Telegram chats, queued by the CLI, is delivered by both through BullMQ within Telegram's
// caps (enforced by the double: one shared limit, so no 429s), and survives a kill -9 of one
// instance mid-way: nobody is missed, and the only possible repeats are the sends in flight at
// the kill (the outbox entries then marked `sending`).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entriesOf, jobKey, type Job } from '../../src/delivery/outbox.js';
import { listAudit } from '../../src/audit.js';
import { cli, removeTempDirs, telegramCopies, tempDir, tgSeeds, waitUntil } from './broadcast-process.js';
import { seedRedis, startCluster, tooMany, type Cluster } from './redis-process.js';

const SEEDS = tgSeeds(1_000, 500_000);
/** Two chats Telegram refuses for good ("chat not found"): failed sends, kept by BullMQ and shown by `cli stats`. */
const REFUSED = ['500010', '500900'];
const NOTICE = `【测试通知】请于11月30日前报送结题材料（批次 ${Date.now().toString(36)}）`;

let cluster: Cluster;

beforeAll(async () => {
  cluster = await startCluster({
    tg: { chaos: { chatFaults: Object.fromEntries(REFUSED.map((c) => [c, { status: 400, description: 'Bad Request: chat not found' }])) } },
  });
  await seedRedis(cluster.store, SEEDS);
  await Promise.all([cluster.start(), cluster.start()]);
}, 180_000);

afterAll(async () => {
  await cluster?.close();
  removeTempDirs();
});

describe('a broadcast on BullMQ, two instances, one killed', () => {
  it('reaches all 1,000 chats, repeats at most the sends in flight at the kill, and finishes once', { timeout: 300_000 }, async () => {
    const { tg, store, bots } = cluster;
    const queued = await cli(tempDir('shenbao-redis-cli-'), ['broadcast', '--audience', 'all', '--text', NOTICE, '--json']);
    expect(queued.stderr).toBe('');
    expect(queued.code).toBe(0);
    const summary = JSON.parse(queued.stdout) as { recipients: number; job: string };
    expect(summary.recipients).toBe(1_000);

    await waitUntil(() => telegramCopies(tg, NOTICE).size >= 300, '300 chats reached', 90_000, 100);
    bots[0]!.kill(); // kill -9 of the whole process group
    // In flight at the kill: the entries marked `sending` (by either instance) right after it.
    const inFlight = (await entriesOf(store, summary.job)).filter(([, e]) => e.status === 'sending').length;
    const reachedAtKill = telegramCopies(tg, NOTICE).size;
    expect(reachedAtKill).toBeLessThan(1_000);

    await waitUntil(() => telegramCopies(tg, NOTICE).size === 1_000 - REFUSED.length || undefined, 'every chat reached', 180_000, 250);
    let job: Job | undefined;
    const end = Date.now() + 90_000;
    while (Date.now() < end) {
      job = await store.get<Job>(jobKey(summary.job));
      if (job?.status === 'done') break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(job?.status).toBe('done');
    expect(job!.counts).toEqual({ sent: 998, inactive: 0, failed: 2 });
    expect(job!.failed?.sort()).toEqual(REFUSED.map((c) => `telegram:${c}`));

    const copies = telegramCopies(tg, NOTICE);
    const missed = SEEDS.filter((s) => !REFUSED.includes(s.chatId) && !copies.has(s.chatId)).length;
    const duplicates = [...copies.values()].reduce((n, c) => n + (c - 1), 0);
    process.stderr.write(
      `redis broadcast: reached at kill ${reachedAtKill}, in flight ${inFlight}, missed ${missed}, duplicates ${duplicates}, 429s ${tooMany(tg)}\n`,
    );
    expect(missed).toBe(0);
    expect(duplicates).toBeLessThanOrEqual(inFlight);
    // One rate limit for both instances: Telegram never had to refuse a send.
    expect(tooMany(tg)).toBe(0);
    // Finished and audited once, by one instance.
    expect((await listAudit(store, 1_000)).filter((e) => e.action === 'broadcast:finished' && e.job === summary.job)).toHaveLength(1);
    expect(bots[1]!.alive()).toBe(true);

    // The failed sends stay inspectable: `cli stats` lists them from BullMQ's failed set.
    const stats = await cli(tempDir('shenbao-redis-cli-'), ['stats', '--json']);
    expect(stats.code).toBe(0);
    const delivery = (
      JSON.parse(stats.stdout) as { delivery: { counts: Record<string, { failed: number }>; failed: Array<{ chatId: string; job: string; error: string }> } }
    ).delivery;
    expect(delivery.counts.telegram!.failed).toBe(2);
    expect(delivery.failed.map((f) => f.chatId).sort()).toEqual(REFUSED);
    expect(delivery.failed.every((f) => f.job === summary.job && /chat not found/.test(f.error))).toBe(true);
    const text = await cli(tempDir('shenbao-redis-cli-'), ['stats']);
    expect(text.stdout).toContain('最近失败的发送（2 条');
    expect(text.stdout).toContain(`telegram:${REFUSED[0]}`);
  });
});
