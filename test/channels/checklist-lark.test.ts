// The evidence checklist on Lark, against the open-API double: a card with a button per item,
// patched in place; two chats of one roster society share it; stale, forged and other-chat clicks change nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checklistItems } from '../../handlers/checklist.js';
import { checklistKey } from '../../src/checklist-store.js';
import { loadGuideFile } from '../../src/guide-file.js';
import { createSociety } from '../../src/roster/societies.js';
import { startLarkDouble, type LarkDouble, type LarkMessage } from '../../doubles/lark-api.js';
import { cardActionEvent, messageEvent } from '../../doubles/lark-events.js';
import { buttonsOf, SECRETS, startHarness, type CardButton, type Harness } from './lark-harness.js';

const T = SECRETS.verificationToken;
let lk: LarkDouble;
let h: Harness;
let seq = 0;
const id = (p: string) => `${p}-${++seq}`;

beforeAll(async () => {
  lk = await startLarkDouble();
  h = await startHarness(lk, { webhook: true, roster: true });
});
afterAll(async () => {
  await h.close();
  await lk.close();
});

const guide = loadGuideFile();
const agreement = checklistItems(guide, 'tech_assessment').find((i) => i.text === '评估委托协议等材料')!;

async function say(chatId: string, text: string) {
  const ev = messageEvent({
    eventId: id('ev'),
    chatId,
    chatType: 'group',
    openId: 'ou_user',
    text: `@_user_1 ${text}`,
    token: T,
    mentions: [{ openId: 'ou_bot', name: 'bot' }],
  });
  lk.noteInbound(ev);
  await h.bot.dispatch(ev);
  await h.bot.idle();
}
async function click(chatId: string, messageId: string, value: unknown, openId = 'ou_user') {
  const answer = await h.bot.dispatch(cardActionEvent({ eventId: id('card'), openId, chatId, messageId, value, token: T }));
  await h.bot.idle();
  return answer as { toast?: { type: string; content: string } };
}
const checklistCard = (chat: string): LarkMessage =>
  lk
    .messages(chat)
    .filter((m) => m.msgType === 'interactive' && JSON.stringify(m.content).includes('📋 材料清单'))
    .at(-1)!;
const now = (m: LarkMessage) => lk.message(m.messageId)!;
const button = (m: LarkMessage, label: string): CardButton => buttonsOf(now(m).content).find((b) => b.text.content.includes(label))!;
const text = (m: LarkMessage) => JSON.stringify(now(m).content);

describe('checklist on Lark', () => {
  it('ticks and unticks by patching the card, is shared by the society’s chats, and refuses stale, forged and other-chat clicks', async () => {
    const store = h.deps.store;
    const society = await createSociety(store, { name: '江苏省飞书测试学会', facts: {}, nowMs: Date.now() });
    for (const chat of ['oc_cl_a', 'oc_cl_b']) {
      await say(chat, `/join ${society.code}`);
      await say(chat, '我们想报科技评估');
    }
    const key = checklistKey(society.id, 'tech_assessment', agreement.id);

    await say('oc_cl_a', '/checklist');
    const a = checklistCard('oc_cl_a');
    expect(text(a)).toContain('科技评估：还差 7 项（申报 3、结项 4）');
    expect(button(a, '评估委托协议').text.content.startsWith('☐')).toBe(true);

    // Tick: the same card is patched with ☑, the store says who.
    expect(await click('oc_cl_a', a.messageId, button(a, '评估委托协议').value)).toEqual({});
    expect(button(a, '评估委托协议').text.content.startsWith('☑')).toBe(true);
    expect(text(a)).toContain('还差 6 项');
    expect(await store.get(key)).toMatchObject({ state: 'done', by: 'lark:ou_user' });

    // The society's other chat sees it.
    await say('oc_cl_b', '/checklist');
    const b = checklistCard('oc_cl_b');
    expect(button(b, '评估委托协议').text.content.startsWith('☑')).toBe(true);

    // Untick in A.
    await click('oc_cl_a', a.messageId, button(a, '评估委托协议').value);
    expect(button(a, '评估委托协议').text.content.startsWith('☐')).toBe(true);
    expect(await store.get(key)).toMatchObject({ state: 'todo' });
    const drawnInA = button(a, '评估委托协议').value;

    // B: not applicable.
    await click('oc_cl_b', b.messageId, button(b, '⊘ 标记不适用').value);
    await click('oc_cl_b', b.messageId, button(b, '评估委托协议').value);
    expect(await store.get(key)).toMatchObject({ state: 'na' });

    // A's button predates B's change: refused as stale; A's card is redrawn as it now is.
    await click('oc_cl_a', a.messageId, drawnInA);
    expect(text(a)).toContain('刚被改过');
    expect(await store.get(key)).toMatchObject({ state: 'na' });

    // Forged, and A's button clicked in B's chat: refused with a toast, nothing written.
    const before = JSON.stringify(await store.get(key));
    const sends = lk.messages().length;
    expect((await click('oc_cl_a', a.messageId, { ...drawnInA, s: `${drawnInA.s.slice(0, -1)}x` })).toast?.type).toBe('error');
    expect((await click('oc_cl_b', b.messageId, drawnInA)).toast?.type).toBe('error');
    expect(JSON.stringify(await store.get(key))).toBe(before);
    expect(lk.messages().length).toBe(sends);
  });

  it('the same button clicked twice ticks once and never unticks', async () => {
    const chat = 'oc_cl_twice';
    await say(chat, '我们想报科技评估');
    await say(chat, '/checklist');
    const card = checklistCard(chat);
    const value = button(card, '评估委托协议').value;
    const key = checklistKey(`lark:${chat}`, 'tech_assessment', agreement.id);
    await Promise.all([click(chat, card.messageId, value), click(chat, card.messageId, value)]);
    await click(chat, card.messageId, value);
    expect(await h.deps.store.get(key)).toMatchObject({ state: 'done' });
    expect(button(card, '评估委托协议').text.content.startsWith('☑')).toBe(true);
    expect(text(card)).toContain('还差 6 项');
    // The redrawn button (now "untick") still unticks.
    await click(chat, card.messageId, button(card, '评估委托协议').value);
    expect(await h.deps.store.get(key)).toMatchObject({ state: 'todo' });
    expect(button(card, '评估委托协议').text.content.startsWith('☐')).toBe(true);
  });
});
