import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Question } from '../../handlers/types.js';
import { QuestionBook } from '../../src/channels/question-protocol.js';
import { CallbackCodec, resolveCallback } from '../../src/channels/telegram-callback.js';
import { createMemoryStore } from '../../src/store/memory-store.js';

const TOKEN = '123456:TEST-token-xyz';
const A = '1001';
const B = '-1002003004005';

const single: Question = {
  id: 'evaluationGrade#3',
  mode: 'single',
  options: ['A', 'B', 'C', 'D', 'none'].map((v) => ({ value: v, label: `${v}等` })),
  selected: [],
};
const multi: Question = {
  id: 'categories#1',
  mode: 'multi',
  options: ['society', 'academic', 'platform', 'service', '__all__'].map((v) => ({ value: v, label: v })),
  selected: [],
};

async function setup() {
  const base = createMemoryStore();
  const store = new QuestionBook(base, 'telegram');
  const codec = new CallbackCodec(TOKEN);
  const refA = (await store.ask(A, single, '等级？')).ref;
  const refM = (await store.ask(A, multi, '类别？')).ref;
  return { base, store, codec, refA, refM };
}

describe('callback data codec', () => {
  it('encodes within 64 bytes and resolves to the choice', async () => {
    const { store, codec, refA, refM } = await setup();
    const pick = codec.encode(A, refA, single.id, 'p', 4);
    expect(Buffer.byteLength(pick)).toBeLessThanOrEqual(64);
    expect(pick).toMatch(/^v1\.[\w-]{8}\.p\.4\.[\w-]{16}$/);
    expect((await resolveCallback(codec, store, A, pick))?.choice).toEqual({ question: single.id, values: ['none'], action: 'pick' });
    expect((await resolveCallback(codec, store, A, codec.encode(A, refM, multi.id, 't', 1)))?.choice).toEqual({
      question: multi.id,
      values: ['academic'],
      action: 'toggle',
    });
    expect((await resolveCallback(codec, store, A, codec.encode(A, refM, multi.id, 'd', 0)))?.choice).toEqual({
      question: multi.id,
      values: [],
      action: 'done',
    });
    // the longest payload this codec makes
    expect(Buffer.byteLength(codec.encode(A, refA, single.id, 'p', 999))).toBeLessThanOrEqual(64);
  });

  it('refuses a payload from another chat, another token, or a question whose record is gone', async () => {
    const { base, store, codec, refA } = await setup();
    const pick = codec.encode(A, refA, single.id, 'p', 0);
    // chat B has no record under this ref; even if it had one, the MAC binds chat A.
    expect(await resolveCallback(codec, store, B, pick)).toBeUndefined();
    await base.set(`q:telegram:${B}:ref:${refA}`, await base.get(`q:telegram:${A}:ref:${refA}`));
    expect(await store.get(B, refA)).toBeDefined();
    expect(await resolveCallback(codec, store, B, pick)).toBeUndefined();
    // signed with another bot's token
    expect(await resolveCallback(codec, store, A, new CallbackCodec('654321:OTHER-token').encode(A, refA, single.id, 'p', 0))).toBeUndefined();
    // signed for another question under the same ref: the signature does not fit the record
    expect(await resolveCallback(codec, store, A, codec.encode(A, refA, 'evaluationGrade#9', 'p', 0))).toBeUndefined();
    expect(await resolveCallback(codec, store, A, pick)).toBeDefined();
    await base.delete(`q:telegram:${A}:ref:${refA}`);
    expect(await resolveCallback(codec, store, A, pick)).toBeUndefined();
  });

  it('refuses actions that do not fit the question, and out-of-range indexes', async () => {
    const { store, codec, refA, refM } = await setup();
    expect(await resolveCallback(codec, store, A, codec.encode(A, refA, single.id, 't', 0))).toBeUndefined();
    expect(await resolveCallback(codec, store, A, codec.encode(A, refA, single.id, 'p', 5))).toBeUndefined();
    expect(await resolveCallback(codec, store, A, codec.encode(A, refM, multi.id, 'p', 0))).toBeUndefined();
    expect(await resolveCallback(codec, store, A, codec.encode(A, refM, multi.id, 'd', 1))).toBeUndefined();
  });

  it('1,000 fuzzed payloads: no crash, no choice, nothing written', async () => {
    const { base, store, codec, refA, refM } = await setup();
    const valid = [codec.encode(A, refA, single.id, 'p', 1), codec.encode(A, refM, multi.id, 't', 2), codec.encode(A, refM, multi.id, 'd', 0)];
    const keysBefore = await base.keys('');
    const mutate = (s: string, r: number) => {
      const i = r % s.length;
      const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.';
      const c = alphabet[(r >> 8) % alphabet.length]!;
      return s[i] === c ? `${s.slice(0, i)}${c === 'a' ? 'b' : 'a'}${s.slice(i + 1)}` : `${s.slice(0, i)}${c}${s.slice(i + 1)}`;
    };
    const payloads: unknown[] = fc.sample(
      fc.oneof(
        fc.string({ maxLength: 80 }),
        fc.string({ unit: 'binary', maxLength: 64 }),
        fc.constantFrom(...valid).chain((v) => fc.nat().map((r) => mutate(v, r))),
        fc
          .tuple(fc.constantFrom('p', 't', 'd'), fc.nat({ max: 999 }), fc.constantFrom(refA, refM, 'AAAAAAAA'))
          .map(([a, i, r]) => `v1.${r}.${a}.${i}.${randomBytes(12).toString('base64url')}`),
        fc.constantFrom(undefined, null, '', 'v1', 'v1....', '__proto__', 'v1.constructor.p.0.AAAAAAAAAAAAAAAA', 'x'.repeat(10_000)),
      ),
      { numRuns: 1000, seed: 42 },
    );
    expect(payloads).toHaveLength(1000);
    let crashes = 0;
    let accepted = 0;
    for (const p of payloads) {
      try {
        if (await resolveCallback(codec, store, A, p)) accepted++;
        // and each also from another chat
        if (await resolveCallback(codec, store, B, p)) accepted++;
      } catch {
        crashes++;
      }
    }
    // A mutation may land on a character that leaves the payload unchanged in meaning only if it
    // is identical — mutate() always changes one character, so nothing forged is accepted.
    expect(crashes).toBe(0);
    expect(accepted).toBe(0);
    // the genuine payloads still resolve, from chat A only
    for (const v of valid) {
      expect(await resolveCallback(codec, store, A, v)).toBeDefined();
      expect(await resolveCallback(codec, store, B, v)).toBeUndefined();
    }
    expect(await base.keys('')).toEqual(keysBefore);
  });
});
