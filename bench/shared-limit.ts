// The Redis deployment's one rate limit (REDIS_URL), on a throwaway redis-server: a broadcast at
// full rate while live replies arrive, Telegram's caps enforced by the Bot API double (429 past
// them): first as before (the outbox's in-process throttle, replies apart), then through the one
// shared limit (BullMQ delivery, replies first).
//
//   npx tsx bench/shared-limit.ts     # prints the rows as JSON
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Api } from 'grammy';
import { Redis } from 'ioredis';
import { limitPosts } from '../src/channels/telegram-limit.js';
import { TelegramBulkSender } from '../src/channels/telegram-bulk.js';
import type { ChatService } from '../src/chat-service.js';
import { BullDelivery } from '../src/delivery/bull-delivery.js';
import { createJob, jobKey, type Job } from '../src/delivery/outbox.js';
import { SharedLimits } from '../src/delivery/redis-limiter.js';
import { DeliveryWorker } from '../src/delivery/worker.js';
import { createLogger } from '../src/log.js';
import { openRedisStore, redisOptions } from '../src/store/redis-store.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import type { Store } from '../src/store/store.js';
import { startRedis } from '../doubles/redis-server.js';
import { startTelegramDouble, type TelegramDouble } from '../doubles/telegram-api.js';
import type { BenchRow } from './stats.js';

const TOKEN = '123456:BENCH-token-abc';
const logger = createLogger({ level: 'silent' });
const service = { markInactive: async () => undefined, migrateChat: async () => undefined } as unknown as ChatService;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

// ── a broadcast sharing the limit with live replies ────────────────────────

interface SharedRun {
  rate: number;
  /** Bulk and replies together, while the broadcast ran. */
  total: number;
  bulk429: number;
  reply429: number;
  replyP50: number;
  replyP99: number;
  replies: number;
}

/** Replies: one message to a fresh user chat every `everyMs` while `busy()`; latency = asked → answered. */
async function replies(api: Api, busy: () => boolean, everyMs: number): Promise<number[]> {
  const latencies: number[] = [];
  const pending: Array<Promise<void>> = [];
  for (let i = 0; busy(); i++) {
    const t0 = performance.now();
    pending.push(
      api
        .sendMessage(900_000 + i, `回复 ${i}`)
        .then(() => void latencies.push(performance.now() - t0))
        .catch(() => undefined),
    );
    await new Promise((r) => setTimeout(r, everyMs));
  }
  await Promise.all(pending);
  return latencies.sort((a, b) => a - b);
}

function count429(tg: TelegramDouble, reply: boolean) {
  return tg.calls.filter((c) => c.method === 'sendMessage' && c.status === 429 && Number(c.params['chat_id']) >= 900_000 === reply).length;
}

async function broadcastWithReplies(shared: boolean, n: number, replyEveryMs: number): Promise<SharedRun> {
  const tg = await startTelegramDouble({ token: TOKEN, floodLimit: { perSecond: 30, perChatPerSecond: 1 } });
  const redis = shared ? await startRedis() : undefined;
  const dir = mkdtempSync(join(tmpdir(), 'shenbao-bench-shared-'));
  const connections: Redis[] = [];
  let store: Store | undefined;
  let stop: (() => Promise<void>) | undefined;
  try {
    const replyApi = new Api(TOKEN, { apiRoot: tg.url });
    let sender: TelegramBulkSender;
    if (redis) {
      store = await openRedisStore(redis.url);
      const limiterRedis = new Redis(redis.url, { ...redisOptions(), enableOfflineQueue: false });
      const bullRedis = new Redis(redis.url, redisOptions({ forBullmq: true }));
      connections.push(limiterRedis, bullRedis);
      while (limiterRedis.status !== 'ready') await new Promise((r) => setTimeout(r, 10));
      const limits = new SharedLimits(limiterRedis, { logger });
      replyApi.config.use(limitPosts(limits.limiter('telegram', '123456', 'reply')));
      sender = new TelegramBulkSender(TOKEN, tg.url, { service, logger, scrub: (s) => s, limiter: limits.limiter('telegram', '123456', 'bulk') });
    } else {
      store = await openSqliteStore(dir);
      sender = new TelegramBulkSender(TOKEN, tg.url, { service, logger, scrub: (s) => s });
    }
    const chats = Array.from({ length: n }, (_, i) => String(700_000 + i));
    const job = await createJob(
      store,
      { kind: 'broadcast', createdAt: Date.now(), audience: 'all' },
      chats.map((chatId) => ({ channel: 'telegram' as const, chatId, text: '📣 省科协通知\n请于11月30日前完成项目。' })),
    );
    let done = false;
    const s = store;
    const finished = (async () => {
      if (redis) {
        const bull = new BullDelivery({ connection: connections[1]!, store: s, logger, service });
        stop = () => bull.stop();
        bull.start({ telegram: sender }, 250);
        while ((await s.get<Job>(jobKey(job.id)))?.status !== 'done') await new Promise((r) => setTimeout(r, 100));
      } else {
        await new DeliveryWorker({ store: s, senders: { telegram: sender }, service, logger }).tick();
      }
      done = true;
    })();
    // Replies start once the broadcast is at full rate.
    await new Promise((r) => setTimeout(r, 2_000));
    const latencies = await replies(replyApi, () => !done, replyEveryMs);
    await finished;
    const times = tg.calls.filter((c) => c.method === 'sendMessage' && c.ok && Number(c.params['chat_id']) < 900_000).map((c) => c.time);
    const [from, to] = [Math.min(...times), Math.max(...times)];
    const seconds = (to - from) / 1000;
    const all = tg.calls.filter((c) => c.method === 'sendMessage' && c.ok && c.time >= from && c.time <= to).length;
    return {
      rate: (times.length - 30) / seconds,
      total: (all - 30) / seconds,
      bulk429: count429(tg, false),
      reply429: count429(tg, true),
      replyP50: percentile(latencies, 50),
      replyP99: percentile(latencies, 99),
      replies: latencies.length,
    };
  } finally {
    await stop?.();
    await store?.close();
    for (const c of connections) c.disconnect();
    await tg.close();
    await redis?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function benchSharedLimit(n = 600, replyEveryMs = 250): Promise<BenchRow[]> {
  const before = await broadcastWithReplies(false, n, replyEveryMs);
  const after = await broadcastWithReplies(true, n, replyEveryMs);
  const row = (label: string, r: SharedRun, target: string, met: boolean): BenchRow => ({
    name: `${label}: Telegram broadcast to ${n} chats + a live reply every ${replyEveryMs} ms, caps enforced by the double`,
    median: `${r.total.toFixed(1)} msg/s in all (${r.rate.toFixed(1)} bulk); reply ${r.replyP50.toFixed(0)} ms`,
    p99: `reply ${r.replyP99.toFixed(0)} ms`,
    target,
    met,
    note: `429s: ${r.bulk429} bulk + ${r.reply429} replies; ${r.replies} replies delivered`,
  });
  return [
    row('before (in-process throttle, replies apart)', before, 'for comparison', true),
    row(
      'one shared limit on Redis (BullMQ, replies first)',
      after,
      '0 429s, reply p99 ≤ 1 s, bulk + replies ≥ 90% of 30/s',
      after.bulk429 + after.reply429 === 0 && after.replyP99 <= 1_000 && after.total >= 27,
    ),
  ];
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.stdout.write(`${JSON.stringify(await benchSharedLimit(), null, 2)}\n`);
}

export const benches = [{ name: 'redis shared limit', run: () => benchSharedLimit() }];
