// The evidence checklist on Telegram, against the Bot API double: inline toggles edited in place,
// shared by two chats of one roster society; stale, forged and other-chat presses change nothing.
import { afterEach, describe, expect, it } from 'vitest';
import { checklistItems } from '../../handlers/checklist.js';
import { STALE_BUTTON } from '../../src/channels/telegram.js';
import { checklistKey } from '../../src/checklist-store.js';
import { loadGuideFile } from '../../src/guide-file.js';
import { createSociety } from '../../src/roster/societies.js';
import type { Json, TelegramDouble } from '../../doubles/telegram-api.js';
import { buttons, lastKeyboard, sleep, startTgHarness, until, type TgHarness } from './telegram-harness.js';

let h: TgHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const guide = loadGuideFile();
const screenshot = checklistItems(guide, 'standard').find((i) => i.text.includes('立项截图'))!;
const answers = (tg: TelegramDouble) => tg.calls.filter((c) => c.method === 'answerCallbackQuery');
const messageOf = (tg: TelegramDouble, chat: number, id: number) => tg.botMessages(chat).find((m) => m.message_id === id)!;
const edits = (tg: TelegramDouble, chat: number) => tg.sentLog(chat).filter((r) => r.kind === 'edit').length;
const checklistMessage = (tg: TelegramDouble, chat: number): Json | undefined => {
  const m = lastKeyboard(tg, chat);
  return m && String(m.text).startsWith('📋') ? m : undefined;
};
const button = (m: Json, label: string) => buttons(m).find((b) => b.text.includes(label))!;

async function say(tg: TelegramDouble, chat: number, text: string, expected: string | ((texts: string[]) => boolean)) {
  const before = tg.sentPlain(chat).length;
  tg.userMessage(chat, text);
  await until(() => {
    const fresh = tg.sentPlain(chat).slice(before);
    return typeof expected === 'string' ? fresh.some((t) => t.includes(expected)) : expected(fresh);
  }, `reply to "${text}"`);
}

describe('checklist on Telegram', () => {
  it('ticks and unticks in place, is shared by the society’s chats, and refuses stale, forged and other-chat presses', async () => {
    h = await startTgHarness({ roster: true });
    const { tg, store } = h;
    const society = await createSociety(store, { name: '江苏省测试学会', facts: {}, nowMs: Date.now() });
    const [A, B, C] = [6101, 6102, 6103];
    for (const chat of [A, B]) {
      await say(tg, chat, `/join ${society.code}`, '江苏省测试学会');
      await say(tg, chat, '我们想报标准制定', '标准制定');
    }
    await say(tg, C, '我们想报标准制定', '标准制定');
    const key = checklistKey(society.id, 'standard', screenshot.id);

    // A: the checklist, answer first, items as toggles (each callback within Telegram's 64 bytes).
    await say(tg, A, '/checklist', '还差 4 项');
    const a = checklistMessage(tg, A)!;
    expect(String(a.text).split('\n').slice(0, 2)).toEqual(['📋 材料清单', '标准制定：还差 4 项（申报 3、结项 1）']);
    for (const b of buttons(a)) expect(Buffer.byteLength(b.callback_data)).toBeLessThanOrEqual(64);
    const tick = button(a, '立项截');
    expect(tick.text).not.toMatch(/^✅/);

    // Tick: the same message is edited, its button shows ✅, the store says who and when.
    tg.callback(A, a.message_id, tick.callback_data, { id: 77 });
    await until(() => edits(tg, A) === 1, 'the tick edit');
    expect(button(messageOf(tg, A, a.message_id), '立项截').text).toMatch(/^✅/);
    expect(String(messageOf(tg, A, a.message_id).text)).toContain('标准制定：还差 3 项（申报 2、结项 1）');
    expect(await store.get(key)).toMatchObject({ state: 'done', by: 'telegram:77' });

    // B (the same society) sees it ticked.
    await say(tg, B, '/checklist', '还差 3 项');
    const b = checklistMessage(tg, B)!;
    expect(button(b, '立项截').text).toMatch(/^✅/);

    // Untick in A: the same button again (its target is now "to do").
    tg.callback(A, a.message_id, button(messageOf(tg, A, a.message_id), '立项截').callback_data);
    await until(() => edits(tg, A) === 2, 'the untick edit');
    expect(button(messageOf(tg, A, a.message_id), '立项截').text).not.toMatch(/^✅/);
    expect(await store.get(key)).toMatchObject({ state: 'todo' });
    const drawnInA = button(messageOf(tg, A, a.message_id), '立项截').callback_data;

    // B marks it not applicable (the mode button, then the item).
    tg.callback(B, b.message_id, button(b, '⊘ 标记不适用').callback_data);
    await until(() => edits(tg, B) === 1, 'B in not-applicable mode');
    tg.callback(B, b.message_id, button(messageOf(tg, B, b.message_id), '立项截').callback_data);
    await until(() => edits(tg, B) === 2, 'B marks it');
    expect(await store.get(key)).toMatchObject({ state: 'na' });

    // A's button was drawn before B's change: a stale press changes nothing, and A is redrawn as it now is.
    tg.callback(A, a.message_id, drawnInA);
    await until(() => edits(tg, A) === 3, 'the stale redraw');
    expect(String(messageOf(tg, A, a.message_id).text)).toContain('刚被改过');
    expect(String(messageOf(tg, A, a.message_id).text)).toContain('⊘ 全国团体标准信息平台立项截图');
    expect(await store.get(key)).toMatchObject({ state: 'na' });

    // Forged or altered data in A, A's data pressed in B (same society) and in C: refused, nothing written or edited.
    const forged = [drawnInA.slice(0, -1) + (drawnInA.endsWith('A') ? 'B' : 'A'), drawnInA.replace(/\.t\.(\d)\./, '.t.9.'), 'v1.AAAAAAAA.t.0.AAAAAAAAAAAAAAAA'];
    const answered = answers(tg).length;
    const before = JSON.stringify(await store.get(key));
    const sends = tg.sentLog().length;
    for (const f of forged) tg.callback(A, a.message_id, f);
    tg.callback(B, b.message_id, drawnInA);
    tg.callback(C, a.message_id, drawnInA);
    await until(() => answers(tg).length === answered + forged.length + 2, 'the refusals');
    expect(
      answers(tg)
        .slice(answered)
        .every((c) => c.params['text'] === STALE_BUTTON),
    ).toBe(true);
    await sleep(200);
    expect(tg.sentLog().length).toBe(sends);
    expect(JSON.stringify(await store.get(key))).toBe(before);
    expect(await store.keys(`checklist:telegram:${C}:`)).toEqual([]);
  });

  it('the same button pressed twice (the second before or after the redraw) ticks once and never unticks', async () => {
    h = await startTgHarness();
    const { tg, store } = h;
    const CHAT = 6301;
    await say(tg, CHAT, '我们想报标准制定', '标准制定');
    await say(tg, CHAT, '/checklist', '还差 4 项');
    const m = checklistMessage(tg, CHAT)!;
    const tick = button(m, '立项截').callback_data;
    const key = checklistKey(`telegram:${CHAT}`, 'standard', screenshot.id);
    // Twice at once (a double tap), then twice more after the redraw: the same signed data each time.
    tg.callback(CHAT, m.message_id, tick);
    tg.callback(CHAT, m.message_id, tick);
    await until(() => answers(tg).length === 2, 'both presses answered');
    await sleep(300);
    expect(await store.get(key)).toMatchObject({ state: 'done' });
    for (let i = 3; i <= 4; i++) {
      tg.callback(CHAT, m.message_id, tick);
      await until(() => answers(tg).length === i, `press ${i} answered`);
      await sleep(300);
      expect(await store.get(key)).toMatchObject({ state: 'done' });
    }
    const now = messageOf(tg, CHAT, m.message_id);
    expect(button(now, '立项截').text).toMatch(/^✅/);
    expect(String(now.text)).toContain('标准制定：还差 3 项');
    // The redrawn button (its target is now "to do") still unticks.
    tg.callback(CHAT, m.message_id, button(now, '立项截').callback_data);
    await until(() => answers(tg).length === 5, 'the untick answered');
    await until(() => !/^✅/.test(button(messageOf(tg, CHAT, m.message_id), '立项截').text), 'the untick edit');
    expect(await store.get(key)).toMatchObject({ state: 'todo' });
  });

  it('pages a long checklist one project at a time with ‹ › buttons, edited in place', async () => {
    h = await startTgHarness();
    const { tg } = h;
    const CHAT = 6201;
    await say(tg, CHAT, '我们想报标准制定、科技评估和决策咨询', '决策咨询');
    await say(tg, CHAT, '/checklist', '材料清单');
    const m = checklistMessage(tg, CHAT)!;
    expect(String(m.text)).toContain('标准制定（第 1/3 页）');
    expect(buttons(m).map((b) => b.text)).toContain('科技评估 ›');
    tg.callback(CHAT, m.message_id, button(m, '科技评估 ›').callback_data);
    await until(() => edits(tg, CHAT) === 1, 'page 2');
    const page2 = messageOf(tg, CHAT, m.message_id);
    expect(String(page2.text)).toContain('科技评估（第 2/3 页）');
    expect(buttons(page2).map((b) => b.text)).toEqual(expect.arrayContaining(['‹ 标准制定', '决策咨询 ›']));
    // Numbers go on across pages; the answer first still covers every project.
    expect(String(page2.text)).toMatch(/\n5\. ☐ /);
    expect(String(page2.text)).toContain('决策咨询：还差 6 项（申报 3、结项 3）');
  });
});
