// Whole process: kill -9 in the middle of a burst, in each intake mode (Telegram polling,
// Telegram webhook, Lark webhook), then a restart on the same DATA_DIR. Every chat of the burst
// said one fact; after the restart every one of them must be in the store: 0 lost. The
// platform side behaves as the real one: Telegram hands out again what was not confirmed,
// and a webhook delivery that was not answered 200 is delivered again.
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { startLarkDouble, type LarkDouble } from '../../doubles/lark-api.js';
import { larkRequest, messageEvent, postLarkWebhook } from '../../doubles/lark-events.js';
import { startTelegramDouble, type TelegramDouble } from '../../doubles/telegram-api.js';
import { FACT_TEXT, kill9, openIntake, quiet, report, storedGrades, until } from './fault-helpers.js';
import { removeTempDirs, spawnBot, tempDir, type BotProcess } from './lark-process.js';
import { freePort, killAll, startBot, TOKEN } from '../../doubles/telegram-process.js';

const LONG = 240_000;
let tg: TelegramDouble | undefined;
let lk: LarkDouble | undefined;

const larkBots: BotProcess[] = [];
afterAll(async () => {
  killAll();
  for (const b of larkBots) await b.stop(); // none left behind when a test fails half-way
  await tg?.close();
  await lk?.close();
  removeTempDirs();
});

const lost = (grades: Map<string, string | undefined>, chats: string[]) => chats.filter((c) => grades.get(c) !== 'B').length;

describe('kill -9 mid-burst loses nothing', () => {
  it('Telegram long polling: 200 chats', { timeout: LONG }, async () => {
    tg = await startTelegramDouble({ token: TOKEN, maxPollSeconds: 1 });
    const dataDir = tempDir('shenbao-crash-poll-');
    const env = { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: tg.url, DATA_DIR: dataDir };
    let bot = await startBot(env);
    const chats = Array.from({ length: 200 }, (_, i) => 91_000 + i);
    for (const chat of chats) tg.userMessage(chat, FACT_TEXT);
    const answered = () => chats.filter((c) => tg!.sent(c).length > 0).length;
    await until(() => answered() >= 20, 'the first answers');
    kill9(bot.child.pid!);
    const atKill = answered();
    await until(() => !bot.alive(), 'the kill');
    bot = await startBot(env);
    await until(() => answered() === chats.length, 'every chat answered after the restart', 120_000);
    await quiet(() => tg!.sentLog().length);
    expect(await bot.stop()).toBe(0);
    const missing = lost(storedGrades(dataDir, 'telegram'), chats.map(String));
    report('polling: facts lost after kill -9 (200 chats)', { lost: missing, answeredBeforeKill: atKill });
    expect(missing).toBe(0);
    expect(openIntake(dataDir)).toBe(0);
    await tg.close();
    tg = undefined;
  });

  it('Telegram webhook: 100 chats, unanswered deliveries sent again', { timeout: LONG }, async () => {
    tg = await startTelegramDouble({ token: TOKEN });
    const dataDir = tempDir('shenbao-crash-tghook-');
    const port = await freePort();
    const hook = `http://127.0.0.1:${port}/telegram/webhook`;
    const SECRET = 'crash_Secret-1';
    const env = { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: tg.url, TELEGRAM_WEBHOOK_SECRET: SECRET, DATA_DIR: dataDir, PORT: String(port) };
    let bot = await startBot(env);
    const chats = Array.from({ length: 100 }, (_, i) => 92_000 + i);
    const update = (chat: number) => ({
      update_id: chat,
      message: {
        message_id: 1,
        date: Math.floor(Date.now() / 1000),
        chat: { id: chat, type: 'private', first_name: 'T' },
        from: { id: chat, is_bot: false, first_name: 'T' },
        text: FACT_TEXT,
      },
    });
    const acked = new Set<number>();
    const deliver = (chat: number) =>
      tg!.postWebhook(hook, update(chat), SECRET).then(
        (status) => void (status === 200 && acked.add(chat)),
        () => undefined,
      );
    const burst = Promise.all(
      chats.map(async (chat, i) => {
        await new Promise((r) => setTimeout(r, i * 5));
        await deliver(chat);
      }),
    );
    await until(() => acked.size >= 20, 'the first acknowledgements');
    kill9(bot.child.pid!);
    await burst;
    const ackedAtKill = acked.size;
    await until(() => !bot.alive(), 'the kill');
    bot = await startBot(env);
    // Telegram delivers again what was not answered 200.
    for (const chat of chats) if (!acked.has(chat)) await deliver(chat);
    await until(() => chats.every((c) => tg!.sent(c).length > 0), 'every chat answered', 120_000);
    await quiet(() => tg!.sentLog().length);
    expect(await bot.stop()).toBe(0);
    const missing = lost(storedGrades(dataDir, 'telegram'), chats.map(String));
    report('telegram webhook: facts lost after kill -9 (100 chats)', { lost: missing, acknowledgedBeforeKill: ackedAtKill });
    expect(missing).toBe(0);
    expect(openIntake(dataDir)).toBe(0);
    await tg.close();
    tg = undefined;
  });

  it('Lark webhook: 100 chats, unanswered deliveries sent again', { timeout: LONG }, async () => {
    const APP_ID = `cli_${randomBytes(8).toString('hex')}`;
    const APP_SECRET = `app-secret-${randomBytes(12).toString('hex')}`;
    const ENCRYPT_KEY = `encrypt-key-${randomBytes(12).toString('hex')}`;
    const VTOKEN = `verify-token-${randomBytes(12).toString('hex')}`;
    lk = await startLarkDouble({ appId: APP_ID, appSecret: APP_SECRET });
    const dataDir = tempDir('shenbao-crash-lark-');
    const env = {
      LARK_APP_ID: APP_ID,
      LARK_APP_SECRET: APP_SECRET,
      LARK_DOMAIN: lk.url,
      LARK_MODE: 'webhook',
      LARK_ENCRYPT_KEY: ENCRYPT_KEY,
      LARK_VERIFICATION_TOKEN: VTOKEN,
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
    };
    let bot = await spawnBot(env);
    larkBots.push(bot);
    const chats = Array.from({ length: 100 }, (_, i) => `oc_crash_${i}`);
    const acked = new Set<string>();
    const deliver = (chat: string) => {
      const req = larkRequest(messageEvent({ eventId: `ev-${chat}`, chatId: chat, chatType: 'p2p', openId: `ou_${chat}`, text: FACT_TEXT, token: VTOKEN }), {
        encryptKey: ENCRYPT_KEY,
      });
      return postLarkWebhook(`${bot.url}/lark/webhook`, req.body, req.headers).then(
        (res) => void (res.status === 200 && acked.add(chat)),
        () => undefined,
      );
    };
    const burst = Promise.all(
      chats.map(async (chat, i) => {
        await new Promise((r) => setTimeout(r, i * 5));
        await deliver(chat);
      }),
    );
    await until(() => acked.size >= 20, 'the first acknowledgements');
    kill9(bot.child.pid!);
    await burst;
    const ackedAtKill = acked.size;
    await until(() => !bot.alive(), 'the kill');
    bot = await spawnBot(env);
    larkBots.push(bot);
    for (const chat of chats) if (!acked.has(chat)) await deliver(chat);
    await until(() => chats.every((c) => lk!.messages(c).length > 0), 'every chat answered', 120_000);
    await quiet(() => lk!.messages().length);
    await bot.stop();
    const missing = lost(storedGrades(dataDir, 'lark'), chats);
    report('lark webhook: facts lost after kill -9 (100 chats)', { lost: missing, acknowledgedBeforeKill: ackedAtKill });
    expect(missing).toBe(0);
    expect(openIntake(dataDir)).toBe(0);
  });
});
