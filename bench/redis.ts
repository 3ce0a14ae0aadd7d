// The Redis deployment (REDIS_URL), on a throwaway redis-server:
// - webhook throughput of one bot instance and of two (spawned processes, `npm start`), the load
//   posted round-robin to the instances as a load balancer without stickiness would;
// - a broadcast at full rate while live replies arrive, Telegram's caps enforced by the Bot API
//   double (429 past them): first as before this deployment (the outbox's in-process throttle,
//   replies unthrottled), then through the one shared limit (BullMQ delivery, replies first).
//
//   npx tsx bench/redis.ts     # prints the rows as JSON
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
import { startBot } from '../doubles/telegram-process.js';
import type { BenchRow } from './stats.js';

const TOKEN = '123456:BENCH-token-abc';
const SECRET = 'bench_secret';
const QUESTIONS = ['标准制定什么时候截止？', '一流学会有什么条件？', '科技评估要交什么材料？', '纸质材料寄到哪里？', '品牌学术和特色学术能一起报吗？'];
const logger = createLogger({ level: 'silent' });
const service = { markInactive: async () => undefined, migrateChat: async () => undefined } as unknown as ChatService;
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;

// ── webhook throughput, 1 and 2 instances ──────────────────────────────────

let nextUpdateId = 1;
const update = (chat: number, text: string) => {
  const id = nextUpdateId++;
  return {
    update_id: id,
    message: {
      message_id: id,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chat, type: 'private', first_name: 'B' },
      from: { id: chat, is_bot: false, first_name: 'B' },
      text,
    },
  };
};

/** `perChat` updates for each chat, `concurrency` chats at a time, each update to the next instance in turn. */
async function load(urls: string[], firstChat: number, chats: number, perChat: number, concurrency: number) {
  let next = 0;
  let turn = 0;
  let errors = 0;
  const latencies: number[] = [];
  const worker = async () => {
    while (next < chats) {
      const chat = firstChat + next++;
      for (let i = 0; i < perChat; i++) {
        const url = urls[turn++ % urls.length]!;
        const body = JSON.stringify(update(chat, QUESTIONS[(chat + i) % QUESTIONS.length]!));
        const t0 = performance.now();
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET }, body });
        await res.arrayBuffer();
        latencies.push(performance.now() - t0);
        if (!res.ok) errors++;
      }
    }
  };
  const start = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, chats) }, worker));
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSec: latencies.length / seconds, p99: percentile(latencies, 99), errors };
}

export async function benchRedisWebhook(o: { chats?: number; perChat?: number; concurrency?: number } = {}): Promise<BenchRow> {
  const chats = o.chats ?? 400;
  const perChat = o.perChat ?? 3;
  const concurrency = o.concurrency ?? 100;
  const redis = await startRedis();
  const tg = await startTelegramDouble({ token: TOKEN });
  const dirs: string[] = [];
  const bots = [];
  try {
    for (let i = 0; i < 2; i++) {
      const dir = mkdtempSync(join(tmpdir(), 'shenbao-bench-redis-'));
      dirs.push(dir);
      bots.push(
        await startBot(
          { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: tg.url, TELEGRAM_WEBHOOK_SECRET: SECRET, DATA_DIR: dir, REDIS_URL: redis.url },
          { timeoutMs: 120_000 },
        ),
      );
    }
    const urls = bots.map((b) => `http://127.0.0.1:${b.port}/telegram/webhook`);
    await load(urls, 1, 50, 1, 10); // warm-up, both instances
    const one = await load(urls.slice(0, 1), 10_000, chats, perChat, concurrency);
    const two = await load(urls, 20_000, chats, perChat, concurrency);
    return {
      name: `Telegram webhook throughput on Redis, 1 vs 2 instances (${chats} chats × ${perChat} questions, round-robin)`,
      median: `${one.perSec.toFixed(0)} vs ${two.perSec.toFixed(0)} upd/s`,
      p99: `${one.p99.toFixed(1)} vs ${two.p99.toFixed(1)} ms`,
      target: '2 instances ≥ 1 instance, 0 errors',
      met: two.perSec >= one.perSec && one.errors + two.errors === 0,
      note: `errors ${one.errors + two.errors}; 2 cores shared by both instances, Redis and the load`,
    };
  } finally {
    for (const b of bots) await b.stop(15_000).catch(() => b.kill());
    await tg.close();
    await redis.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  }
}

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
  process.stdout.write(`${JSON.stringify([...(await benchSharedLimit()), await benchRedisWebhook()], null, 2)}\n`);
}

export const benches = [
  { name: 'redis shared limit', run: () => benchSharedLimit() },
  { name: 'redis webhook', run: () => benchRedisWebhook() },
];
