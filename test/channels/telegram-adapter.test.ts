// startTelegram() in process against the Bot API double: the adapter's behaviour in detail.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { GrammyError, HttpError } from 'grammy';
import { chatKey, MAX_TEXT_CHARS } from '../../src/chat-service.js';
import { STALE_BUTTON } from '../../src/channels/telegram.js';
import { makeScrubber, safeError, tokenSecrets } from '../../src/channels/telegram-errors.js';
import { DONE_LABEL } from '../../src/channels/telegram-render.js';
import { recordKey } from '../../src/intake/intake.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import type { Store } from '../../src/store/store.js';
import { startTelegramDouble, TgError, type TelegramDouble } from '../../doubles/telegram-api.js';
import { buttons, lastKeyboard, outCount, sleep, startTgHarness, TOKEN, tokenLeaks, until, WEBHOOK_SECRET, type TgHarness } from './telegram-harness.js';

const allLogs: string[] = [];
let h: TgHarness | undefined;
afterEach(async () => {
  if (h) {
    allLogs.push(...h.logs, ...h.tg.calls.map((c) => JSON.stringify(c.params)));
    await h.close();
    h = undefined;
  }
});
afterAll(() => {
  // Over every test in this file: the token never reached a log line.
  expect(allLogs.length).toBeGreaterThan(0);
  expect(tokenLeaks(allLogs)).toEqual([]);
});

const stateOf = (store: Store, chat: number | string) => store.get<Record<string, unknown>>(chatKey('telegram', String(chat)));
const answers = (tg: TelegramDouble) => tg.calls.filter((c) => c.method === 'answerCallbackQuery');

describe('telegram adapter: polling', () => {
  it('/start sends the greeting and an inline keyboard; a multiple choice toggles ✅ by editing the same message', async () => {
    h = await startTgHarness();
    const { tg } = h;
    const CHAT = 5001;
    tg.userMessage(CHAT, '/start');
    await until(() => lastKeyboard(tg, CHAT) !== undefined, 'first question');
    const q = lastKeyboard(tg, CHAT)!;
    expect(tg.sentLog(CHAT).every((r) => r.parseMode === 'HTML')).toBe(true);
    const kb = buttons(q);
    expect(kb.at(-1)!.text).toBe(DONE_LABEL);
    for (const b of kb) expect(Buffer.byteLength(b.callback_data)).toBeLessThanOrEqual(64);

    tg.callback(CHAT, q.message_id, kb[0]!.callback_data);
    await until(() => tg.sentLog(CHAT).some((r) => r.kind === 'edit'), 'the toggle edit');
    const edited = tg.botMessages(CHAT).find((m) => m.message_id === q.message_id)!;
    expect(buttons(edited)[0]!.text).toBe(`✅ ${kb[0]!.text}`);
    expect(edited.text).toContain('已选');
    // toggling again removes the tick
    tg.callback(CHAT, q.message_id, kb[0]!.callback_data);
    await until(() => tg.sentLog(CHAT).filter((r) => r.kind === 'edit').length === 2, 'second edit');
    expect(buttons(tg.botMessages(CHAT).find((m) => m.message_id === q.message_id)!)[0]!.text).toBe(kb[0]!.text);
    tg.callback(CHAT, q.message_id, kb[0]!.callback_data);
    await until(() => tg.sentLog(CHAT).filter((r) => r.kind === 'edit').length === 3, 'third edit');

    // done: the answered question loses its buttons, the next question comes as a new message
    const before = tg.botMessages(CHAT).length;
    tg.callback(CHAT, q.message_id, kb.at(-1)!.callback_data);
    await until(() => tg.botMessages(CHAT).length > before && lastKeyboard(tg, CHAT)?.message_id !== q.message_id, 'next question');
    expect(tg.botMessages(CHAT).find((m) => m.message_id === q.message_id)!.reply_markup).toBeUndefined();
    // every callback query answered exactly once, without an error text
    await until(() => answers(tg).length === 4, 'answers');
    expect(answers(tg).every((c) => c.ok && c.params['text'] === undefined)).toBe(true);
    expect(new Set(answers(tg).map((c) => c.params['callback_query_id'])).size).toBe(4);
  });

  it("an English chat: its done button, and a stale button's answer, are in English", async () => {
    h = await startTgHarness();
    const { tg } = h;
    const E = 5201;
    tg.userMessage(E, '/lang en');
    await until(() => tg.sentPlain(E).some((t) => t.includes('Language: English')), 'language switched');
    tg.userMessage(E, '/start');
    await until(() => !!lastKeyboard(tg, E), 'a question');
    const q = lastKeyboard(tg, E)!;
    const labels = buttons(q).map((b) => b.text);
    expect(labels.at(-1)).toBe('✔️ Done');
    expect(labels).not.toContain(DONE_LABEL);
    tg.callback(E, q.message_id, 'v1.AAAAAAAA.p.0.AAAAAAAAAAAAAAAA');
    await until(() => answers(tg).length === 1, 'the answer');
    expect(answers(tg)[0]!.params['text']).toBe('This button no longer works');
  });

  it('forged, altered and other-chat callback data: "按钮已失效", no effect', async () => {
    h = await startTgHarness();
    const { tg, store } = h;
    const A = 5101;
    const B = 5102;
    tg.userMessage(A, '/start');
    tg.userMessage(B, '/start');
    await until(() => !!lastKeyboard(tg, A) && !!lastKeyboard(tg, B), 'questions');
    const qa = lastKeyboard(tg, A)!;
    const qb = lastKeyboard(tg, B)!;
    const stateA = JSON.stringify(await stateOf(store, A));
    const stateB = JSON.stringify(await stateOf(store, B));
    const outA = outCount(tg, A);
    const outB = outCount(tg, B);
    const good = buttons(qa)[0]!.callback_data;
    const forged = [
      good.slice(0, -1) + (good.endsWith('A') ? 'B' : 'A'),
      good.replace('.t.0.', '.t.1.'),
      good.replace('.t.', '.d.'),
      'v1.AAAAAAAA.p.0.AAAAAAAAAAAAAAAA',
      'garbage',
      '',
    ];
    // A's button pressed in chat B (B's own message), and A's forged buttons in A
    tg.callback(B, qb.message_id, good);
    for (const f of forged) tg.callback(A, qa.message_id, f);
    await until(() => answers(tg).length === forged.length + 1, 'answers');
    expect(answers(tg).every((c) => c.params['text'] === STALE_BUTTON)).toBe(true);
    await sleep(200);
    expect(outCount(tg, A)).toBe(outA);
    expect(outCount(tg, B)).toBe(outB);
    expect(JSON.stringify(await stateOf(store, A))).toBe(stateA);
    expect(JSON.stringify(await stateOf(store, B))).toBe(stateB);
  });

  it('the same update three times in one batch gets one reply', async () => {
    // queued before the bot starts: its first getUpdates takes all three in one batch
    const tg = await startTelegramDouble({ token: TOKEN, maxPollSeconds: 0.3 });
    const CHAT = 5201;
    const u = tg.userMessage(CHAT, '/help');
    tg.pushUpdate(structuredClone(u));
    tg.pushUpdate(structuredClone(u));
    expect(tg.pendingUpdates).toHaveLength(3);
    h = await startTgHarness({ tg });
    await until(() => outCount(tg, CHAT) >= 1, 'reply');
    await sleep(500);
    expect(tg.sent(CHAT)).toHaveLength(1);
    expect(h.logs.filter((l) => l.includes('duplicate update dropped'))).toHaveLength(2);
    const polls = tg.calls.filter((c) => c.method === 'getUpdates' && Array.isArray(c.result) && c.result.length);
    expect(polls[0]!.result).toHaveLength(3);
    allLogs.push(...h.logs);
    await h.close();
    h = undefined;
    await tg.close();
  });

  it('a 429 is waited out and the message delivered once', async () => {
    h = await startTgHarness();
    const { tg } = h;
    const CHAT = 5301;
    tg.inject('sendMessage', { status: 429, retryAfter: 1, chatId: CHAT });
    tg.userMessage(CHAT, '/help');
    await until(() => outCount(tg, CHAT) === 1, 'delivery', 10_000);
    const tries = tg.calls.filter((c) => c.method === 'sendMessage' && String(c.params['chat_id']) === String(CHAT));
    expect(tries.map((c) => c.status)).toEqual([429, 200]);
    expect(tries[1]!.time - tries[0]!.time).toBeGreaterThanOrEqual(950);
    await sleep(300);
    expect(tg.sent(CHAT)).toHaveLength(1);
  });

  it('403 marks the chat inactive, with no retry and no further sends', async () => {
    h = await startTgHarness();
    const { tg, store } = h;
    const CHAT = 5401;
    tg.userMessage(CHAT, '/start');
    await until(() => !!lastKeyboard(tg, CHAT), 'question');
    tg.inject('*', { status: 403, chatId: CHAT }, 100);
    tg.userMessage(CHAT, '/check'); // several replies: only the first is tried
    await until(() => h!.logs.some((l) => l.includes('marked inactive')), 'inactive log');
    await sleep(300);
    const forbidden = tg.calls.filter((c) => c.status === 403);
    expect(forbidden).toHaveLength(1);
    expect((await stateOf(store, CHAT))?.['inactive']).toBe(true);
  });

  it('my_chat_member kicked marks the chat inactive', async () => {
    h = await startTgHarness();
    const { tg, store } = h;
    const CHAT = -5501;
    tg.userMessage(CHAT, '/start');
    await until(() => outCount(tg, CHAT) > 0, 'reply');
    tg.pushUpdate({
      my_chat_member: {
        chat: { id: CHAT, type: 'group', title: 'G' },
        from: { id: 42, is_bot: false, first_name: 'A' },
        date: 1,
        old_chat_member: { status: 'member', user: { id: 123456, is_bot: true, first_name: 'B' } },
        new_chat_member: { status: 'kicked', until_date: 0, user: { id: 123456, is_bot: true, first_name: 'B' } },
      },
    });
    await until(() => h!.logs.some((l) => l.includes('removed from chat')), 'kicked');
    await sleep(50);
    expect((await stateOf(store, CHAT))?.['inactive']).toBe(true);
  });

  it('a group upgraded to a supergroup: the stored chat moves to the new id', async () => {
    h = await startTgHarness();
    const { tg, store } = h;
    const OLD = -5601;
    const NEW = -1005601;
    tg.userMessage(OLD, '/start');
    await until(() => !!lastKeyboard(tg, OLD), 'question');
    const before = await stateOf(store, OLD);
    tg.pushUpdate({
      message: {
        message_id: 99,
        date: 1,
        chat: { id: OLD, type: 'group', title: 'G' },
        from: { id: 42, is_bot: false, first_name: 'A' },
        migrate_to_chat_id: NEW,
      },
    });
    await until(() => h!.logs.some((l) => l.includes('migrated')), 'migration');
    await sleep(100);
    expect(await stateOf(store, OLD)).toBeUndefined();
    expect(await stateOf(store, NEW)).toEqual(before);
  });

  it('groups: only messages addressed to the bot are answered, quoting the asker', async () => {
    h = await startTgHarness();
    const { tg } = h;
    const G = -5701;
    tg.userMessage(G, '大家好，今天开会');
    tg.userMessage(G, '/start@other_bot');
    tg.userMessage(G, '@someone 标准制定什么时候截止');
    const asked = tg.userMessage(G, '@shenbao_test_bot 标准制定什么时候截止？');
    await until(() => outCount(tg, G) >= 1, 'answer');
    await sleep(400);
    const sends = tg.calls.filter((c) => c.method === 'sendMessage' && String(c.params['chat_id']) === String(G));
    expect(sends.length).toBeGreaterThanOrEqual(1);
    expect(sends[0]!.params['reply_parameters']).toMatchObject({ message_id: asked.message!.message_id });
    expect(tg.sentPlain(G).join('\n')).toMatch(/截止/);
  });

  it('/calendar sends the .ics as a document', async () => {
    h = await startTgHarness();
    const { tg } = h;
    const CHAT = 5801;
    tg.userMessage(CHAT, '/calendar');
    await until(() => tg.documents(CHAT).length === 1, 'document');
    const [doc] = tg.documents(CHAT);
    expect(doc!.filename).toMatch(/\.ics$/);
    expect(doc!.text).toContain('BEGIN:VCALENDAR');
    expect(doc!.caption).toMatch(/日历/);
  });

  it('hostile text is shown literally; a very long message is read only in part, and says so', async () => {
    h = await startTgHarness();
    const { tg } = h;
    const CHAT = 5901;
    const hostile = `<a href="https://evil.example/?a=1&b=2">x</a> &amp; *b* _i_ [l](u) \`c\` ${'<>&'.repeat(30)}`;
    tg.userMessage(CHAT, `/evidence ${hostile}`);
    await until(() => outCount(tg, CHAT) >= 1, 'answer');
    expect(tg.sentPlain(CHAT).join('')).toContain(hostile);
    tg.userMessage(CHAT, `/evidence ${'<>&'.repeat(1700)}`);
    await until(() => outCount(tg, CHAT) >= 2, 'answer to the long one');
    await sleep(300);
    const plain = tg.sentPlain(CHAT);
    for (const p of plain) expect(p.length).toBeLessThanOrEqual(4096);
    expect(plain.at(-2)).toMatch(new RegExp(`^这条消息很长，我只读了前 ${MAX_TEXT_CHARS} 个字`));
    expect(plain.at(-1)!.length).toBeLessThan(500);
    expect(tg.calls.filter((c) => c.status === 400)).toEqual([]);
  });

  it('a failing store: the error goes to the log, and the message is answered once the store works again', async () => {
    const inner = createMemoryStore();
    let broken = true;
    const failing: Store = { ...inner, acquireLease: async (...a) => (broken ? Promise.reject(new Error('disk on fire')) : inner.acquireLease(...a)) };
    h = await startTgHarness({ store: failing });
    const { tg } = h;
    const CHAT = 6001;
    tg.userMessage(CHAT, '/help');
    await until(() => h!.logs.some((l) => l.includes('disk on fire')), 'the failure logged');
    expect(outCount(tg, CHAT)).toBe(0);
    broken = false;
    await until(() => outCount(tg, CHAT) === 1, 'the answer after recovery', 10_000);
    expect(tg.sentPlain(CHAT)[0]).toContain('/start');
  });

  it('a send the API refuses is logged; the bot carries on', async () => {
    h = await startTgHarness();
    const { tg } = h;
    const CHAT = 6101;
    tg.inject('sendMessage', { status: 400, description: 'Bad Request: something odd', chatId: CHAT });
    tg.userMessage(CHAT, '/help');
    await until(() => h!.logs.some((l) => l.includes('telegram send failed')), 'logged');
    tg.userMessage(CHAT, '/help');
    await until(() => outCount(tg, CHAT) === 1, 'next reply');
  });

  it('registers the Chinese command menu', async () => {
    h = await startTgHarness();
    const cmds = h.tg.commands.get('default|') ?? [];
    expect(cmds.map((c) => c['command'])).toEqual([
      'start',
      'help',
      'profile',
      'check',
      'deadlines',
      'evidence',
      'checklist',
      'calendar',
      'export',
      'remind',
      'reset',
      'lang',
      'join',
    ]);
    expect(cmds.find((c) => c['command'] === 'start')!['description']).toMatch(/开始/);
  });

  it("registers an English menu, and the staff commands only in the staff members' own chats", async () => {
    h = await startTgHarness({ staff: [777, 888] });
    const names = (key: string) => (h!.tg.commands.get(key) ?? []).map((c) => c['command'] as string);
    const everyone = ['start', 'help', 'profile', 'check', 'deadlines', 'evidence', 'checklist', 'calendar', 'export', 'remind', 'reset', 'lang', 'join'];
    expect(names('default|')).toEqual(everyone);
    expect(names('default|en')).toEqual(everyone);
    const en = h.tg.commands.get('default|en')!;
    expect(en.find((c) => c['command'] === 'start')!['description']).toMatch(/^Start/);
    expect(en.every((c) => !/[\u4e00-\u9fff]/.test(c['description'] as string))).toBe(true);
    for (const id of [777, 888]) {
      expect(names(`chat:${id}|`)).toEqual([...everyone, 'broadcast', 'stats']);
      expect(names(`chat:${id}|en`)).toEqual([...everyone, 'broadcast', 'stats']);
      expect(h.tg.commands.get(`chat:${id}|en`)!.find((c) => c['command'] === 'stats')!['description']).toMatch(/staff/);
    }
    // nobody else is shown a staff command
    const otherScopes = [...h.tg.commands.keys()].filter((k) => !k.startsWith('chat:'));
    for (const k of otherScopes) expect(names(k)).not.toContain('broadcast');
  });

  it('stop() waits for the update in flight', async () => {
    h = await startTgHarness();
    const { tg } = h;
    const CHAT = 6201;
    tg.inject('sendMessage', { status: 429, retryAfter: 1, chatId: CHAT });
    tg.userMessage(CHAT, '/help');
    await tg.waitFor((c) => c.method === 'sendMessage' && c.status === 429);
    await h.handle.stop();
    expect(tg.sent(CHAT)).toHaveLength(1);
  });
});

describe('telegram adapter: group send migrated', () => {
  it('a send refused with migrate_to_chat_id moves the chat and is repeated under the new id', async () => {
    const tg = await startTelegramDouble({ token: TOKEN, maxPollSeconds: 0.3 });
    const OLD = -6301;
    const NEW = -1006301;
    let n = 100;
    tg.on('sendMessage', (p) => {
      if (String(p['chat_id']) === String(OLD))
        throw new TgError(400, 'Bad Request: group chat was upgraded to a supergroup chat', { migrate_to_chat_id: NEW });
      return { message_id: n++, date: 1, chat: { id: Number(p['chat_id']), type: 'supergroup', title: 'G' }, text: p['text'] };
    });
    h = await startTgHarness({ tg });
    tg.userMessage(OLD, '/help');
    await until(() => tg.calls.some((c) => c.method === 'sendMessage' && c.ok), 'resend');
    const sends = tg.calls.filter((c) => c.method === 'sendMessage');
    expect(sends.map((c) => [String(c.params['chat_id']), c.status])).toEqual([
      [String(OLD), 400],
      [String(NEW), 200],
    ]);
    await sleep(100);
    expect(await stateOf(h.store, NEW)).toBeDefined();
    expect(await stateOf(h.store, OLD)).toBeUndefined();
    allLogs.push(...h.logs);
    await h.close();
    h = undefined;
    await tg.close();
  });
});

describe('telegram adapter: webhook', () => {
  it('401 without or with a wrong secret, and nothing is processed or stored', async () => {
    h = await startTgHarness({ webhook: true });
    const { tg, store } = h;
    const CHAT = 7001;
    const update = {
      update_id: 900001,
      message: {
        message_id: 1,
        date: 1,
        chat: { id: CHAT, type: 'private', first_name: 'T' },
        from: { id: CHAT, is_bot: false, first_name: 'T' },
        text: '/help',
      },
    };
    const keysBefore = await store.keys('');
    expect(await tg.postWebhook(h.webhookUrl!, update)).toBe(401);
    expect(await tg.postWebhook(h.webhookUrl!, update, 'wrong')).toBe(401);
    expect(await tg.postWebhook(h.webhookUrl!, update, `${WEBHOOK_SECRET}x`)).toBe(401);
    expect(await tg.postWebhook(h.webhookUrl!, update, '')).toBe(401);
    await sleep(100);
    expect(await store.keys('')).toEqual(keysBefore);
    expect(outCount(tg, CHAT)).toBe(0);
    // the same update with the right secret is still new, and answered once however often it comes
    expect(await Promise.all([1, 2, 3].map(() => tg.postWebhook(h!.webhookUrl!, update, WEBHOOK_SECRET)))).toEqual([200, 200, 200]);
    expect(await tg.postWebhook(h.webhookUrl!, update, WEBHOOK_SECRET)).toBe(200);
    expect(tg.sent(CHAT)).toHaveLength(1);
    expect(await store.get(recordKey('telegram', '900001'))).toMatchObject({ status: 'done' });
  });

  it('400 to a body that is not an update; no setWebhook without TELEGRAM_WEBHOOK_URL; 503 once stopped', async () => {
    h = await startTgHarness({ webhook: true });
    const { tg } = h;
    const post = (body: string) =>
      fetch(h!.webhookUrl!, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': WEBHOOK_SECRET }, body });
    expect((await post('{not json')).status).toBe(400);
    expect((await post('{"update_id":"x"}')).status).toBe(400);
    expect((await post('[]')).status).toBe(400);
    expect(tg.calls.some((c) => c.method === 'setWebhook')).toBe(false);
    expect(h.logs.some((l) => l.includes('setWebhook is left to the operator'))).toBe(true);
    await h.handle.stop();
    expect((await post('{"update_id":5}')).status).toBe(503);
  });

  it('TELEGRAM_WEBHOOK_URL: setWebhook with the secret token', async () => {
    h = await startTgHarness({ webhook: true, env: { TELEGRAM_WEBHOOK_URL: 'https://bot.example.org/telegram/webhook' } });
    expect(h.tg.webhook).toMatchObject({ url: 'https://bot.example.org/telegram/webhook', secret_token: WEBHOOK_SECRET });
  });
});

describe('safeError', () => {
  it('keeps the token out of what is logged, even from a network error holding the URL', () => {
    const scrub = makeScrubber(tokenSecrets(TOKEN));
    const inner = new Error(`request to http://127.0.0.1:1/bot${TOKEN}/sendMessage failed, reason: connect ECONNREFUSED`);
    const http = new HttpError("Network request for 'sendMessage' failed!", inner);
    const api = new GrammyError("Call to 'sendMessage' failed!", { ok: false, error_code: 400, description: `bad ${TOKEN}` }, 'sendMessage', {});
    for (const e of [http, api, inner, `string ${encodeURIComponent(TOKEN)}`]) {
      const text = JSON.stringify(safeError(e, scrub));
      expect(tokenLeaks([text])).toEqual([]);
    }
    expect(safeError(http, scrub).cause).toContain('ECONNREFUSED');
  });
});

describe('telegram bulk sender (broadcasts, reminders)', () => {
  it('one attempt per call: sent, retry after 429 or 5xx, inactive on 403, failed on other 4xx', async () => {
    h = await startTgHarness();
    const { tg } = h;
    const sender = h.handle.sender!;
    expect(sender.channel).toBe('telegram');
    expect(sender.limits.perChatPerSecond).toBeLessThanOrEqual(1);
    const CHAT = 9001;
    const ok = await sender.send(String(CHAT), '⏰ 提醒：<标准制定> & 材料', 'k1');
    expect(ok).toMatchObject({ status: 'sent' });
    expect(tg.sentPlain(CHAT)).toEqual(['⏰ 提醒：<标准制定> & 材料']);
    tg.inject('sendMessage', { status: 429, retryAfter: 7 });
    expect(await sender.send(String(CHAT), 'x', 'k2')).toMatchObject({ status: 'retry', afterMs: 7000 });
    tg.inject('sendMessage', { status: 502 });
    expect(await sender.send(String(CHAT), 'x', 'k3')).toMatchObject({ status: 'retry' });
    tg.inject('sendMessage', { status: 403 });
    expect(await sender.send(String(CHAT), 'x', 'k4')).toMatchObject({ status: 'inactive' });
    tg.inject('sendMessage', { status: 400, description: 'Bad Request: chat not found' });
    expect(await sender.send(String(CHAT), 'x', 'k5')).toMatchObject({ status: 'failed' });
    // each of those was one call, no retries behind the worker's back
    expect(tg.calls.filter((c) => c.method === 'sendMessage')).toHaveLength(5);
    // edit: live progress of a broadcast
    const id = (ok as { messageId: string }).messageId;
    expect(await sender.edit!(String(CHAT), id, '已发送 3/10')).toMatchObject({ status: 'sent' });
    expect(await sender.edit!(String(CHAT), id, '已发送 3/10')).toMatchObject({ status: 'sent' }); // not modified
    expect(tg.sentPlain(CHAT).at(-1)).toBe('已发送 3/10');
    // a long text goes out in parts
    expect(await sender.send(String(CHAT), `${'长'.repeat(3000)}\n${'文'.repeat(3000)}`, 'k6')).toMatchObject({ status: 'sent' });
    expect(
      tg
        .sentPlain(CHAT)
        .slice(-2)
        .map((t) => t.length),
    ).toEqual([3000, 3000]);
  });
});
