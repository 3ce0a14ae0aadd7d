import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as lark from '@larksuiteoapi/node-sdk';
import { startLark } from '../../src/channels/lark.js';
import { sendUuid } from '../../src/channels/lark-bot.js';
import { recordKey } from '../../src/intake/intake.js';
import { parseMessageEvent, extractText } from '../../src/channels/lark-inbound.js';
import { startLarkDouble, type LarkDouble } from '../../doubles/lark-api.js';
import { cardActionEvent, larkRequest, messageEvent, postLarkWebhook } from '../../doubles/lark-events.js';
import { buttonsOf, isQuestionCard, SECRETS, startHarness, type Harness } from './lark-harness.js';

const T = SECRETS.verificationToken;
let lk: LarkDouble;
let h: Harness;
let seq = 0;
const id = (p: string) => `${p}-${++seq}`;

beforeAll(async () => {
  lk = await startLarkDouble();
  h = await startHarness(lk, { webhook: true, staff: ['ou_staff'] });
});
afterAll(async () => {
  await h.close();
  await lk.close();
});

const say = async (
  chatId: string,
  text: string,
  o: { chatType?: 'p2p' | 'group'; openId?: string; mentions?: { openId: string; name: string }[]; eventId?: string } = {},
) => {
  const ev = messageEvent({
    eventId: o.eventId ?? id('ev'),
    chatId,
    chatType: o.chatType ?? 'p2p',
    openId: o.openId ?? 'ou_user',
    text,
    token: T,
    ...(o.mentions && { mentions: o.mentions }),
  });
  lk.noteInbound(ev);
  await h.bot.dispatch(ev);
  await h.bot.idle();
  return ev;
};

const click = async (chatId: string, messageId: string, value: unknown) => {
  const answer = await h.bot.dispatch(cardActionEvent({ eventId: id('card'), openId: 'ou_user', chatId, messageId, value, token: T }));
  await h.bot.idle();
  return answer;
};

describe('inbound parsing', () => {
  it('p2p text, staff flag, bot senders ignored', () => {
    const ev = messageEvent({ eventId: 'e1', chatId: 'oc', chatType: 'p2p', openId: 'ou_staff', text: '  /stats  ', token: T });
    const flat = { event_id: 'e1', ...ev['event'] };
    expect(parseMessageEvent(flat, { staffOpenIds: ['ou_staff'] })).toMatchObject({
      eventId: 'e1',
      incoming: { channel: 'lark', chatId: 'oc', userId: 'ou_staff', text: '/stats', isStaff: true, isGroup: false },
    });
    expect(parseMessageEvent({ ...flat, sender: { ...flat.sender, sender_type: 'app' } }, { staffOpenIds: [] })).toHaveProperty('ignore');
    expect(parseMessageEvent({}, { staffOpenIds: [] })).toHaveProperty('ignore');
  });

  it('groups: only messages @-mentioning the bot, mention stripped, other mentions by name', () => {
    const ev = (mentions: { openId: string; name: string }[], text: string) => {
      const e = messageEvent({ eventId: 'g', chatId: 'oc_g', chatType: 'group', openId: 'ou_1', text, token: T, mentions });
      return { event_id: 'g', ...e['event'] };
    };
    expect(parseMessageEvent(ev([], '截止时间?'), { staffOpenIds: [] })).toHaveProperty('ignore');
    expect(parseMessageEvent(ev([{ openId: 'ou_bot', name: '申报助手' }], '截止时间?'), { staffOpenIds: [] })).toMatchObject({
      incoming: { text: '截止时间?', isGroup: true },
    });
    const both = ev(
      [
        { openId: 'ou_bot', name: '申报助手' },
        { openId: 'ou_li', name: '李老师' },
      ],
      '@_user_1 问问 @_user_2 截止时间',
    );
    expect(parseMessageEvent(both, { staffOpenIds: [], botOpenId: 'ou_bot' })).toMatchObject({ incoming: { text: '问问 @李老师 截止时间' } });
    // knowing the bot's open_id, a mention of someone else is not addressed to the bot
    expect(parseMessageEvent(ev([{ openId: 'ou_li', name: '李老师' }], 'hi'), { staffOpenIds: [], botOpenId: 'ou_bot' })).toHaveProperty('ignore');
  });

  it('extracts text from rich-text posts; other types give empty text', () => {
    const post = JSON.stringify({
      zh_cn: {
        title: '问题',
        content: [
          [
            { tag: 'text', text: '标准制定' },
            { tag: 'text', text: '什么时候截止' },
          ],
        ],
      },
    });
    expect(extractText('post', post)).toBe('问题\n标准制定什么时候截止');
    expect(extractText('image', '{"image_key":"x"}')).toBe('');
    expect(extractText('text', 'not json')).toBe('');
  });
});

describe('LarkBot with the open-API double', () => {
  it('the same dispatcher serves the long connection (as WSClient invokes it) and the webhook', async () => {
    // WSClient calls dispatcher.invoke(event, { needCheck: false }) with the plain event.
    const ev = messageEvent({ eventId: id('ws'), chatId: 'oc_ws', chatType: 'p2p', openId: 'ou_user', text: '/help', token: T });
    await h.bot.dispatcher.invoke(ev, { needCheck: false });
    await h.bot.idle();
    expect(lk.messages('oc_ws')[0]?.content.text).toContain('申报助手');
    // The webhook verifies and decrypts, then hands the event to that dispatcher.
    const hook = messageEvent({ eventId: id('hook'), chatId: 'oc_hook', chatType: 'p2p', openId: 'ou_user', text: '/help', token: T });
    const req = larkRequest(hook, { encryptKey: SECRETS.encryptKey });
    expect((await postLarkWebhook(`${h.url}/lark/webhook`, req.body, req.headers)).status).toBe(200);
    await lk.waitForMessage((m) => m.chatId === 'oc_hook');
    await h.bot.idle();
    expect(lk.messages('oc_hook')[0]?.content.text).toBe(lk.messages('oc_ws')[0]?.content.text);
  });

  it('sends every reply with a uuid derived from the event and the reply index', async () => {
    const ev = await say('oc_uuid', '/start');
    const eventId = ev['header'].event_id as string;
    const sends = lk.calls.filter((c) => c.method === 'POST' && c.path === '/open-apis/im/v1/messages' && c.body['receive_id'] === 'oc_uuid');
    expect(sends.length).toBeGreaterThanOrEqual(2);
    expect(sends.map((c) => c.body['uuid'])).toEqual(sends.map((_c, i) => sendUuid(eventId, i, i === sends.length - 1 ? 'question' : 'text')));
    expect(new Set(sends.map((c) => c.body['uuid'])).size).toBe(sends.length);
    expect(sends.every((c) => String(c.body['uuid']).length <= 50)).toBe(true);
  });

  it('toasts tell the truth: someone not staff pressing a staff button is told no, and the step is refused', async () => {
    const chat = 'oc_staffgroup';
    const question = { id: 'broadcast:confirm#3', mode: 'single' as const, options: [{ value: 'send', label: '确认发送' }], selected: [] };
    const record = await h.bot.questions.ask(chat, question, '确认发送？');
    const value = h.codec.encode(chat, { ref: record.ref, action: 'pick', index: 0 });
    const answer = await click(chat, 'om_staff_card', value);
    expect(answer).toMatchObject({ toast: { type: 'warning' } });
    expect((answer as { toast: { content: string } }).toast.content).not.toMatch(/已选择|已提交/);
    expect(
      lk
        .messages(chat)
        .map((m) => JSON.stringify(m.content))
        .join(''),
    ).not.toContain('开始发送');
  });

  it('handles an event delivered 5 times once', async () => {
    const eventId = id('dup');
    const ev = messageEvent({ eventId, chatId: 'oc_dup', chatType: 'p2p', openId: 'ou_user', text: '/help', token: T });
    await Promise.all(Array.from({ length: 5 }, () => h.bot.dispatch(structuredClone(ev))));
    await h.bot.idle();
    expect(lk.messages('oc_dup')).toHaveLength(1);
    expect(await h.deps.store.get(recordKey('lark', eventId))).toMatchObject({ status: 'done' });
  });

  it('a multiple choice: toggles redraw the card in place, 选好了 submits and closes it', async () => {
    await say('oc_multi', '/start');
    const card = lk.messages('oc_multi').find(isQuestionCard)!;
    const [first, second] = buttonsOf(card.content);
    expect(await click('oc_multi', card.messageId, first!.value)).toEqual({});
    expect(await click('oc_multi', card.messageId, second!.value)).toEqual({});
    expect(await click('oc_multi', card.messageId, first!.value)).toEqual({});
    const m = lk.message(card.messageId)!;
    expect(m.versions).toHaveLength(4);
    expect(buttonsOf(m.content).map((b) => b.text.content.slice(0, 1))).toEqual(['☐', '☑', '☐', '☐', '☐', '✅']);
    const before = lk.messages('oc_multi').length;
    const done = buttonsOf(m.content).at(-1)!;
    expect(await click('oc_multi', card.messageId, done.value)).toMatchObject({ toast: { type: 'success' } });
    // the card is closed with the choice, and the next question arrives as a new card
    expect(buttonsOf(lk.message(card.messageId)!.content)).toHaveLength(0);
    expect(JSON.stringify(lk.message(card.messageId)!.content)).toContain(`已选择：${second!.text.content.slice(2)}`);
    expect(lk.messages('oc_multi').length).toBeGreaterThan(before);
    expect(lk.messages('oc_multi').at(-1)!.msgType).toBe('interactive');
    // clicking the closed card again: the conversation says it is stale; nothing breaks
    await click('oc_multi', card.messageId, first!.value);
    expect(lk.messages('oc_multi').some((x) => x.content?.text?.includes('过期'))).toBe(true);
    expect(JSON.stringify(lk.message(card.messageId)!.content)).toContain('已选择');
  });

  it('a question asked again closes its older card; a card Lark refuses falls back to text', async () => {
    await say('oc_again', '/start');
    const first = lk.messages('oc_again').find(isQuestionCard)!;
    await say('oc_again', '/start');
    const cards = lk.messages('oc_again').filter((m) => m.msgType === 'interactive');
    expect(cards).toHaveLength(2);
    expect(buttonsOf(lk.message(first.messageId)!.content)).toHaveLength(0);
    expect(JSON.stringify(lk.message(first.messageId)!.content)).toContain('重新发出');
    expect(buttonsOf(cards[1]!.content).length).toBeGreaterThan(0);

    lk.inject(/^\/open-apis\/im\/v1\/messages$/, { status: 400, code: 230099, msg: 'Failed to create card content' });
    const question = { id: 'orgType#99', mode: 'single' as const, options: [{ value: 'society', label: '省级学会' }], selected: [] };
    await h.bot.sendReplies('oc_refused', id('refused'), [{ text: '你们是哪类单位？', question }]);
    const [text] = lk.messages('oc_refused');
    expect(text?.msgType).toBe('text');
    expect(text?.content.text).toContain('· 省级学会');
  });

  it('sends the .ics calendar as an uploaded file', async () => {
    await say('oc_cal', '/calendar');
    expect(lk.uploads.at(-1)).toMatchObject({ fileName: 'shenbao-deadlines.ics' });
    expect(lk.uploads.at(-1)!.text).toContain('BEGIN:VCALENDAR');
    const file = lk.messages('oc_cal').find((m) => m.msgType === 'file');
    expect(file?.content.file_key).toBe(lk.uploads.at(-1)!.fileKey);
  });

  it('user text echoed back cannot @-mention anyone', async () => {
    await say('oc_echo', '/evidence <at user_id="all">所有人</at>');
    const texts = lk.messages('oc_echo').map((m) => m.rawContent);
    expect(texts.length).toBeGreaterThan(0);
    for (const t of texts) expect(t).not.toMatch(/<at|<\/at/);
  });

  it('groups: ignored without a mention, answered with one', async () => {
    await say('oc_group', '/help', { chatType: 'group' });
    expect(lk.messages('oc_group')).toHaveLength(0);
    await say('oc_group', '/help', { chatType: 'group', mentions: [{ openId: 'ou_bot', name: '申报助手' }] });
    expect(lk.messages('oc_group')).toHaveLength(1);
  });

  it('marks staff and marks a chat the bot has left inactive', async () => {
    const handle = vi.spyOn(h.deps.conversation, 'handle');
    await say('oc_staff', '/help', { openId: 'ou_staff' });
    expect(handle.mock.calls.at(-1)![0]).toMatchObject({ isStaff: true, userId: 'ou_staff' });
    handle.mockRestore();
    const inactive = vi.spyOn(h.deps.service, 'markInactive');
    lk.inject(/^\/open-apis\/im\/v1\/messages$/, { status: 400, code: 230002, msg: 'Bot is not in the chat' });
    await say('oc_gone', '/help');
    expect(inactive).toHaveBeenCalledWith('lark', 'oc_gone');
    inactive.mockRestore();
  });

  it('never logs the secrets or the tenant token', () => {
    const tokens = lk.calls
      .filter((c) => c.path.endsWith('/tenant_access_token/internal'))
      .map((c) => (c.response as { tenant_access_token: string }).tenant_access_token);
    const text = h.logs.join('');
    expect(text.length).toBeGreaterThan(0);
    for (const s of [...Object.values(SECRETS), ...tokens]) expect(text).not.toContain(s);
  });
});

describe('long-connection mode in process', () => {
  it('hands WSClient the same dispatcher, reports the failed start, and that dispatcher answers', async () => {
    const startSpy = vi.spyOn(lark.WSClient.prototype, 'start');
    const other = await startHarness(lk);
    const deps = {
      ...other.deps,
      config: { ...other.deps.config, lark: { ...other.deps.config.lark, mode: 'ws' as const, appId: 'cli_0123456789abcdef' } },
    };
    const channel = await startLark(deps);
    try {
      expect(startSpy).toHaveBeenCalledTimes(1);
      expect(startSpy.mock.calls[0]![0].eventDispatcher).toBe(channel.bot.dispatcher);
      const log = other.logs.join('');
      expect(log).toContain('飞书长连接启动失败');
      expect(log).toContain('404');
      const ev = messageEvent({ eventId: id('ws-in'), chatId: 'oc_ws2', chatType: 'p2p', openId: 'ou_user', text: '/help', token: T });
      await channel.bot.dispatcher.invoke(ev, { needCheck: false });
      await channel.bot.idle();
      expect(lk.messages('oc_ws2')).toHaveLength(1);
    } finally {
      await channel.stop();
      await other.close();
      startSpy.mockRestore();
    }
  });
});
