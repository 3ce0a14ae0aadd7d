import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Bot, GrammyError, InlineKeyboard, InputFile, webhookCallback } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { autoRetry } from '@grammyjs/auto-retry';
import { type TelegramDouble, parseTelegramHtml, startTelegramDouble } from '../../doubles/telegram-api.js';
import { httpRequest } from '../../doubles/http-util.js';

const CHAT = 777001;

let tg: TelegramDouble;

function makeBot(double: TelegramDouble): Bot {
  return new Bot(double.token, {
    client: { apiRoot: double.url },
    botInfo: double.botInfo as UserFromGetMe,
  });
}

async function apiError(p: Promise<unknown>): Promise<GrammyError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof GrammyError) return e;
    throw e;
  }
  throw new Error('expected a GrammyError');
}

beforeEach(async () => {
  tg = await startTelegramDouble({ maxPollSeconds: 0.5 });
});
afterEach(async () => {
  await tg.close();
});

describe('telegram double: sending', () => {
  it('sends a message through a real grammY Bot and records it', async () => {
    const bot = makeBot(tg);
    const m1 = await bot.api.sendMessage(CHAT, 'hello');
    const m2 = await bot.api.sendMessage(CHAT, '<b>bold</b> &amp; <a href="https://x.org/?a=1&amp;b=2">link</a>', {
      parse_mode: 'HTML',
    });
    expect(m1.message_id).toBe(1);
    expect(m2.message_id).toBe(2);
    expect(m1.chat).toMatchObject({ id: CHAT, type: 'private' });
    expect(m2.text).toBe('bold & link');
    expect(tg.sent(CHAT)).toEqual(['hello', '<b>bold</b> &amp; <a href="https://x.org/?a=1&amp;b=2">link</a>']);
    expect(tg.sentPlain(CHAT)).toEqual(['hello', 'bold & link']);
    const call = tg.calls.find((c) => c.method === 'sendMessage');
    expect(call?.params).toMatchObject({ chat_id: CHAT, text: 'hello' });
    expect(call?.status).toBe(200);
    // ids are per chat
    const other = await bot.api.sendMessage(-1001234567890, 'group');
    expect(other.message_id).toBe(1);
    expect(other.chat.type).toBe('supergroup');
  });

  it('rejects bad HTML like Telegram does', async () => {
    const bot = makeBot(tg);
    const e = await apiError(bot.api.sendMessage(CHAT, 'a <b>bold', { parse_mode: 'HTML' }));
    expect(e.error_code).toBe(400);
    expect(e.description).toMatch(/^Bad Request: can't parse entities: /);
    for (const bad of ['1 < 2', 'x <br> y', 'A & B', '<b><i>x</b></i>', '</b>', '<span>x</span>', '&nbsp;', '<b x="1>']) {
      const err = await apiError(bot.api.sendMessage(CHAT, bad, { parse_mode: 'HTML' }));
      expect(err.description, bad).toMatch(/can't parse entities/);
    }
    // the same text without parse_mode is fine
    await bot.api.sendMessage(CHAT, '1 < 2 & 3');
    expect(tg.sent(CHAT)).toEqual(['1 < 2 & 3']);
    expect(tg.calls.filter((c) => c.status === 400)).toHaveLength(9);
  });

  it('accepts every supported tag', () => {
    const ok = parseTelegramHtml(
      '<b>1</b><strong>2</strong><i>3</i><em>4</em><u>5</u><ins>6</ins><s>7</s><strike>8</strike><del>9</del>' +
        '<a href=\'https://a.b\'>10</a><code>11</code><pre><code class="language-ts">12</code></pre>' +
        '<tg-spoiler>13</tg-spoiler><span class="tg-spoiler">14</span><blockquote expandable>15</blockquote>' +
        '&lt;&gt;&quot;&#65;&#x42;',
    );
    expect(ok).toEqual({ ok: true, text: '123456789101112131415<>"AB' });
  });

  it('enforces length and callback_data limits', async () => {
    const bot = makeBot(tg);
    await bot.api.sendMessage(CHAT, 'x'.repeat(4096));
    const long = await apiError(bot.api.sendMessage(CHAT, 'x'.repeat(4097)));
    expect(long.description).toBe('Bad Request: message is too long');
    // length is measured after entity parsing
    await bot.api.sendMessage(CHAT, `<b>${'&amp;'.repeat(4096)}</b>`, { parse_mode: 'HTML' });
    const kb = new InlineKeyboard().text('ok', 'x'.repeat(64)).text('bad', '数'.repeat(22)); // 66 bytes
    const e = await apiError(bot.api.sendMessage(CHAT, 'pick', { reply_markup: kb }));
    expect(e.description).toBe('Bad Request: BUTTON_DATA_INVALID');
    const empty = await apiError(bot.api.sendMessage(CHAT, '   '));
    expect(empty.description).toBe('Bad Request: message text is empty');
  });

  it('edits text and markup, with Telegram errors', async () => {
    const bot = makeBot(tg);
    const kb = new InlineKeyboard().text('A', 'a').text('B', 'b');
    const m = await bot.api.sendMessage(CHAT, 'v1', { reply_markup: kb });
    expect(m.reply_markup?.inline_keyboard[0]).toHaveLength(2);
    const e1 = await bot.api.editMessageText(CHAT, m.message_id, 'v2', { reply_markup: kb });
    expect(e1).toMatchObject({ text: 'v2' });
    const same = await apiError(bot.api.editMessageText(CHAT, m.message_id, 'v2', { reply_markup: kb }));
    expect(same.description).toMatch(/^Bad Request: message is not modified/);
    await bot.api.editMessageReplyMarkup(CHAT, m.message_id, { reply_markup: new InlineKeyboard().text('C', 'c') });
    const missing = await apiError(bot.api.editMessageText(CHAT, 999, 'x'));
    expect(missing.description).toBe('Bad Request: message to edit not found');
    expect(tg.sent(CHAT)).toEqual(['v1', 'v2']);
    expect(tg.botMessages(CHAT)[0]).toMatchObject({ text: 'v2', reply_markup: { inline_keyboard: [[{ text: 'C' }]] } });
  });
});

describe('telegram double: faults', () => {
  it('injected 429 fails once, then the call succeeds', async () => {
    const bot = makeBot(tg);
    tg.inject('sendMessage', { status: 429, retryAfter: 1 });
    const e = await apiError(bot.api.sendMessage(CHAT, 'first'));
    expect(e.error_code).toBe(429);
    expect(e.description).toBe('Too Many Requests: retry after 1');
    expect(e.parameters.retry_after).toBe(1);
    await bot.api.sendMessage(CHAT, 'second');
    expect(tg.sent(CHAT)).toEqual(['second']);
    expect(tg.calls.map((c) => [c.method, c.status, Boolean(c.injected)])).toEqual([
      ['sendMessage', 429, true],
      ['sendMessage', 200, false],
    ]);
  });

  it('auto-retry recovers from an injected 429 after retry_after', async () => {
    const bot = makeBot(tg);
    bot.api.config.use(autoRetry());
    tg.inject('sendMessage', { status: 429, retryAfter: 1 }, 1);
    const t0 = Date.now();
    await bot.api.sendMessage(CHAT, 'eventually');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
    expect(tg.sent(CHAT)).toEqual(['eventually']);
  });

  it('injects 500 and 403, per chat if asked', async () => {
    const bot = makeBot(tg);
    tg.inject('sendMessage', { status: 500 });
    tg.inject('sendMessage', { status: 403, chatId: 42 }, 2);
    expect((await apiError(bot.api.sendMessage(CHAT, 'x'))).error_code).toBe(500);
    await bot.api.sendMessage(CHAT, 'fine');
    const blocked = await apiError(bot.api.sendMessage(42, 'x'));
    expect(blocked.error_code).toBe(403);
    expect(blocked.description).toBe('Forbidden: bot was blocked by the user');
    expect((await apiError(bot.api.sendMessage(42, 'x'))).error_code).toBe(403);
    await bot.api.sendMessage(42, 'unblocked');
  });

  it('answers 401 for a wrong token and 404 for an unknown method', async () => {
    const wrong = new Bot('1:wrong', { client: { apiRoot: tg.url }, botInfo: tg.botInfo as UserFromGetMe });
    const e = await apiError(wrong.api.sendMessage(CHAT, 'x'));
    expect(e.error_code).toBe(401);
    expect(e.description).toBe('Unauthorized');
    const r = await httpRequest(`${tg.url}/bot${tg.token}/fooBar`, { body: '{}', headers: { 'content-type': 'application/json' } });
    expect(r.status).toBe(404);
    expect(r.body).toEqual({ ok: false, error_code: 404, description: 'Not Found' });
    // urlencoded and GET query bodies are understood too
    const u = await httpRequest(`${tg.url}/bot${tg.token}/sendMessage`, {
      body: `chat_id=${CHAT}&text=${encodeURIComponent('form body')}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(u.status).toBe(200);
    const g = await httpRequest(`${tg.url}/bot${tg.token}/getMe`, { method: 'GET' });
    expect((g.body as { result: { username: string } }).result.username).toBe('shenbao_test_bot');
    expect(tg.sent(CHAT)).toEqual(['form body']);
  });
});

describe('telegram double: updates', () => {
  it('getUpdates delivers queued updates to bot.start(), and stop() confirms them', async () => {
    const bot = makeBot(tg);
    bot.command('start', (ctx) => ctx.reply(`hi ${ctx.from?.first_name}`));
    bot.on('message:text', (ctx) => ctx.reply(`echo: ${ctx.message.text}`));
    const u1 = tg.userMessage(CHAT, '/start');
    const running = bot.start({ timeout: 30 });
    await tg.waitFor((c) => c.method === 'sendMessage' && c.ok, 5000);
    // an update queued while the bot is long-polling wakes the held request
    await new Promise((r) => setTimeout(r, 100));
    tg.userMessage(CHAT, 'ping');
    await tg.waitFor((c) => c.method === 'sendMessage' && c.params['text'] === 'echo: ping', 5000);
    await bot.stop();
    await running;
    expect(tg.sent(CHAT)).toEqual(['hi Test', 'echo: ping']);
    expect(u1.message?.entities?.[0]).toMatchObject({ type: 'bot_command', offset: 0, length: 6 });
    expect(tg.pendingUpdates).toHaveLength(0);
    expect(tg.calls.some((c) => c.method === 'deleteWebhook')).toBe(true);
  });

  it('callback queries: answer once, second answer fails', async () => {
    const bot = makeBot(tg);
    const sent = await bot.api.sendMessage(CHAT, 'choose', { reply_markup: new InlineKeyboard().text('Yes', 'yes') });
    bot.on('callback_query:data', async (ctx) => {
      await ctx.answerCallbackQuery({ text: 'ok' });
      await ctx.editMessageText(`chose ${ctx.callbackQuery.data}`);
    });
    const upd = tg.callback(CHAT, sent.message_id, 'yes');
    expect(upd.callback_query?.message?.message_id).toBe(sent.message_id);
    const running = bot.start();
    await tg.waitFor((c) => c.method === 'editMessageText' && c.ok);
    await bot.stop();
    await running;
    expect(tg.sent(CHAT)).toEqual(['choose', 'chose yes']);
    const again = await apiError(bot.api.answerCallbackQuery(upd.callback_query!.id));
    expect(again.description).toMatch(/query is too old/);
  });

  it('getUpdates honours offset and limit, and holds at most maxPollSeconds', async () => {
    for (let i = 0; i < 3; i++) tg.userMessage(CHAT, `m${i}`);
    const bot = makeBot(tg);
    const first = await bot.api.getUpdates({ limit: 2 });
    expect(first.map((u) => u.message?.text)).toEqual(['m0', 'm1']);
    const rest = await bot.api.getUpdates({ offset: first[1]!.update_id + 1 });
    expect(rest.map((u) => u.message?.text)).toEqual(['m2']);
    const t0 = Date.now();
    const none = await bot.api.getUpdates({ offset: rest[0]!.update_id + 1, timeout: 30 });
    expect(none).toEqual([]);
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(400);
  });

  it('webhook: posts an update with the secret header', async () => {
    const bot = makeBot(tg);
    bot.on('message:text', (ctx) => ctx.reply(`hook: ${ctx.message.text}`));
    const server = http.createServer(webhookCallback(bot, 'http', { secretToken: 's3cret' }));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const hookUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      await bot.api.setWebhook(hookUrl, { secret_token: 's3cret' });
      expect(tg.webhook?.['url']).toBe(hookUrl);
      const e = await apiError(bot.api.getUpdates());
      expect(e.error_code).toBe(409);
      const upd = { message: { message_id: 5, date: 1, chat: { id: CHAT, type: 'private' as const, first_name: 'T' }, text: 'x' } };
      expect(await tg.postWebhook(hookUrl, upd, 'wrong')).toBe(401);
      expect(await tg.postWebhook(hookUrl, upd, 's3cret')).toBe(200);
      expect(tg.sent(CHAT)).toEqual(['hook: x']);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});

describe('telegram double: documents and lifecycle', () => {
  it('sendDocument with an InputFile records name, size and content', async () => {
    const bot = makeBot(tg);
    const content = 'name,deadline\n学会A,2025-03-01\n';
    const msg = await bot.api.sendDocument(CHAT, new InputFile(Buffer.from(content), '清单 list.csv'), {
      caption: '<b>附件</b>',
      parse_mode: 'HTML',
    });
    expect(msg.document?.file_name).toBe('清单 list.csv');
    expect(msg.caption).toBe('附件');
    const [doc] = tg.documents(CHAT);
    expect(doc?.filename).toBe('清单 list.csv');
    expect(doc?.size).toBe(Buffer.byteLength(content));
    expect(doc?.text).toBe(content);
    expect(Buffer.isBuffer(doc?.content)).toBe(true);
    const call = tg.calls.find((c) => c.method === 'sendDocument');
    expect(call?.files).toHaveLength(1);
    expect(call?.params['caption']).toBe('<b>附件</b>');
  });

  it('waitFor times out with a useful message', async () => {
    await expect(tg.waitFor((c) => c.method === 'never', 50)).rejects.toThrow(/timed out/);
  });

  it('close() ends a held long poll and leaves no sockets behind', async () => {
    const before = process.getActiveResourcesInfo().filter((r) => r.startsWith('TCP')).length;
    const d = await startTelegramDouble({ maxPollSeconds: 30 });
    const bot = makeBot(d);
    const p = bot.api.getUpdates({ timeout: 30 });
    await new Promise((r) => setTimeout(r, 100));
    const t0 = Date.now();
    await d.close();
    expect(await p.catch(() => 'closed')).toBeDefined();
    expect(Date.now() - t0).toBeLessThan(1000);
    await new Promise((r) => setTimeout(r, 50));
    const after = process.getActiveResourcesInfo().filter((r) => r.startsWith('TCP')).length;
    expect(after).toBeLessThanOrEqual(before);
  });
});
