// A roster name that is markdown (a link hiding its address) reaches Lark text messages as text:
// the Lark bot on the open-API double, a real roster society, /join in a chat.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLarkDouble, type LarkDouble } from '../../doubles/lark-api.js';
import { messageEvent } from '../../doubles/lark-events.js';
import { createSociety } from '../../src/roster/societies.js';
import { SECRETS, startHarness, type Harness } from './lark-harness.js';

let lk: LarkDouble;
let h: Harness;

beforeAll(async () => {
  lk = await startLarkDouble();
  h = await startHarness(lk, { webhook: true, roster: true });
});
afterAll(async () => {
  await h.close();
  await lk.close();
});

describe('Lark text messages', () => {
  it('show a roster name with [words](url) as text, not as a link', async () => {
    const society = await createSociety(h.deps.store, { name: '[点我](https://evil.example)江苏省学会', facts: {}, nowMs: Date.now() });
    const ev = messageEvent({
      eventId: 'ev-link-1',
      chatId: 'oc_link',
      chatType: 'p2p',
      openId: 'ou_user',
      text: `/join ${society.code}`,
      token: SECRETS.verificationToken,
    });
    lk.noteInbound(ev);
    await h.bot.dispatch(ev);
    await h.bot.idle();
    const texts = lk
      .messages('oc_link')
      .filter((m) => m.msgType === 'text')
      .map((m) => String(m.content?.text ?? ''));
    const joined = texts.find((t) => t.includes('江苏省学会'));
    expect(joined).toBeDefined();
    expect(joined).not.toMatch(/\[点我\]\(https:/);
    expect(joined).toContain('［点我］(https://evil.example)');
  });
});
