// Whole process: one bot (`npm start`, Telegram webhooks) on a Redis with an append-only file
// (fsync always). 200 chats each send /help; Redis is killed (-9) while the replies go out and
// restarted from its AOF a second later; what was refused meanwhile is posted again, as Telegram
// does. Every chat gets its reply exactly once: none lost, none sent twice (a reply sent while
// Redis was away is recorded once it is back, not sent again).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisServer, startRedis } from '../../doubles/redis-server.js';
import { startTelegramDouble, type TelegramDouble } from '../../doubles/telegram-api.js';
import { killAll, sleep, startBot, TOKEN, until, type BotProcess } from '../../doubles/telegram-process.js';
import { report } from './fault-helpers.js';

const LONG = 180_000;
const SECRET = 'e2e_Resend-secret-1';
let tg: TelegramDouble;
let redis: RedisServer;
let bot: BotProcess;
let dataDir: string;
let nextUpdate = 500_000;

const message = (chat: number, text: string) => ({
  update_id: nextUpdate++,
  message: {
    message_id: nextUpdate,
    date: Math.floor(Date.now() / 1000),
    chat: { id: chat, type: 'private', first_name: 'T' },
    from: { id: chat, is_bot: false, first_name: 'T' },
    text,
  },
});
const post = (update: object) => tg.postWebhook(`http://127.0.0.1:${bot.port}/telegram/webhook`, update, SECRET).catch(() => 0);

beforeAll(async () => {
  tg = await startTelegramDouble({ token: TOKEN });
  redis = await startRedis({ persistent: true });
  dataDir = mkdtempSync(join(tmpdir(), 'shenbao-resend-'));
  bot = await startBot(
    { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: tg.url, TELEGRAM_WEBHOOK_SECRET: SECRET, DATA_DIR: dataDir, REDIS_URL: redis.url },
    { timeoutMs: 90_000 },
  );
}, LONG);

afterAll(async () => {
  killAll();
  await tg?.close();
  await redis?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('Redis kill -9 and AOF restart during 200 messages', () => {
  it('answers every chat exactly once', { timeout: LONG }, async () => {
    // One chat first: how many sends a /help makes.
    expect(await post(message(9_999, '/help'))).toBe(200);
    await until(() => tg.sentPlain(9_999).length > 0, 'the first answer', 30_000);
    await sleep(1_000);
    const once = tg.sentPlain(9_999).length;
    const chats = Array.from({ length: 200 }, (_, i) => 10_000 + i);
    const pending = new Map(chats.map((c) => [c, message(c, '/help')]));
    const answered = () => chats.filter((c) => tg.sentPlain(c).length >= once).length;
    // Post them all (acknowledged ones leave `pending`); kill Redis once replies are going out.
    const posting = (async () => {
      for (let round = 0; pending.size && round < 120; round++) {
        await Promise.all(
          [...pending].map(async ([chat, update]) => {
            if ((await post(update)) === 200) pending.delete(chat);
          }),
        );
        if (pending.size) await sleep(500);
      }
    })();
    await until(() => answered() >= 20, 'the first replies', 60_000);
    await redis.stop();
    const killedAt = answered();
    await sleep(1_000);
    await redis.restart();
    await posting;
    expect(pending.size).toBe(0);
    await until(() => answered() === chats.length, `all 200 answered (${answered()})`, 120_000);
    await sleep(3_000); // a resend, if any, would come now
    const counts = chats.map((c) => tg.sentPlain(c).length);
    const duplicated = counts.filter((n) => n > once).length;
    report(
      '200 messages across a Redis kill -9 (AOF): answered when killed / lost / duplicated',
      `${killedAt} / ${counts.filter((n) => n < once).length} / ${duplicated}`,
    );
    expect(counts.filter((n) => n < once)).toEqual([]);
    expect(duplicated).toBe(0);
  });
});
