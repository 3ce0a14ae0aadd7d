import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ButtonCodec } from '../../src/channels/lark-buttons.js';
import { startLarkDouble, type LarkDouble } from '../../doubles/lark-api.js';
import { cardActionEvent, messageEvent } from '../../doubles/lark-events.js';
import { buttonsOf, isQuestionCard, SECRETS, startHarness, type Harness } from './lark-harness.js';

const codec = new ButtonCodec('app-secret-for-codec');

describe('button value codec', () => {
  it('round-trips and binds the value to the chat and the secret', () => {
    const v = codec.encode('oc_a', { ref: 'projects:society#4', action: 'toggle', index: 2 });
    expect(codec.decode('oc_a', v)).toEqual({ ref: 'projects:society#4', action: 'toggle', index: 2 });
    expect(codec.decode('oc_b', v)).toBeUndefined();
    expect(new ButtonCodec('another-secret').decode('oc_a', v)).toBeUndefined();
    const done = codec.encode('oc_a', { ref: 'q#1', action: 'done', index: -1 });
    expect(codec.decode('oc_a', done)).toEqual({ ref: 'q#1', action: 'done', index: -1 });
  });

  it('refuses tampered values', () => {
    const v = codec.encode('oc_a', { ref: 'q#1', action: 'pick', index: 0 });
    expect(codec.decode('oc_a', { ...v, k: 'p|1|q#1' })).toBeUndefined();
    expect(codec.decode('oc_a', { ...v, s: v.s.replace(/^./, (c) => (c === 'A' ? 'B' : 'A')) })).toBeUndefined();
    expect(codec.decode('oc_a', { k: v.k })).toBeUndefined();
    expect(codec.decode('oc_a', [v])).toBeUndefined();
    expect(codec.decode(undefined, v)).toBeUndefined();
  });

  it('fuzz: 1,000 forged values decode to nothing and never throw', () => {
    const forged = fc.oneof(
      fc.anything(),
      fc.record({ k: fc.string(), s: fc.string() }),
      fc.record({ k: fc.constantFrom('p|0|orgType#1', 't|1|categories#1', 'd|-1|categories#1'), s: fc.base64String({ maxLength: 40 }) }),
      fc.record({ k: fc.string(), s: fc.string(), extra: fc.anything() }),
    );
    let crashes = 0;
    let accepted = 0;
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.constant('oc_a')), forged, (chat, value) => {
        try {
          if (codec.decode(chat, value) !== undefined) accepted++;
        } catch {
          crashes++;
        }
      }),
      { numRuns: 1_000 },
    );
    expect({ crashes, accepted }).toEqual({ crashes: 0, accepted: 0 });
  });
});

describe('forged clicks through the bot', () => {
  let lk: LarkDouble;
  let h: Harness;
  beforeAll(async () => {
    lk = await startLarkDouble();
    h = await startHarness(lk);
  });
  afterAll(async () => {
    await h.close();
    await lk.close();
  });

  it('1,000 forged card actions: no crash, no handling, no message; a real value replayed in another chat does nothing', async () => {
    // A real question card in oc_real, so forged values have something to aim at.
    await h.bot.dispatch(
      messageEvent({ eventId: 'ev-start', chatId: 'oc_real', chatType: 'p2p', openId: 'ou_1', text: '/start', token: SECRETS.verificationToken }),
    );
    await h.bot.idle();
    const card = lk.messages('oc_real').find(isQuestionCard)!;
    expect(card).toBeDefined();
    const real = buttonsOf(card.content)[0]!.value;
    const decoded = h.codec.decode('oc_real', real);
    expect(decoded?.action).toBe('toggle');
    expect(await h.bot.questions.get('oc_real', decoded!.ref)).toBeDefined();

    const handle = vi.spyOn(h.deps.conversation, 'handle');
    const sentBefore = lk.messages().length;
    const patchesBefore = lk.calls.filter((c) => c.method === 'PATCH').length;
    const values = fc.sample(
      fc.oneof(
        fc.anything(),
        fc.record({ k: fc.string(), s: fc.string() }),
        fc.record({ k: fc.constant(real.k), s: fc.base64String({ minLength: 32, maxLength: 32 }) }),
        fc.record({ k: fc.constantFrom('p|0|categories#1', 't|0|categories#1', 'd|-1|categories#1', 't|99|categories#1'), s: fc.string() }),
      ),
      990,
    );
    // the genuine value, replayed in other chats
    for (let i = 0; i < 10; i++) values.push(real);
    let crashes = 0;
    const answers: unknown[] = [];
    for (const [i, value] of values.entries()) {
      const chatId = i >= 990 ? `oc_other_${i}` : 'oc_real';
      try {
        answers.push(
          await h.bot.dispatch(
            cardActionEvent({ eventId: `forged-${i}`, openId: 'ou_evil', chatId, messageId: card.messageId, value, token: SECRETS.verificationToken }),
          ),
        );
      } catch {
        crashes++;
      }
    }
    await h.bot.idle();
    expect(crashes).toBe(0);
    expect(handle).not.toHaveBeenCalled();
    expect(lk.messages().length).toBe(sentBefore);
    expect(lk.calls.filter((c) => c.method === 'PATCH').length).toBe(patchesBefore);
    expect(answers.every((a) => (a as { toast?: { type: string } }).toast?.type === 'error')).toBe(true);
    // the genuine click in its own chat still works
    const ok = await h.bot.dispatch(
      cardActionEvent({ eventId: 'genuine', openId: 'ou_1', chatId: 'oc_real', messageId: card.messageId, value: real, token: SECRETS.verificationToken }),
    );
    expect(ok).toEqual({});
    await h.bot.idle();
    expect(handle).toHaveBeenCalledTimes(1);
    handle.mockRestore();
  });
});
