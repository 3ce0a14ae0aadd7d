import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as lark from '@larksuiteoapi/node-sdk';
import { ConfigError, loadConfig } from '../../src/config.js';
import { HttpServer } from '../../src/http-server.js';
import { startLark } from '../../src/channels/lark.js';
import { createLogger } from '../../src/log.js';
import { decryptLark, larkWebhookRoute, verifyLarkRequest, type WebhookSecrets } from '../../src/channels/lark-webhook.js';
import { cardActionEvent, encryptEvent, larkRequest, messageEvent, postLarkWebhook, signHeaders, urlVerification } from '../../doubles/lark-events.js';
import { httpRequest } from '../../doubles/http-util.js';

const secrets: WebhookSecrets = { encryptKey: 'ek-unit-0123456789', verificationToken: 'vt-unit-9876543210' };
const NOW = 1_750_000_000_000;
const nowSec = Math.floor(NOW / 1000);

const lower = (h: Record<string, string>) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), v]));
const event = (token = secrets.verificationToken) =>
  messageEvent({ eventId: `ev-${randomBytes(4).toString('hex')}`, chatId: 'oc_1', chatType: 'p2p', openId: 'ou_1', text: '你好', token });

function verify(body: string | Buffer, headers: Record<string, string>, now = NOW) {
  return verifyLarkRequest(lower(headers), Buffer.isBuffer(body) ? body : Buffer.from(body), secrets, now);
}

describe('verifyLarkRequest', () => {
  it('accepts a correctly signed, encrypted event with the right token', () => {
    const ev = event();
    const req = larkRequest(ev, { encryptKey: secrets.encryptKey, timestamp: nowSec });
    const r = verify(req.body, req.headers);
    expect(r).toEqual({ ok: true, event: ev });
  });

  it('refuses a bad signature (401)', () => {
    const req = larkRequest(event(), { encryptKey: secrets.encryptKey, timestamp: nowSec });
    expect(verify(req.body, { ...req.headers, 'X-Lark-Signature': 'a'.repeat(64) })).toMatchObject({ ok: false, status: 401, reason: 'bad signature' });
    // signed with another key
    const other = signHeaders('another-key', req.body, { timestamp: nowSec });
    expect(verify(req.body, other)).toMatchObject({ ok: false, status: 401 });
    // a body changed after signing
    expect(verify(req.body.replace('"}', '" }'), req.headers)).toMatchObject({ ok: false, status: 401 });
    // partial headers
    const { 'X-Lark-Signature': _drop, ...partial } = req.headers;
    expect(verify(req.body, partial)).toMatchObject({ ok: false, status: 401 });
  });

  it('refuses a wrong verification token (401), also in a card action', () => {
    const req = larkRequest(event('wrong-token'), { encryptKey: secrets.encryptKey, timestamp: nowSec });
    expect(verify(req.body, req.headers)).toMatchObject({ ok: false, status: 401, reason: 'wrong verification token' });
    const card = cardActionEvent({ eventId: 'e', openId: 'ou', chatId: 'oc', messageId: 'om', value: {}, token: 'nope' });
    const creq = larkRequest(card, { encryptKey: secrets.encryptKey, timestamp: nowSec });
    expect(verify(creq.body, creq.headers)).toMatchObject({ ok: false, status: 401 });
    // schema 2.0 without a header token
    const headless = { schema: '2.0', header: { event_id: 'x', event_type: 'im.message.receive_v1' }, event: {} };
    const hreq = larkRequest(headless, { encryptKey: secrets.encryptKey, timestamp: nowSec });
    expect(verify(hreq.body, hreq.headers)).toMatchObject({ ok: false, status: 401 });
  });

  it('refuses a stale or future timestamp (401)', () => {
    const stale = larkRequest(event(), { encryptKey: secrets.encryptKey, timestamp: nowSec - 301 });
    expect(verify(stale.body, stale.headers)).toMatchObject({ ok: false, status: 401, reason: 'stale timestamp' });
    const future = larkRequest(event(), { encryptKey: secrets.encryptKey, timestamp: nowSec + 301 });
    expect(verify(future.body, future.headers)).toMatchObject({ ok: false, status: 401 });
    const edge = larkRequest(event(), { encryptKey: secrets.encryptKey, timestamp: nowSec - 299 });
    expect(verify(edge.body, edge.headers).ok).toBe(true);
    const junk = larkRequest(event(), { encryptKey: secrets.encryptKey, timestamp: 'yesterday' });
    expect(verify(junk.body, junk.headers)).toMatchObject({ ok: false, status: 401 });
  });

  it('refuses an undecryptable body (400) even when correctly signed', () => {
    const wrongKey = JSON.stringify(encryptEvent('not-the-key', event()));
    expect(verify(wrongKey, signHeaders(secrets.encryptKey, wrongKey, { timestamp: nowSec }))).toMatchObject({
      ok: false,
      status: 400,
      reason: 'cannot decrypt body',
    });
    for (const encrypt of ['', 'not base64!!', Buffer.alloc(20).toString('base64'), randomBytes(48).toString('base64')]) {
      const body = JSON.stringify({ encrypt });
      expect(verify(body, signHeaders(secrets.encryptKey, body, { timestamp: nowSec }))).toMatchObject({ ok: false, status: 400 });
    }
    // decrypts, but not to JSON
    const notJson = JSON.stringify(encryptEvent(secrets.encryptKey, 'hello there'));
    expect(verify(notJson, signHeaders(secrets.encryptKey, notJson, { timestamp: nowSec }))).toMatchObject({ ok: false, status: 400 });
  });

  it('refuses a non-JSON or unencrypted body (400)', () => {
    for (const body of ['not json', '', '[]', '{"encrypt": 5}', JSON.stringify(event())]) {
      expect(verify(body, signHeaders(secrets.encryptKey, body, { timestamp: nowSec }))).toMatchObject({ ok: false, status: 400 });
    }
  });

  it('accepts extra whitespace in a correctly signed body: the signature covers the raw bytes', () => {
    const { encrypt } = encryptEvent(secrets.encryptKey, event());
    const body = `\n  {\n    "encrypt" :   "${encrypt}"  \n}\n\n`;
    const r = verify(body, signHeaders(secrets.encryptKey, body, { timestamp: nowSec }));
    expect(r.ok).toBe(true);
    // The SDK's own check re-serialises the JSON and fails on this very request.
    const dispatcher = new lark.EventDispatcher({ encryptKey: secrets.encryptKey, logger: { error() {}, warn() {}, info() {}, debug() {}, trace() {} } });
    const data = Object.assign(Object.create({ headers: lower(signHeaders(secrets.encryptKey, body, { timestamp: nowSec })) }), JSON.parse(body));
    expect(dispatcher.requestHandle?.checkIsEventValidated(data)).toBe(false);
  });

  it('requires a signature on events but lets an unsigned URL challenge through with the right token', () => {
    const ev = JSON.stringify(encryptEvent(secrets.encryptKey, event()));
    expect(verify(ev, {})).toMatchObject({ ok: false, status: 401, reason: 'missing signature' });
    const challenge = JSON.stringify(encryptEvent(secrets.encryptKey, urlVerification({ token: secrets.verificationToken, challenge: 'c1' })));
    expect(verify(challenge, {})).toMatchObject({ ok: true });
    const wrong = JSON.stringify(encryptEvent(secrets.encryptKey, urlVerification({ token: 'nope', challenge: 'c1' })));
    expect(verify(wrong, {})).toMatchObject({ ok: false, status: 401 });
  });

  it('never throws on arbitrary bytes and headers', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 400 }),
        fc.dictionary(fc.constantFrom('x-lark-request-timestamp', 'x-lark-request-nonce', 'x-lark-signature'), fc.string()),
        (bytes, headers) => {
          const r = verifyLarkRequest(headers, Buffer.from(bytes), secrets, NOW);
          expect(r.ok).toBe(false);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('decryptLark matches the SDK cipher', () => {
    const { encrypt } = encryptEvent('k', { a: '申报' });
    expect(decryptLark('k', encrypt)).toBe(new lark.AESCipher('k').decrypt(encrypt));
  });
});

describe('larkWebhookRoute over HTTP', () => {
  const http = new HttpServer(createLogger({ level: 'silent' }));
  const dispatched: Record<string, unknown>[] = [];
  let mode: 'fast' | 'slow' | 'throw' | 'card' = 'fast';
  let accepting = true;
  let url = '';

  beforeAll(async () => {
    http.route(
      'POST',
      '/lark/webhook',
      larkWebhookRoute({
        secrets,
        logger: createLogger({ level: 'silent' }),
        budgetMs: 300,
        accepting: () => accepting,
        dispatch: async (e) => {
          dispatched.push(e);
          if (mode === 'throw') throw new Error('boom');
          if (mode === 'slow') await new Promise((r) => setTimeout(r, 2_000));
          if (mode === 'card') return { toast: { type: 'success', content: 'ok' } };
          return 'no handle';
        },
      }),
    );
    url = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
  });
  afterAll(() => http.close());

  const post = (obj: unknown, o: { key?: string; timestamp?: number } = {}) => {
    const req = larkRequest(obj, { encryptKey: o.key ?? secrets.encryptKey, ...(o.timestamp !== undefined && { timestamp: o.timestamp }) });
    return postLarkWebhook(`${url}/lark/webhook`, req.body, req.headers);
  };

  it('answers the challenge only with the right token', async () => {
    const ok = await post(urlVerification({ token: secrets.verificationToken, challenge: 'ch-123' }));
    expect(ok).toMatchObject({ status: 200, body: { challenge: 'ch-123' } });
    const bad = await post(urlVerification({ token: 'nope', challenge: 'ch-123' }));
    expect(bad.status).toBe(401);
    expect(bad.text).not.toContain('ch-123');
    expect(dispatched).toHaveLength(0);
  });

  it('rejects bad requests with 401/400 and dispatches nothing', async () => {
    const before = dispatched.length;
    expect((await post(event('nope'))).status).toBe(401);
    expect((await post(event(), { timestamp: Math.floor(Date.now() / 1000) - 3600 })).status).toBe(401);
    const wrongKey = JSON.stringify(encryptEvent('other', event()));
    expect((await postLarkWebhook(`${url}/lark/webhook`, wrongKey, signHeaders(secrets.encryptKey, wrongKey))).status).toBe(400);
    expect((await postLarkWebhook(`${url}/lark/webhook`, 'garbage', signHeaders(secrets.encryptKey, 'garbage'))).status).toBe(400);
    expect((await postLarkWebhook(`${url}/lark/webhook`, 'garbage', {})).status).toBe(400);
    expect(dispatched.length).toBe(before);
  });

  it('an unsigned body bigger than a URL challenge is refused before any JSON parse', async () => {
    const parse = vi.spyOn(JSON, 'parse');
    const big = JSON.stringify(encryptEvent(secrets.encryptKey, { ...event(), padding: 'x'.repeat(8_000) }));
    const res = await postLarkWebhook(`${url}/lark/webhook`, big, {});
    expect(res.status).toBe(401);
    expect(parse.mock.calls.filter(([text]) => text === big)).toEqual([]);
    parse.mockRestore();
  });

  it('answers within the budget, and acknowledges only what was stored: slow or failing is not acknowledged', async () => {
    mode = 'slow';
    const t0 = Date.now();
    const slow = await post(event());
    expect(slow.status).toBe(503); // Lark delivers it again
    expect(Date.now() - t0).toBeLessThan(1_500);
    mode = 'throw';
    expect((await post(event())).status).toBe(503);
    mode = 'card';
    expect((await post(event())).body).toEqual({ toast: { type: 'success', content: 'ok' } });
    mode = 'fast';
    expect((await post(event())).body).toEqual({});
  });

  it('answers 503 while shutting down (Lark delivers again later), 404 elsewhere', async () => {
    accepting = false;
    expect((await post(event())).status).toBe(503);
    accepting = true;
    const other = await httpRequest(`${url}/lark/other`, { body: '{}' });
    expect(other.status).toBe(404);
  });
});

describe('webhook mode needs both keys', () => {
  it('config refuses it, and startLark refuses it too', async () => {
    const base = { LARK_APP_ID: 'cli_0123456789abcdef', LARK_APP_SECRET: 'app-secret-value', LARK_MODE: 'webhook' };
    for (const extra of [{}, { LARK_ENCRYPT_KEY: 'ek-value' }, { LARK_VERIFICATION_TOKEN: 'vt-value' }]) {
      expect(() => loadConfig({ ...base, ...extra }, { dotenvPath: false })).toThrow(ConfigError);
    }
    const config = loadConfig({ ...base, LARK_ENCRYPT_KEY: 'ek-value', LARK_VERIFICATION_TOKEN: 'vt-value' }, { dotenvPath: false });
    const logger = createLogger({ level: 'silent' });
    const deps = {
      config: { ...config, lark: { ...config.lark, verificationToken: undefined } },
      logger,
      http: new HttpServer(logger),
    } as unknown as Parameters<typeof startLark>[0];
    await expect(startLark(deps)).rejects.toThrow(/LARK_VERIFICATION_TOKEN/);
  });
});
