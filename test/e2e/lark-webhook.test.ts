// The whole process (`npm start`) in LARK_MODE=webhook against the open-API double.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLarkDouble, type LarkDouble, type LarkMessage } from '../../doubles/lark-api.js';
import { cardActionEvent, encryptEvent, larkRequest, messageEvent, postLarkWebhook, signHeaders, urlVerification } from '../../doubles/lark-events.js';
import { removeTempDirs, spawnBot, tempDir, type BotProcess } from './lark-process.js';
import { buttonsOf, isQuestionCard, isResultCard, type CardButton } from '../channels/lark-harness.js';

const APP_ID = `cli_${randomBytes(8).toString('hex')}`;
const APP_SECRET = `app-secret-${randomBytes(12).toString('hex')}`;
const ENCRYPT_KEY = `encrypt-key-${randomBytes(12).toString('hex')}`;
const TOKEN = `verify-token-${randomBytes(12).toString('hex')}`;
const DATA_DIR = tempDir('shenbao-lark-e2e-');

let lk: LarkDouble;
let bot: BotProcess;
const outputs: string[] = [];
let seq = 0;
const nextId = (p: string) => `${p}-${Date.now().toString(36)}-${++seq}`;

const env = () => ({
  LARK_APP_ID: APP_ID,
  LARK_APP_SECRET: APP_SECRET,
  LARK_DOMAIN: lk.url,
  LARK_MODE: 'webhook',
  LARK_ENCRYPT_KEY: ENCRYPT_KEY,
  LARK_VERIFICATION_TOKEN: TOKEN,
  DATA_DIR,
  LOG_LEVEL: 'debug',
});

beforeAll(async () => {
  lk = await startLarkDouble({ appId: APP_ID, appSecret: APP_SECRET });
  bot = await spawnBot(env());
});
afterAll(async () => {
  if (bot) {
    await bot.stop();
    outputs.push(bot.output());
  }
  await lk?.close();
  removeTempDirs();
});

const hook = () => `${bot.url}/lark/webhook`;

async function post(obj: unknown, o: { key?: string; timestamp?: number } = {}) {
  const req = larkRequest(obj, { encryptKey: o.key ?? ENCRYPT_KEY, ...(o.timestamp !== undefined && { timestamp: o.timestamp }) });
  return postLarkWebhook(hook(), req.body, req.headers);
}

function textEvent(chatId: string, text: string, eventId = nextId('ev')) {
  const ev = messageEvent({ eventId, chatId, chatType: 'p2p', openId: `ou_${chatId}`, text, token: TOKEN });
  lk.noteInbound(ev);
  return ev;
}

async function say(chatId: string, text: string) {
  const t0 = Date.now();
  const res = await post(textEvent(chatId, text));
  expect(res.status).toBe(200);
  expect(Date.now() - t0).toBeLessThan(3_000);
}

async function click(chatId: string, card: LarkMessage, button: CardButton) {
  const ev = cardActionEvent({ eventId: nextId('card'), openId: `ou_${chatId}`, chatId, messageId: card.messageId, value: button.value, token: TOKEN });
  const t0 = Date.now();
  const res = await post(ev);
  expect(res.status).toBe(200);
  expect(Date.now() - t0).toBeLessThan(3_000);
  return res.body as { toast?: { type: string; content: string } };
}

function expectResultCard(card: LarkMessage) {
  const text = JSON.stringify(card.content);
  for (const section of ['可以申报', '不符合条件', '还需确认']) expect(text).toContain(section);
  expect(text).toMatch(/依据 [一二三四五六七八九十]/);
}

describe('lark webhook, whole process', () => {
  it('answers the URL challenge only with the right token', async () => {
    const ok = await post(urlVerification({ token: TOKEN, challenge: 'challenge-e2e' }));
    expect(ok).toMatchObject({ status: 200, body: { challenge: 'challenge-e2e' } });
    const bad = await post(urlVerification({ token: 'wrong', challenge: 'challenge-e2e-2' }));
    expect(bad.status).toBe(401);
    expect(bad.text).not.toContain('challenge-e2e-2');
  });

  it('a full interview by card buttons ends in the result card', async () => {
    const chat = 'oc_e2e_buttons';
    await say(chat, '/start');
    const seen = new Set<string>();
    let result: LarkMessage | undefined;
    for (let step = 0; step < 30 && !result; step++) {
      const next = await lk.waitForMessage((m) => m.chatId === chat && (isResultCard(m) || (isQuestionCard(m) && !seen.has(m.messageId))), 15_000);
      if (isResultCard(next)) {
        result = next;
        break;
      }
      seen.add(next.messageId);
      const buttons = buttonsOf(next.content);
      const done = buttons.find((b) => b.text.content.includes('选好了'));
      if (done) {
        expect(await click(chat, next, buttons[0]!)).toEqual({});
        await lk.waitFor((c) => c.method === 'PATCH' && c.path.endsWith(next.messageId) && c.status === 200, 10_000);
        expect(buttonsOf(lk.message(next.messageId)!.content)[0]!.text.content.startsWith('☑')).toBe(true);
        expect((await click(chat, next, done)).toast?.type).toBe('success');
      } else {
        expect((await click(chat, next, buttons[0]!)).toast?.content).toContain(buttons[0]!.text.content);
      }
    }
    expect(result).toBeDefined();
    expectResultCard(result!);
    // Every answered card lost its buttons and shows the choice.
    for (const id of seen) {
      await lk.waitFor((c) => c.method === 'PATCH' && c.path.endsWith(id) && JSON.stringify(c.body).includes('已选择'), 10_000);
      expect(buttonsOf(lk.message(id)!.content)).toHaveLength(0);
    }
    // On today's clock every 2022 deadline has passed: no reminders question that could not be kept.
    expect(lk.messages(chat).some((m) => isQuestionCard(m) && JSON.stringify(m.content).includes('截止提醒'))).toBe(false);
  });

  it('a full interview by free text ends in the result card', async () => {
    const chat = 'oc_e2e_text';
    await say(chat, '/start');
    await lk.waitForMessage((m) => m.chatId === chat && isQuestionCard(m), 15_000);
    for (const answer of ['想报标准制定', '省级学会', '5A', 'A等', '合格', '没有']) await say(chat, answer);
    const result = await lk.waitForMessage((m) => m.chatId === chat && isResultCard(m), 20_000);
    expectResultCard(result);
    expect(JSON.stringify(result.content)).toMatch(/标准制定\*\*　〔你们打算申报〕/);
    // the intended project sits in the 可以申报 section
    const sections = result.content.elements.filter((e: { tag: string }) => e.tag === 'div').map((e: { text: { content: string } }) => e.text.content);
    expect(sections.find((s: string) => s.includes('可以申报'))).toContain('标准制定');
  });

  it('the same event delivered 5 times gets 1 reply', async () => {
    const chat = 'oc_e2e_dup';
    const ev = textEvent(chat, '/help');
    const answers = await Promise.all(Array.from({ length: 5 }, () => post(ev)));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
    await lk.waitForMessage((m) => m.chatId === chat, 10_000);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(lk.messages(chat)).toHaveLength(1);
    // and later, as Lark redelivers
    expect((await post(ev)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 500));
    expect(lk.messages(chat)).toHaveLength(1);
  });

  it('bad signature, wrong token, stale timestamp, undecryptable and non-JSON bodies are rejected; the process lives on', async () => {
    const chat = 'oc_e2e_reject';
    const ev = () => textEvent(chat, '/help');
    const good = larkRequest(ev(), { encryptKey: ENCRYPT_KEY });
    const badSig = await postLarkWebhook(hook(), good.body, { ...good.headers, 'X-Lark-Signature': '0'.repeat(64) });
    expect(badSig.status).toBe(401);
    expect(
      (await post(messageEvent({ eventId: nextId('ev'), chatId: chat, chatType: 'p2p', openId: 'ou_x', text: '/help', token: 'wrong-token' }))).status,
    ).toBe(401);
    expect((await post(ev(), { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 })).status).toBe(401);
    const undecryptable = JSON.stringify(encryptEvent('some-other-key', ev()));
    expect((await postLarkWebhook(hook(), undecryptable, signHeaders(ENCRYPT_KEY, undecryptable))).status).toBe(400);
    const garbage = JSON.stringify({ encrypt: randomBytes(64).toString('base64') });
    expect((await postLarkWebhook(hook(), garbage, signHeaders(ENCRYPT_KEY, garbage))).status).toBe(400);
    expect((await postLarkWebhook(hook(), 'not json at all', signHeaders(ENCRYPT_KEY, 'not json at all'))).status).toBe(400);
    expect((await postLarkWebhook(hook(), '{"encrypt":', {})).status).toBe(400);
    await new Promise((r) => setTimeout(r, 500));
    expect(bot.alive()).toBe(true);
    expect(await bot.healthy()).toBe(true);
    expect(lk.messages(chat)).toHaveLength(0);
  });

  it('accepts a correctly signed body with extra whitespace', async () => {
    const chat = 'oc_e2e_space';
    const { encrypt } = encryptEvent(ENCRYPT_KEY, textEvent(chat, '/help'));
    const body = `{\n   "encrypt"  :  "${encrypt}"\n}\n   `;
    const res = await postLarkWebhook(hook(), body, signHeaders(ENCRYPT_KEY, body));
    expect(res.status).toBe(200);
    await lk.waitForMessage((m) => m.chatId === chat, 10_000);
  });

  it('waits out an injected 429 and then delivers', async () => {
    const chat = 'oc_e2e_429';
    lk.inject(/^\/open-apis\/im\/v1\/messages$/, { status: 429, resetSeconds: 1 });
    await say(chat, '/help');
    const delivered = await lk.waitForMessage((m) => m.chatId === chat, 15_000);
    const limited = lk.calls.find((c) => c.rateLimited && c.injected && c.body['receive_id'] === chat);
    expect(limited).toBeDefined();
    expect(delivered.createTime - limited!.time).toBeGreaterThanOrEqual(1_000);
    expect(lk.messages(chat)).toHaveLength(1);
  });

  it('after a restart, an already handled event is still not handled again', async () => {
    const chat = 'oc_e2e_restart';
    const ev = textEvent(chat, '/help');
    await post(ev);
    await lk.waitForMessage((m) => m.chatId === chat, 10_000);
    await bot.stop();
    expect(bot.output()).toContain('shutting down');
    outputs.push(bot.output());
    bot = await spawnBot(env());
    expect((await post(ev)).status).toBe(200);
    await say(chat, '/help');
    await lk.waitForMessage((m) => m.chatId === chat && lk.messages(chat).length >= 2, 10_000);
    await new Promise((r) => setTimeout(r, 500));
    expect(lk.messages(chat)).toHaveLength(2);
  });

  it('log scan: the secrets and tenant tokens appear 0 times in everything the processes printed', async () => {
    const all = [...outputs, bot.output()].join('\n');
    expect(all).toContain('shenbao started');
    expect(all).toMatch(/lark webhook request rejected/);
    const tokens = lk.calls
      .filter((c) => c.path.endsWith('/tenant_access_token/internal') && c.status === 200)
      .map((c) => (c.response as { tenant_access_token: string }).tenant_access_token);
    expect(tokens.length).toBeGreaterThan(0);
    const counts = Object.fromEntries([APP_SECRET, ENCRYPT_KEY, TOKEN, ...tokens].map((s) => [s.slice(0, 6), all.split(s).length - 1]));
    expect(Object.values(counts).every((n) => n === 0)).toBe(true);
  });
});
