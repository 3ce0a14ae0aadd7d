// The whole process (`npm start`, LARK_MODE=webhook) against the open-API double: a chat that
// switched to English gets English question cards, toasts, closed-card lines and result card.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLarkDouble, type LarkDouble, type LarkMessage } from '../../doubles/lark-api.js';
import { cardActionEvent, larkRequest, messageEvent, postLarkWebhook } from '../../doubles/lark-events.js';
import { buttonsOf, isQuestionCard, type CardButton } from '../channels/lark-harness.js';
import { removeTempDirs, spawnBot, tempDir, type BotProcess } from './lark-process.js';

const APP_ID = `cli_${randomBytes(8).toString('hex')}`;
const APP_SECRET = `app-secret-${randomBytes(12).toString('hex')}`;
const ENCRYPT_KEY = `encrypt-key-${randomBytes(12).toString('hex')}`;
const TOKEN = `verify-token-${randomBytes(12).toString('hex')}`;
const DATA_DIR = tempDir('shenbao-lark-en-');
const CHAT = 'oc_e2e_english';

let lk: LarkDouble;
let bot: BotProcess;
let seq = 0;
const nextId = (p: string) => `${p}-${Date.now().toString(36)}-${++seq}`;
/** Our own framing words in Chinese (the guide's project names, clauses and reasons stay Chinese). */
const CHINESE_FRAMING = /申报资格检查结果|可以申报|不符合条件|还需确认|你们打算申报|限项冲突|选好了|已选择|点按钮|可多选|截止时间和材料清单|过期/;

beforeAll(async () => {
  lk = await startLarkDouble({ appId: APP_ID, appSecret: APP_SECRET });
  bot = await spawnBot({
    LARK_APP_ID: APP_ID,
    LARK_APP_SECRET: APP_SECRET,
    LARK_DOMAIN: lk.url,
    LARK_MODE: 'webhook',
    LARK_ENCRYPT_KEY: ENCRYPT_KEY,
    LARK_VERIFICATION_TOKEN: TOKEN,
    DATA_DIR,
  });
});
afterAll(async () => {
  if (bot) await bot.stop();
  await lk?.close();
  removeTempDirs();
});

async function post(event: unknown) {
  const req = larkRequest(event, { encryptKey: ENCRYPT_KEY });
  const res = await postLarkWebhook(`${bot.url}/lark/webhook`, req.body, req.headers);
  expect(res.status).toBe(200);
  return res.body as { toast?: { type: string; content: string } };
}

async function say(text: string) {
  const ev = messageEvent({ eventId: nextId('ev'), chatId: CHAT, chatType: 'p2p', openId: 'ou_english', text, token: TOKEN });
  lk.noteInbound(ev);
  await post(ev);
}

const click = (card: LarkMessage, button: CardButton) =>
  post(cardActionEvent({ eventId: nextId('card'), openId: 'ou_english', chatId: CHAT, messageId: card.messageId, value: button.value, token: TOKEN }));

const isResult = (m: LarkMessage) => m.msgType === 'interactive' && m.content?.header?.title?.content === 'Eligibility check';

describe('an English Lark chat, whole process', () => {
  it('gets English cards from the first question to the result', async () => {
    await say('/lang en');
    await lk.waitForMessage((m) => m.chatId === CHAT && m.msgType === 'text' && String(m.content.text).includes('Language: English'), 15_000);
    await say('/start');
    const answered = new Set<string>();
    let result: LarkMessage | undefined;
    for (let step = 0; step < 30 && !result; step++) {
      const next = await lk.waitForMessage((m) => m.chatId === CHAT && (isResult(m) || (isQuestionCard(m) && !answered.has(m.messageId))), 15_000);
      if (isResult(next)) {
        result = next;
        break;
      }
      answered.add(next.messageId);
      const card = JSON.stringify(next.content);
      expect(card).not.toMatch(CHINESE_FRAMING);
      expect(card).toMatch(/Tap a button|Choose several/);
      const buttons = buttonsOf(next.content);
      const done = buttons.find((b) => b.text.content === '✅ Done');
      expect(Boolean(done)).toBe(card.includes('Choose several'));
      if (done) {
        expect(await click(next, buttons[0]!)).toEqual({});
        await lk.waitFor((c) => c.method === 'PATCH' && c.path.endsWith(next.messageId) && c.status === 200, 10_000);
        expect(await click(next, done)).toMatchObject({ toast: { type: 'success', content: 'Submitted' } });
      } else {
        expect((await click(next, buttons[0]!)).toast?.content).toBe(`Chosen: ${buttons[0]!.text.content}`);
      }
    }
    expect(result).toBeDefined();
    const text = JSON.stringify(result!.content);
    for (const section of ['May apply', 'Not eligible', 'To be confirmed']) expect(text).toContain(section);
    expect(text).not.toMatch(CHINESE_FRAMING);
    // The answered cards were closed with an English line.
    for (const id of answered) {
      await lk.waitFor((c) => c.method === 'PATCH' && c.path.endsWith(id) && JSON.stringify(c.body).includes('Chosen: '), 10_000);
      expect(buttonsOf(lk.message(id)!.content)).toHaveLength(0);
    }
    // A forged button in this chat is refused in English too.
    const forged = await post(
      cardActionEvent({
        eventId: nextId('forged'),
        openId: 'ou_english',
        chatId: CHAT,
        messageId: result!.messageId,
        value: { k: 'p|0|nope', s: 'x' },
        token: TOKEN,
      }),
    );
    expect(forged.toast).toMatchObject({ type: 'error', content: expect.stringMatching(/^This button is not valid/) });
  });
});
