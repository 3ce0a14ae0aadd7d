// Telegram replies on a Redis deployment take slots of the shared limit (limitPosts on the bot's
// Api): a burst of replies to many chats stays within the bot's cap the Bot API double enforces
// (no 429); an answer in parts to one chat goes out at once, and a bulk send to that chat then
// waits for the chat's window.
import { Api } from 'grammy';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { limitPosts } from '../../src/channels/telegram-limit.js';
import { SharedLimits } from '../../src/delivery/redis-limiter.js';
import { startRedis, type RedisServer } from '../../doubles/redis-server.js';
import { startTelegramDouble, type TelegramDouble } from '../../doubles/telegram-api.js';
import { memoryLogger } from '../delivery/helpers.js';

const TOKEN = '123456:limit-test-token';
let server: RedisServer;
let tg: TelegramDouble;
let redis: Redis;

beforeAll(async () => {
  server = await startRedis();
  tg = await startTelegramDouble({ token: TOKEN, floodLimit: { perSecond: 30, perChatPerSecond: 100 } });
  redis = new Redis(server.url, { maxRetriesPerRequest: 1, enableOfflineQueue: false });
  while (redis.status !== 'ready') await new Promise((r) => setTimeout(r, 10));
});
afterAll(async () => {
  redis?.disconnect();
  await tg?.close();
  await server?.stop();
});

describe('Telegram replies through the shared limit', () => {
  it('keeps a burst within 30/s: no 429; an answer in parts is not spaced, a bulk send to its chat waits', async () => {
    const limits = new SharedLimits(redis, { logger: memoryLogger().logger });
    const api = new Api(TOKEN, { apiRoot: tg.url });
    api.config.use(limitPosts(limits.limiter('telegram', '123456', 'reply')));
    const bulk = new Api(TOKEN, { apiRoot: tg.url });
    bulk.config.use(limitPosts(limits.limiter('telegram', '123456', 'bulk')));
    const before = tg.calls.length;
    // Three messages to one chat (an answer in parts) and 40 chats at once; then a broadcast to the first chat.
    await Promise.all([...[1, 2, 3].map((i) => api.sendMessage(42, `第${i}段`)), ...Array.from({ length: 40 }, (_, i) => api.sendMessage(1_000 + i, '回复'))]);
    await bulk.sendMessage(42, '通知');
    const calls = tg.calls.slice(before).filter((c) => c.method === 'sendMessage');
    expect(calls).toHaveLength(44);
    expect(calls.filter((c) => c.status === 429)).toEqual([]);
    const own = calls.filter((c) => c.params['chat_id'] === 42).map((c) => c.time);
    expect(own[2]! - own[0]!).toBeLessThan(1_000);
    expect(own[3]! - own[2]!).toBeGreaterThanOrEqual(990);
  });
});
