// Telegram webhook throughput with the store on Redis: one instance, and two instances on one
// Redis with each chat's messages alternating between them (the cross-instance order at work).
// Both instances run in this one process (one CPU's worth), so the two-instance figure shows the
// cost of sharing, not the gain of a second machine.
//
//   npx tsx bench/redis.ts
import { pathToFileURL } from 'node:url';
import { Conversation } from '../handlers/conversation.js';
import { ChatService } from '../src/chat-service.js';
import { startTelegram } from '../src/channels/telegram.js';
import { loadConfig } from '../src/config.js';
import { BUNDLED_GUIDE, loadGuideFile, loadGuideSearch } from '../src/guide-file.js';
import { HttpServer } from '../src/http-server.js';
import { LISTED_PREFIXES } from '../src/intake/intake.js';
import { createLogger } from '../src/log.js';
import { openRedisStore } from '../src/store/redis-store.js';
import { startRedis } from '../doubles/redis-server.js';
import { startTelegramDouble } from '../doubles/telegram-api.js';
import type { BenchRow } from './stats.js';

const TOKEN = '123456:BENCH-token-redis';
const SECRET = 'bench_secret';
const QUESTIONS = ['标准制定什么时候截止？', '一流学会有什么条件？', '科技评估要交什么材料？', '纸质材料寄到哪里？', '品牌学术和特色学术能一起报吗？'];

export interface RedisBenchResult {
  instances: number;
  updates: number;
  /** Webhooks acknowledged (stored) per second. */
  acceptedPerSec: number;
  /** Updates answered (every reply sent) per second, from the first post to the last reply. */
  answeredPerSec: number;
  errors: number;
}

export async function benchRedisWebhook(opts: { instances: number; chats?: number; perChat?: number; concurrency?: number }): Promise<RedisBenchResult> {
  const chats = opts.chats ?? 300;
  const perChat = opts.perChat ?? 3;
  const concurrency = opts.concurrency ?? 50;
  const redis = await startRedis();
  const tg = await startTelegramDouble({ token: TOKEN });
  const logger = createLogger({ level: 'warn', secrets: [TOKEN, SECRET] }, { write: () => undefined });
  const guide = loadGuideFile(BUNDLED_GUIDE);
  const conversation = new Conversation(guide, loadGuideSearch(guide, BUNDLED_GUIDE));
  const config = loadConfig({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: tg.url, TELEGRAM_WEBHOOK_SECRET: SECRET }, { dotenvPath: false });
  const stops: Array<() => Promise<void>> = [];
  const urls: string[] = [];
  try {
    for (let i = 0; i < opts.instances; i++) {
      const store = await openRedisStore(redis.url, { indexed: LISTED_PREFIXES });
      const service = new ChatService(store, conversation, { clock: Date.now, logger });
      const http = new HttpServer(logger);
      const handle = await startTelegram({ config, service, conversation, store, logger, http, clock: Date.now });
      const port = await http.listen(0, '127.0.0.1');
      http.setReady(true);
      urls.push(`http://127.0.0.1:${port}/telegram/webhook`);
      stops.unshift(async () => {
        await handle.stop();
        await service.drain();
        http.closeIdle();
        await http.close();
        await store.close();
      });
    }
    const sends = () => tg.calls.filter((c) => c.method === 'sendMessage').length;
    const before = sends();
    let errors = 0;
    let next = 0;
    const start = performance.now();
    const worker = async () => {
      while (next < chats) {
        const chat = 50_000 + next++;
        for (let i = 0; i < perChat; i++) {
          const update = {
            update_id: chat * 10 + i,
            message: {
              message_id: i + 1,
              date: Math.floor(Date.now() / 1000),
              chat: { id: chat, type: 'private' },
              from: { id: chat, is_bot: false, first_name: 'B' },
              text: QUESTIONS[(chat + i) % QUESTIONS.length],
            },
          };
          const res = await fetch(urls[(chat + i) % urls.length]!, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET },
            body: JSON.stringify(update),
          });
          await res.arrayBuffer();
          if (!res.ok) errors++;
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    const accepted = (performance.now() - start) / 1000;
    const updates = chats * perChat;
    const deadline = Date.now() + 300_000;
    while (sends() - before < updates && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const answered = (performance.now() - start) / 1000;
    return {
      instances: opts.instances,
      updates,
      acceptedPerSec: Number((updates / accepted).toFixed(1)),
      answeredPerSec: Number((updates / answered).toFixed(1)),
      errors,
    };
  } finally {
    for (const stop of stops) await stop();
    await tg.close();
    await redis.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  for (const instances of [1, 2]) process.stdout.write(`${JSON.stringify(await benchRedisWebhook({ instances }))}\n`);
}

/** For bench/run.ts. */
export const benches = [
  {
    name: 'telegram webhook on redis',
    run: async (): Promise<BenchRow[]> => {
      const rows: BenchRow[] = [];
      for (const instances of [1, 2]) {
        const r = await benchRedisWebhook({ instances });
        rows.push({
          name: `Telegram webhook on Redis, ${instances} instance${instances > 1 ? 's (in one process), each chat alternating' : ''}: ${r.updates} questions`,
          median: `${r.acceptedPerSec.toFixed(0)} accepted, ${r.answeredPerSec.toFixed(0)} answered upd/s`,
          p99: '—',
          target: 'figure',
          met: r.errors === 0,
          note: r.errors ? `${r.errors} webhooks not acknowledged` : 'every update answered',
        });
      }
      return rows;
    },
  },
];
