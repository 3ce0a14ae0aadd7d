// Whole processes: two bots (`npm start`, Telegram webhook mode) on one Redis, each with its own
// empty DATA_DIR. Updates are posted straight to either instance, as a load balancer would.
// Redis runs with an append-only file, so that it can be stopped and restarted mid-run.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisServer, startRedis } from '../../doubles/redis-server.js';
import { startTelegramDouble, type TelegramDouble } from '../../doubles/telegram-api.js';
import { killAll, leaks, sleep, startBot, TOKEN, until, type BotProcess } from '../../doubles/telegram-process.js';
import { VERSION } from '../../src/version.js';

const LONG = 90_000;
const SECRET = 'e2e_Redis-secret-12';
const PASSWORD = 'redis-pw-Zq81';
let tg: TelegramDouble;
let redis: RedisServer;
let redisUrl: string;
const dirs: string[] = [];
let a: BotProcess;
let b: BotProcess;
let nextUpdate = 900_000;

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
const hook = (bot: BotProcess) => `http://127.0.0.1:${bot.port}/telegram/webhook`;
const post = (bot: BotProcess, update: object) => tg.postWebhook(hook(bot), update, SECRET);
const health = async (bot: BotProcess) => {
  const r = await fetch(`http://127.0.0.1:${bot.port}/healthz`);
  return { status: r.status, body: (await r.json()) as Record<string, unknown> };
};

/** Waits until the chat has `n` sends and then stays quiet a moment. */
async function replies(chat: number, n: number, timeoutMs = 20_000): Promise<string[]> {
  await until(() => tg.sentPlain(chat).length >= n, `${n} replies in chat ${chat} (got ${tg.sentPlain(chat).length})`, timeoutMs);
  await sleep(600);
  return tg.sentPlain(chat);
}

async function startInstance(): Promise<BotProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'shenbao-redis-e2e-'));
  dirs.push(dataDir);
  return startBot({
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: tg.url,
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    DATA_DIR: dataDir,
    REDIS_URL: redisUrl,
  });
}

beforeAll(async () => {
  tg = await startTelegramDouble({ token: TOKEN });
  // A password, so that the test can look for it in every output.
  redis = await startRedis({ persistent: true, password: PASSWORD });
  redisUrl = `${redis.url}/0`;
  [a, b] = await Promise.all([startInstance(), startInstance()]);
}, LONG);

afterAll(async () => {
  if (process.env.E2E_DUMP) for (const [i, bot] of [a, b].entries()) (await import('node:fs')).writeFileSync(`/tmp/e2e-bot-${i}.log`, bot?.output() ?? '');
  killAll();
  await tg?.close();
  await redis?.stop();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('two instances on one Redis', () => {
  it('both report Redis on /healthz, and keep nothing in their own DATA_DIR', { timeout: LONG }, async () => {
    for (const bot of [a, b]) expect(await health(bot)).toEqual({ status: 200, body: { ok: true, version: VERSION, redis: 'ok' } });
    for (const d of dirs) expect(readdirSync(d).filter((f) => f.endsWith('.sqlite'))).toEqual([]);
  });

  it('the same update posted to both is answered once', { timeout: LONG }, async () => {
    await post(a, message(7001, '/help'));
    const once = (await replies(7001, 1)).length;
    const update = message(7002, '/help');
    expect(await Promise.all([post(a, update), post(b, update)])).toEqual([200, 200]);
    expect(await post(b, update)).toBe(200); // a redelivery later on
    await sleep(1_500);
    expect(tg.sentPlain(7002)).toEqual(tg.sentPlain(7001));
    expect(tg.sentPlain(7002)).toHaveLength(once);
  });

  it('a profile told to one instance is known to the other', { timeout: LONG }, async () => {
    const CHAT = 7003;
    await post(b, message(CHAT, '/profile'));
    const before = (await replies(CHAT, 1)).at(-1)!;
    await post(a, message(CHAT, '我们去年综合能力评价B等'));
    const n = (await replies(CHAT, 2)).length;
    await post(b, message(CHAT, '/profile'));
    const after = (await replies(CHAT, n + 1)).at(-1)!;
    expect(after).not.toBe(before);
    expect(after).toMatch(/B/);
  });

  it("a chat's messages alternating between the instances are answered in order", { timeout: LONG }, async () => {
    const texts = ['/help', '/profile', '/deadlines', '我们去年综合能力评价B等', '/profile', '标准制定什么时候截止', '/check'];
    // The expected replies: the same messages in another chat, each waited for, on one instance.
    const BASE = 7010;
    for (const text of texts) {
      const n = tg.sentPlain(BASE).length;
      await post(a, message(BASE, text));
      await replies(BASE, n + 1);
    }
    const expected = tg.sentPlain(BASE);
    // Now one after the other (each acknowledged, as Telegram does), to A, B, A, B…
    const CHAT = 7011;
    for (const [i, text] of texts.entries()) expect(await post(i % 2 ? b : a, message(CHAT, text))).toBe(200);
    expect(await replies(CHAT, expected.length)).toEqual(expected);
  });

  it('Redis stopped: webhooks answer 503 and /healthz says so; restarted: everything is answered, once', { timeout: LONG }, async () => {
    // Stored just before the outage: must not be lost.
    const early = [7020, 7021, 7022, 7023];
    for (const [i, chat] of early.entries()) expect(await post(i % 2 ? b : a, message(chat, '/help'))).toBe(200);
    await redis.stop();
    const during = [7030, 7031, 7032, 7033].map((chat) => message(chat, '/help'));
    const started = Date.now();
    for (const [i, update] of during.entries()) expect(await post(i % 2 ? b : a, update)).toBe(503);
    expect(Date.now() - started).toBeLessThan(15_000); // each answered within seconds, not held
    for (const bot of [a, b]) {
      const h = await health(bot);
      expect(h.status).toBe(503);
      expect(String(h.body['redis'])).toMatch(/^failing/);
    }
    await sleep(1_000);
    await redis.restart();
    // Telegram delivers what was refused again, until it is acknowledged.
    const pending = new Set(during);
    for (let i = 0; pending.size && i < 60; i++) {
      for (const update of [...pending]) if ((await post(i % 2 ? b : a, update)) === 200) pending.delete(update);
      if (pending.size) await sleep(500);
    }
    expect(pending.size).toBe(0);
    const once = tg.sentPlain(7001).length;
    for (const chat of [...early, ...during.map((u) => u.message.chat.id)]) expect(await replies(chat, once, 60_000)).toHaveLength(once);
    for (const bot of [a, b]) expect((await health(bot)).body).toEqual({ ok: true, version: VERSION, redis: 'ok' });
  });

  it('kill -9 of one instance mid-burst: the other finishes its chats within seconds', { timeout: LONG }, async () => {
    const chats = Array.from({ length: 15 }, (_, i) => 7100 + i);
    const once = tg.sentPlain(7001).length;
    // A accepts a burst (two messages per chat), then dies before it can answer them all.
    for (const chat of chats) {
      expect(await post(a, message(chat, '/help'))).toBe(200);
      expect(await post(a, message(chat, '/help'))).toBe(200);
    }
    a.kill();
    const killedAt = Date.now();
    await until(() => chats.every((c) => tg.sentPlain(c).length >= 2 * once), 'every chat of the dead instance answered', 30_000);
    const took = Date.now() - killedAt;
    expect(took).toBeLessThan(15_000);
    await sleep(1_000);
    // Each message answered; a send in flight at the kill may have gone twice, no more.
    const extra = chats.reduce((n, c) => n + tg.sentPlain(c).length - 2 * once, 0);
    expect(extra).toBeLessThanOrEqual(once * 2);
    expect(b.output()).toMatch(/taking over an open event|"msg":"effect"/);
  });

  it('the Redis password appears in no output', { timeout: LONG }, async () => {
    for (const bot of [a, b]) {
      expect(leaks(bot.output(), [PASSWORD, encodeURIComponent(PASSWORD)])).toBe(0);
      expect(leaks(bot.output())).toBe(0);
    }
  });
});
