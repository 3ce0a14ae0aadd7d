// Whole process on a real Redis: a wrong password is a bad setting (exit 2, one line naming
// REDIS_URL, no password shown); Redis restarted empty under a running bot is logged as an error
// and reported by /healthz; the next start refuses the emptied store (exit 2) unless
// REDIS_ACCEPT_EMPTY=1. The bot runs with Telegram webhooks on the Bot API double.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RedisServer } from '../../doubles/redis-server.js';
import { startTelegramDouble, type TelegramDouble } from '../../doubles/telegram-api.js';
import { TOKEN } from '../../doubles/telegram-process.js';
import { until } from './fault-helpers.js';
import { removeTempDirs, spawnBot, tempDir, type BotProcess } from './lark-process.js';

const LONG = 120_000;
const PASSWORD = 'marker-Pass-123';
let redis: RedisServer;
let tg: TelegramDouble;
const bots: BotProcess[] = [];

beforeAll(async () => {
  redis = await startRedis({ password: PASSWORD });
  tg = await startTelegramDouble({ token: TOKEN });
}, 30_000);
afterAll(async () => {
  for (const b of bots) await b.stop();
  await tg?.close();
  await redis?.stop();
  removeTempDirs();
});

const env = (dataDir: string, extra: Record<string, string> = {}) => ({
  TELEGRAM_BOT_TOKEN: TOKEN,
  TELEGRAM_API_ROOT: tg.url,
  TELEGRAM_WEBHOOK_SECRET: 'marker_Secret-1',
  DATA_DIR: dataDir,
  REDIS_URL: redis.url,
  LOG_LEVEL: 'info',
  ...extra,
});

async function spawn(e: Record<string, string>, waitReady = true) {
  const bot = await spawnBot(e, { waitReady });
  bots.push(bot);
  return bot;
}

describe('Redis settings and lost data', () => {
  it('a wrong password exits 2 with one line naming REDIS_URL, without the password', { timeout: LONG }, async () => {
    const wrong = redis.url.replace(encodeURIComponent(PASSWORD), 'not-the-password');
    const bot = await spawn(env(tempDir('shenbao-marker-'), { REDIS_URL: wrong }), false);
    expect(await bot.waitForExit(30_000)).toBe(2);
    const last = bot.output().trim().split('\n').at(-1)!;
    expect(last).toContain('REDIS_URL');
    expect(last).toMatch(/用户名或密码不对/);
    expect(bot.output()).not.toContain('not-the-password');
  });

  it('Redis restarted empty: logged as an error and reported by /healthz; the next start refuses unless told', { timeout: LONG }, async () => {
    const dataDir = tempDir('shenbao-marker-');
    const bot = await spawn(env(dataDir));
    expect(await bot.healthy()).toBe(true);
    await redis.stop();
    await redis.restart();
    await until(() => /Redis restarted without its data/.test(bot.output()), 'the error line', 30_000);
    const line = bot
      .output()
      .split('\n')
      .find((l) => l.includes('Redis restarted without its data'))!;
    expect(JSON.parse(line).level).toBe(50);
    const health = await fetch(`${bot.url}/healthz`);
    expect(health.status).toBe(503);
    expect(await health.text()).toContain('without its data');
    await bot.stop();

    // The same deployment (its DATA_DIR remembers the marker) on the emptied Redis: refused.
    const again = await spawn(env(dataDir), false);
    expect(await again.waitForExit(30_000)).toBe(2);
    expect(again.output()).toContain('REDIS_ACCEPT_EMPTY=1');
    // Told to: it starts, with the loss in the log.
    const accepted = await spawn(env(dataDir, { REDIS_ACCEPT_EMPTY: '1' }));
    expect(await accepted.healthy()).toBe(true);
    expect(accepted.output()).toMatch(/"level":50.*Redis lost its data/);
    await accepted.stop();
    // And from then on it starts as usual.
    const usual = await spawn(env(dataDir));
    expect(await usual.healthy()).toBe(true);
  });
});
