import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as lark from '@larksuiteoapi/node-sdk';
import { type LarkDouble, startLarkDouble } from '../../doubles/lark-api.js';
import { cardActionEvent, encryptEvent, larkRequest, messageEvent, postLarkWebhook, signHeaders, urlVerification } from '../../doubles/lark-events.js';
import { httpRequest } from '../../doubles/http-util.js';

const APP_ID = 'cli_double_test';
const CHAT = 'oc_chat_1';

let lk: LarkDouble;

// loggerLevel: fatal (0) is falsy inside the SDK and ignored, so silence it with a logger.
const quiet = { error() {}, warn() {}, info() {}, debug() {}, trace() {} };

function client(double: LarkDouble, appId = APP_ID, appSecret = 'secret'): lark.Client {
  return new lark.Client({ appId, appSecret, domain: double.url, logger: quiet });
}

interface HttpErr {
  response: { status: number; headers: Record<string, string>; data: { code: number; msg: string } };
}
async function httpError(p: Promise<unknown>): Promise<HttpErr> {
  try {
    await p;
  } catch (e) {
    if ((e as Partial<HttpErr>).response) return e as HttpErr;
    throw e;
  }
  throw new Error('expected an HTTP error');
}

function sendText(c: lark.Client, chatId: string, text: string, uuid?: string) {
  return c.im.message.create({
    params: { receive_id_type: 'chat_id' },
    data: { receive_id: chatId, msg_type: 'text', content: JSON.stringify({ text }), ...(uuid ? { uuid } : {}) },
  });
}

const card = (title: string) => ({
  config: { wide_screen_mode: true },
  header: { title: { tag: 'plain_text', content: title } },
  elements: [
    { tag: 'div', text: { tag: 'lark_md', content: '**申报** 截止' } },
    { tag: 'action', actions: [{ tag: 'button', text: { tag: 'plain_text', content: 'OK' }, value: { a: 1 } }] },
  ],
});

beforeEach(async () => {
  lk = await startLarkDouble();
});
afterEach(async () => {
  await lk.close();
});

describe('lark double: messages', () => {
  it('a real lark.Client gets a token and sends a text message', async () => {
    const c = client(lk);
    const res = await sendText(c, CHAT, '你好');
    expect(res.code).toBe(0);
    expect(res.data?.message_id).toMatch(/^om_/);
    expect(res.data?.chat_id).toBe(CHAT);
    const [m] = lk.messages(CHAT);
    expect(m).toMatchObject({ msgType: 'text', content: { text: '你好' }, via: 'create' });
    const send = lk.calls.find((x) => x.path === '/open-apis/im/v1/messages');
    expect(send?.query['receive_id_type']).toBe('chat_id');
    expect(String(send?.headers['authorization'])).toMatch(/^Bearer t-/);
  });

  it('sends a card and patches it', async () => {
    const c = client(lk);
    const res = await c.im.message.create({
      params: { receive_id_type: 'chat_id' },
      data: { receive_id: CHAT, msg_type: 'interactive', content: JSON.stringify(card('v1')) },
    });
    const id = res.data!.message_id!;
    const p = await c.im.message.patch({ path: { message_id: id }, data: { content: JSON.stringify(card('v2')) } });
    expect(p.code).toBe(0);
    const m = lk.message(id)!;
    expect(m.msgType).toBe('interactive');
    expect(m.content.header.title.content).toBe('v2');
    expect(m.versions.map((v: { header: { title: { content: string } } }) => v.header.title.content)).toEqual(['v1', 'v2']);
    expect(m.updated).toBe(true);
  });

  it('dedupes by uuid', async () => {
    const c = client(lk);
    const a = await sendText(c, CHAT, 'once', 'uuid-1');
    const b = await sendText(c, CHAT, 'once', 'uuid-1');
    expect(b.data?.message_id).toBe(a.data?.message_id);
    expect(lk.messages(CHAT)).toHaveLength(1);
    expect(lk.duplicates).toHaveLength(1);
    expect(lk.calls.filter((x) => x.duplicate)).toHaveLength(1);
  });

  it('rate-limits a chat at 5 messages/s with 429 / 99991400 and x-ogw-ratelimit-reset', async () => {
    const c = client(lk);
    for (let i = 0; i < 5; i++) await sendText(c, CHAT, `m${i}`);
    const e = await httpError(sendText(c, CHAT, 'too many'));
    expect(e.response.status).toBe(429);
    expect(e.response.data).toEqual({ code: 99991400, msg: 'request trigger frequency limit' });
    expect(Number(e.response.headers['x-ogw-ratelimit-reset'])).toBeGreaterThanOrEqual(1);
    // another chat is unaffected
    await sendText(c, 'oc_other', 'fine');
    await new Promise((r) => setTimeout(r, 1050));
    await sendText(c, CHAT, 'after the window');
    expect(lk.messages(CHAT).map((m) => m.content.text)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'after the window']);
  });

  it('uploads a file and sends it', async () => {
    const c = client(lk);
    const up = await c.im.file.create({ data: { file_type: 'stream', file_name: '清单.csv', file: Buffer.from('a,b\n1,2\n') } });
    expect(up?.file_key).toMatch(/^file_v3_/);
    expect(lk.uploads[0]).toMatchObject({ fileName: '清单.csv', fileType: 'stream', size: 8, text: 'a,b\n1,2\n' });
    const res = await c.im.message.create({
      params: { receive_id_type: 'chat_id' },
      data: { receive_id: CHAT, msg_type: 'file', content: JSON.stringify({ file_key: up!.file_key }) },
    });
    expect(res.code).toBe(0);
    const bad = await httpError(
      c.im.message.create({
        params: { receive_id_type: 'chat_id' },
        data: { receive_id: CHAT, msg_type: 'file', content: JSON.stringify({ file_key: 'file_v3_nope' }) },
      }),
    );
    expect(bad.response.data.code).toBe(230001);
  });

  it('replies land in the chat of the noted inbound message; open_id sends map to the p2p chat', async () => {
    const c = client(lk);
    const ev = messageEvent({ eventId: 'ev1', chatId: 'oc_p2p_real', chatType: 'p2p', openId: 'ou_u1', text: 'hi', token: 'vt' });
    lk.noteInbound(ev);
    const res = await c.im.message.reply({
      path: { message_id: ev['event'].message.message_id },
      data: { msg_type: 'text', content: JSON.stringify({ text: 'reply' }), uuid: 'r-1' },
    });
    expect(res.data?.parent_id).toBe(ev['event'].message.message_id);
    await c.im.message.create({
      params: { receive_id_type: 'open_id' },
      data: { receive_id: 'ou_u1', msg_type: 'text', content: JSON.stringify({ text: 'direct' }) },
    });
    expect(lk.messages('oc_p2p_real').map((m) => [m.via, m.content.text])).toEqual([
      ['reply', 'reply'],
      ['create', 'direct'],
    ]);
    expect(lk.messages('ou_u1')).toHaveLength(1);
  });

  it('waitForMessage resolves on delivery', async () => {
    const c = client(lk);
    const w = lk.waitForMessage((m) => m.content.text === 'later', 2000);
    setTimeout(() => void sendText(c, CHAT, 'later'), 50);
    expect((await w).chatId).toBe(CHAT);
  });
});

describe('lark double: auth and faults', () => {
  it('rejects im calls without a valid tenant token (HTTP 400, 99991663)', async () => {
    const body = JSON.stringify({ receive_id: CHAT, msg_type: 'text', content: '{"text":"x"}' });
    const none = await httpRequest(`${lk.url}/open-apis/im/v1/messages?receive_id_type=chat_id`, {
      body,
      headers: { 'content-type': 'application/json' },
    });
    expect(none.status).toBe(400);
    expect((none.body as { code: number }).code).toBe(99991663);
    const bogus = await httpRequest(`${lk.url}/open-apis/im/v1/messages?receive_id_type=chat_id`, {
      body,
      headers: { 'content-type': 'application/json', authorization: 'Bearer t-bogus' },
    });
    expect((bogus.body as { code: number }).code).toBe(99991663);
    expect(lk.messages()).toHaveLength(0);
  });

  it('token endpoints answer like Lark and check the secret when configured', async () => {
    const strict = await startLarkDouble({ appId: 'cli_strict', appSecret: 'right' });
    try {
      const ok = await httpRequest(`${strict.url}/open-apis/auth/v3/tenant_access_token/internal`, {
        body: JSON.stringify({ app_id: 'cli_strict', app_secret: 'right' }),
        headers: { 'content-type': 'application/json' },
      });
      expect(ok.body).toMatchObject({ code: 0, msg: 'ok', expire: 7200 });
      const app = await httpRequest(`${strict.url}/open-apis/auth/v3/app_access_token/internal`, {
        body: JSON.stringify({ app_id: 'cli_strict', app_secret: 'right' }),
        headers: { 'content-type': 'application/json' },
      });
      expect(app.body).toMatchObject({ code: 0, app_access_token: expect.any(String) });
      const c = client(strict, 'cli_strict_wrong_secret_app', 'wrong');
      await expect(sendText(c, CHAT, 'x')).rejects.toBeDefined();
    } finally {
      await strict.close();
    }
  });

  it('expireTokens() makes the cached token fail', async () => {
    const c = client(lk, 'cli_expire', 's');
    await sendText(c, CHAT, 'a');
    lk.expireTokens();
    const e = await httpError(sendText(c, CHAT, 'b'));
    expect(e.response.data.code).toBe(99991663);
  });

  it('injects 500 and 429 on a path pattern', async () => {
    const c = client(lk);
    lk.inject('/im/v1/messages', { status: 500 });
    lk.inject(/\/reply$/, { status: 429, resetSeconds: 3 }, 2);
    const e = await httpError(sendText(c, CHAT, 'x'));
    expect(e.response.status).toBe(500);
    await sendText(c, CHAT, 'ok');
    const r = await httpError(c.im.message.reply({ path: { message_id: 'om_any' }, data: { msg_type: 'text', content: '{"text":"r"}' } }));
    expect(r.response.status).toBe(429);
    expect(r.response.headers['x-ogw-ratelimit-reset']).toBe('3');
    expect(lk.calls.filter((x) => x.injected)).toHaveLength(2);
    expect(lk.messages(CHAT)).toHaveLength(1);
  });
});

describe('lark events', () => {
  it('encryptEvent round-trips through the SDK AESCipher', () => {
    const obj = messageEvent({ eventId: 'e1', chatId: CHAT, chatType: 'group', openId: 'ou_1', text: '申报 截止?', token: 'vt' });
    const { encrypt } = encryptEvent('my-encrypt-key', obj);
    const plain = new lark.AESCipher('my-encrypt-key').decrypt(encrypt);
    expect(JSON.parse(plain)).toEqual(obj);
  });

  it('group mentions become @_user_N with a mentions array', () => {
    const ev = messageEvent({
      eventId: 'e2',
      chatId: CHAT,
      chatType: 'group',
      openId: 'ou_1',
      text: '截止时间?',
      token: 'vt',
      mentions: [{ openId: 'ou_bot', name: '申报助手' }],
    });
    const msg = ev['event'].message;
    expect(JSON.parse(msg.content)).toEqual({ text: '@_user_1 截止时间?' });
    expect(msg.mentions[0]).toMatchObject({ key: '@_user_1', id: { open_id: 'ou_bot' }, name: '申报助手' });
    expect(msg.chat_type).toBe('group');
  });

  it("signed, encrypted events pass the SDK's own EventDispatcher checks", async () => {
    const key = 'ek-123';
    const got: unknown[] = [];
    const dispatcher = new lark.EventDispatcher({ encryptKey: key, verificationToken: 'vt', logger: quiet }).register({
      'im.message.receive_v1': async (data) => {
        got.push(data);
        return 'handled';
      },
      'card.action.trigger': async (data: { action: { value: unknown }; context: { open_chat_id: string } }) => ({
        toast: { type: 'success', content: JSON.stringify(data.action.value) + data.context.open_chat_id },
      }),
    });
    const invoke = (body: string, headers: Record<string, string>) => {
      const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
      return dispatcher.invoke(Object.assign(Object.create({ headers: lower }), JSON.parse(body)));
    };
    const ev = messageEvent({ eventId: 'e3', chatId: CHAT, chatType: 'p2p', openId: 'ou_1', text: 'hi', token: 'vt' });
    const req = larkRequest(ev, { encryptKey: key });
    expect(await invoke(req.body, req.headers)).toBe('handled');
    expect(got[0]).toMatchObject({ event_id: 'e3', message: { chat_id: CHAT } });
    // a tampered signature is refused
    const bad = { ...req.headers, 'X-Lark-Signature': 'f'.repeat(64) };
    expect(await invoke(req.body, bad)).toBeUndefined();
    // signHeaders is the documented formula
    const h = signHeaders(key, req.body, { timestamp: 1700000000, nonce: 'n' });
    expect(h['X-Lark-Request-Timestamp']).toBe('1700000000');
    const card = cardActionEvent({ eventId: 'e4', openId: 'ou_1', chatId: CHAT, messageId: 'om_1', value: { k: 'v' }, token: 'vt' });
    const creq = larkRequest(card, { encryptKey: key });
    expect(await invoke(creq.body, creq.headers)).toEqual({ toast: { type: 'success', content: `{"k":"v"}${CHAT}` } });
  });

  it('postLarkWebhook posts raw bodies and headers; urlVerification has Lark shape', async () => {
    let seen: { headers: http.IncomingHttpHeaders; body: string } | undefined;
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
        const b = JSON.parse(seen.body) as { challenge?: string };
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ challenge: b.challenge }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/lark`;
      const body = JSON.stringify(urlVerification({ token: 'vt', challenge: 'abc' }));
      const r = await postLarkWebhook(url, body, signHeaders('k', body));
      expect(r).toMatchObject({ status: 200, body: { challenge: 'abc' } });
      expect(seen?.body).toBe(body);
      expect(seen?.headers['x-lark-signature']).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.parse(body)).toEqual({ challenge: 'abc', token: 'vt', type: 'url_verification' });
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
