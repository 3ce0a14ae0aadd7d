// Whole process, webhook mode: `npm start` with TELEGRAM_WEBHOOK_SECRET serves
// POST /telegram/webhook on PORT; the Bot API double posts updates to it.
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTelegramDouble, type TelegramDouble } from '../../doubles/telegram-api.js';
import { freePort, killAll, leaks, sleep, startBot, started, TOKEN, until, type BotProcess } from '../../doubles/telegram-process.js';

const LONG = 60_000;
const SECRET = 'e2e_Webhook-secret-77';
let tg: TelegramDouble;
let dataDir: string;
let bot: BotProcess;
let hook: string;

beforeAll(async () => {
  tg = await startTelegramDouble({ token: TOKEN });
  dataDir = mkdtempSync(join(tmpdir(), 'shenbao-tg-hook-'));
  const port = await freePort();
  hook = `http://127.0.0.1:${port}/telegram/webhook`;
  bot = await startBot({
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_API_ROOT: tg.url,
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    TELEGRAM_WEBHOOK_URL: hook,
    DATA_DIR: dataDir,
    PORT: String(port),
  });
}, 60_000);

afterAll(async () => {
  killAll();
  await tg?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

const message = (update_id: number, chat: number, text: string) => ({
  update_id,
  message: {
    message_id: update_id,
    date: Math.floor(Date.now() / 1000),
    chat: { id: chat, type: 'private', first_name: 'T' },
    from: { id: chat, is_bot: false, first_name: 'T' },
    text,
  },
});

/** Size of the store files: the SQLite file (and its WAL) grow when anything is written. */
function storeBytes(): number {
  return readdirSync(dataDir).reduce((n, f) => n + statSync(join(dataDir, f)).size, 0);
}

describe('telegram e2e: webhook', () => {
  it('registers the webhook with its secret, and reports ready', { timeout: LONG }, async () => {
    expect(tg.webhook).toMatchObject({ url: hook, secret_token: SECRET });
    expect((await fetch(`http://127.0.0.1:${bot.port}/healthz`)).status).toBe(200);
    expect(tg.calls.some((c) => c.method === 'getUpdates')).toBe(false);
  });

  it('no secret or a wrong one: 401, nothing processed, stored or sent', { timeout: LONG }, async () => {
    const CHAT = 8101;
    const update = message(500001, CHAT, '/start');
    await sleep(300);
    const bytes = storeBytes();
    const callsBefore = tg.calls.length;
    expect(await tg.postWebhook(hook, update)).toBe(401);
    expect(await tg.postWebhook(hook, update, 'wrong')).toBe(401);
    expect(await tg.postWebhook(hook, update, SECRET.toUpperCase())).toBe(401);
    expect(await tg.postWebhook(hook, update, SECRET.slice(0, -1))).toBe(401);
    expect(await tg.postWebhook(hook, update, `${SECRET}x`)).toBe(401);
    for (let i = 0; i < 20; i++) expect(await tg.postWebhook(hook, message(500100 + i, CHAT, `/check ${i}`), `guess${i}`)).toBe(401);
    await sleep(500);
    expect(tg.calls.length).toBe(callsBefore);
    expect(storeBytes()).toBe(bytes);
    // The very same update, with the secret, is new to the bot: nothing of it had been recorded.
    expect(await tg.postWebhook(hook, update, SECRET)).toBe(200);
    await until(() => tg.sent(CHAT).length > 0, 'the reply');
  });

  it('the same update delivered 3 times gets 1 reply', { timeout: LONG }, async () => {
    const CHAT = 8102;
    const update = message(500200, CHAT, '/help');
    const codes = await Promise.all([1, 2, 3].map(() => tg.postWebhook(hook, update, SECRET)));
    expect(codes).toEqual([200, 200, 200]);
    await sleep(500);
    expect(tg.sent(CHAT)).toHaveLength(1);
  });

  it('a body that is not an update: 400', { timeout: LONG }, async () => {
    const r = await fetch(hook, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': SECRET }, body: '{oops' });
    expect(r.status).toBe(400);
  });

  it('stops on SIGTERM with exit 0; the token never reached a log', { timeout: LONG }, async () => {
    expect(await bot.stop()).toBe(0);
    const logs = started.map((p) => p.output()).join('\n');
    expect(logs).toContain('"mode":"webhook"');
    expect(logs).toContain('telegram webhook refused');
    expect(leaks(logs, [TOKEN, TOKEN.split(':')[1]!, SECRET])).toBe(0);
    expect(tg.calls.filter((c) => /can't parse entities/.test(c.error?.description ?? ''))).toEqual([]);
  });
});
