// Harness for whole-process tests of two bot instances on one Redis (REDIS_URL), each with its own
// empty DATA_DIR: a throwaway redis-server, the Telegram Bot API double with Telegram's caps, the
// bots in webhook mode (so two instances do not fight over getUpdates), and the store opened from
// the test to seed societies and read the outbox.
import { newState, type ChatState } from '../../handlers/state.js';
import { chatKey } from '../../src/chat-service.js';
import { DEFAULT_REDIS_PREFIX, openRedisStore } from '../../src/store/redis-store.js';
import type { Store } from '../../src/store/store.js';
import { startRedis, type RedisServer } from '../../doubles/redis-server.js';
import { startTelegramDouble, type TelegramDouble, type TelegramDoubleOptions } from '../../doubles/telegram-api.js';
import { startBot, TOKEN, type BotProcess } from '../../doubles/telegram-process.js';
import { STANDARD, TELEGRAM_CAPS, tempDir, type Seed } from './broadcast-process.js';

export const WEBHOOK_SECRET = 'redis_e2e-Secret';

export interface Cluster {
  redis: RedisServer;
  tg: TelegramDouble;
  bots: BotProcess[];
  /** A store client on the same Redis (the test's own view of the shared state). */
  store: Store;
  /** Starts one more instance with its own empty DATA_DIR. */
  start(env?: Record<string, string>): Promise<BotProcess>;
  close(): Promise<void>;
}

export async function startCluster(o: { tg?: TelegramDoubleOptions } = {}): Promise<Cluster> {
  const redis = await startRedis();
  const tg = await startTelegramDouble({ token: TOKEN, maxPollSeconds: 1, floodLimit: TELEGRAM_CAPS, ...o.tg });
  const store = await openRedisStore(redis.url, { prefix: DEFAULT_REDIS_PREFIX });
  // The CLI the tests run inherits it too.
  process.env.REDIS_URL = redis.url;
  const bots: BotProcess[] = [];
  return {
    redis,
    tg,
    bots,
    store,
    async start(env = {}) {
      const bot = await startBot(
        {
          TELEGRAM_BOT_TOKEN: TOKEN,
          TELEGRAM_API_ROOT: tg.url,
          TELEGRAM_WEBHOOK_SECRET: WEBHOOK_SECRET,
          DATA_DIR: tempDir('shenbao-redis-e2e-'),
          REDIS_URL: redis.url,
          ...env,
        },
        { timeoutMs: 90_000 },
      );
      bots.push(bot);
      return bot;
    },
    async close() {
      for (const bot of bots) await bot.stop(15_000).catch(() => bot.kill());
      await store.close().catch(() => undefined);
      await tg.close();
      await redis.stop();
      delete process.env.REDIS_URL;
    },
  };
}

/** Finished interviews (stage done, reminders on) straight into the shared store. */
export async function seedRedis(store: Store, seeds: Seed[], nowMs = Date.now()): Promise<void> {
  for (let i = 0; i < seeds.length; i += 200) {
    await store.write(
      seeds.slice(i, i + 200).map((s) => {
        const state: ChatState = {
          ...newState(nowMs - 3_600_000),
          profile: s.profile ?? STANDARD,
          stage: 'done',
          reminders: true,
          lastSeenAt: nowMs - 3_600_000,
          ...s.extra,
        };
        return { key: chatKey(s.channel, s.chatId), value: state };
      }),
    );
  }
}

/** Telegram's 429 answers to message sends, as the double counted them. */
export const tooMany = (tg: TelegramDouble) => tg.calls.filter((c) => /^send/.test(c.method) && c.status === 429).length;
