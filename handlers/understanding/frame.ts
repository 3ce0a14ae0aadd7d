import { z } from 'zod';
import { profileSchema, projectIdSchema } from '../../rules/index.js';
import { partTopic } from '../ask.js';
import { HYPOTHETICAL } from '../what-if.js';
import { KINDS } from './kinds.js';
import type { Message } from './message.js';
import { questionParts } from './parts.js';
import { splitClauses } from './split.js';
import { unknownProjectNames } from './unknown-names.js';

/**
 * One message, read: the typed result of the stages (normalise → split → classify → extract), with
 * zod-checked parts. The routes read the same values from `Message` as they need them; the frame is
 * the whole reading at once, for `cli ask --json`, the tests over the corpus and anyone debugging a
 * misreading ("which stage got it wrong?").
 */
export const frameSchema = z
  .object({
    /** What was typed, and the text after stage 1. */
    said: z.string(),
    text: z.string(),
    /** Stage 2: the clauses, an elided predicate carried over and its negation kept. */
    clauses: z.array(z.object({ text: z.string(), negated: z.boolean(), carried: z.boolean(), question: z.boolean() }).strict()),
    /** Stage 3: the kind the learned model reads, and how sure it is (0–1). */
    kind: z.enum(KINDS),
    confidence: z.number().min(0).max(1),
    /** Stage 4, the slots: facts stated, projects named or meant, names the guide does not have, a date. */
    facts: profileSchema,
    intended: z.array(projectIdSchema),
    projects: z.array(projectIdSchema),
    unknownProjects: z.array(z.string()),
    eventDate: z.iso.date().optional(),
    /** 如果 / 要是 / 假如: the facts are a what-if, never stored. */
    hypothetical: z.boolean(),
    /** Each question asked, as it would be asked alone, and the topic it asks about. */
    questions: z.array(z.object({ text: z.string(), topic: z.string().optional() }).strict()),
  })
  .strict();

export type Frame = z.infer<typeof frameSchema>;

export function frameOf(m: Message): Frame {
  const { turn } = m;
  const topicOf = (text: string) => partTopic(text, turn.matcher, turn.lang);
  const asks = m.asks || m.kind.kind === 'question' || m.kind.kind === 'whatif';
  const questions = asks ? questionParts(m.text, turn.guide, turn.matcher, topicOf, turn.lang) : [];
  return frameSchema.parse({
    said: turn.heard.original,
    text: m.text,
    clauses: splitClauses(m.text, { questions: 'apart' }).map(({ text, negated, carried, question }) => ({ text, negated, carried, question })),
    kind: m.kind.kind,
    confidence: m.kind.confidence,
    facts: m.facts.profile,
    intended: m.facts.intended,
    projects: turn.matcher.find(m.resolved),
    unknownProjects: unknownProjectNames(m.text, turn.matcher),
    ...(m.facts.eventDate && { eventDate: m.facts.eventDate }),
    hypothetical: HYPOTHETICAL.test(m.text),
    questions: questions.map((text) => {
      const topic = topicOf(text);
      return { text, ...(topic && { topic }) };
    }),
  });
}
