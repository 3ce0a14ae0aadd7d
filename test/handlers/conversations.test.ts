/**
 * The multi-turn conversations of test/handlers/corpus/conversations.yaml, written from the guide
 * alone: what a new secretary types, and what each reply must (not) say and (not) store.
 * A turn's `open` is the question the writer expected to be pending; when the bot's own order
 * asked something else, the turn is played with that question pending, as the file allows.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Conversation } from '../../handlers/conversation.js';
import { newState, type ChatState } from '../../handlers/state.js';
import { intentions, profileSchema, projectIdSchema } from '../../rules/index.js';
import { CORPUS_DIR } from './corpus-check.js';
import { bundled } from './harness.js';

const expectSchema = z
  .object({
    answerStarts: z.string().optional(),
    mentions: z.array(z.union([z.string(), z.number()]).transform(String)).optional(),
    notMentions: z.array(z.string()).optional(),
    stores: profileSchema
      .extend({ name: z.string(), intended: z.array(z.unknown()) })
      .partial()
      .optional(),
    notIntended: z.array(projectIdSchema).optional(),
    storesNothing: z.boolean().optional(),
    asksConfirm: z.boolean().optional(),
    says: z.string().optional(),
  })
  .strict();
const conversationSchema = z.object({
  id: z.string(),
  turns: z.array(
    z
      .object({
        say: z.union([z.string(), z.number()]).transform(String),
        open: z.string().optional(),
        last: projectIdSchema.optional(),
        expect: expectSchema.default({}),
      })
      .strict(),
  ),
});
const conversations = z.array(conversationSchema).parse(parse(readFileSync(`${CORPUS_DIR}conversations.yaml`, 'utf8')));

const NOW = Date.parse('2022-05-10T10:00:00+08:00');
const MARKS: Record<string, string> = { '✅': '可以', '❌': '不可以', '❓': '还不确定' };

/** 可以 / 不可以 / 还不确定, from the first line of the reply that gives a verdict. */
function verdictOf(reply: string): string | undefined {
  const line = reply.split('\n').find((l) => /^[✅❌❓]/u.test(l.trim()));
  return line ? MARKS[[...line.trim()][0]!] : undefined;
}

const snapshot = (s: ChatState) =>
  JSON.stringify({
    ...s.profile,
    intended: intentions(s.profile)
      .map((i) => i.project)
      .sort(),
    name: s.name,
  });

describe('conversations written from the guide', () => {
  it('has the twelve conversations', () => expect(conversations.length).toBeGreaterThanOrEqual(12));

  it.each(conversations.map((c) => [c.id, c] as const))('%s', async (_, conversation) => {
    const { guide, search } = bundled();
    const bot = new Conversation(guide, search);
    let state = newState(NOW);
    const log: string[] = [];
    for (const [n, turn] of conversation.turns.entries()) {
      if (turn.open && state.pending?.ask !== turn.open && turn.open !== 'name') {
        const ask = turn.open === 'intended' ? 'categories' : turn.open;
        state.seq += 1;
        state.pending = { id: `${ask}#${state.seq}`, ask, selected: [] };
        if (state.stage === 'new') state.stage = 'interview';
      }
      if (turn.last) state.topic = { projects: [turn.last], age: 0 };
      const before = snapshot(state);
      const out = await bot.handle({ channel: 'console', chatId: 'c', userId: 'u', text: turn.say }, state, { guide, nowMs: NOW });
      state = out.state;
      const reply = out.replies.map((r) => r.text).join('\n');
      log.push(`> ${turn.say}\n${reply}`);
      const where = `${conversation.id} turn ${n + 1} (${turn.say})\n${log.slice(-3).join('\n\n')}\n---`;
      const e = turn.expect;
      if (e.answerStarts) {
        const allowed = e.answerStarts.split('|');
        expect(allowed, `${where} verdict`).toContain(verdictOf(reply));
      }
      for (const m of e.mentions ?? []) expect(reply, where).toContain(m);
      for (const m of e.notMentions ?? []) expect(reply, where).not.toContain(m);
      if (e.storesNothing) expect(snapshot(state), `${where} stored something`).toBe(before);
      for (const [key, value] of Object.entries(e.stores ?? {})) {
        if (key === 'intended') {
          expect(
            intentions(state.profile).map((i) => (i.count > 1 ? i : i.project)),
            where,
          ).toEqual(expect.arrayContaining(value as unknown[]));
        } else if (key === 'name') expect(state.name, where).toContain(String(value).replace(/^江苏/, ''));
        else expect((state.profile as Record<string, unknown>)[key], `${where} ${key}`).toEqual(value);
      }
      for (const id of e.notIntended ?? [])
        expect(
          intentions(state.profile).map((i) => i.project),
          where,
        ).not.toContain(id);
      if (e.asksConfirm) expect(state.pending?.ask, where).toBe('confirm');
      expect(reply.trim(), `${where} no reply`).not.toBe('');
    }
  });
});
