/**
 * Plays one labelled utterance of test/handlers/corpus/*.yaml through the conversation, from the
 * state the item describes (what was known, the open question, the project talked about last),
 * and lists what the bot did differently from the label. Shared by the corpus test and the
 * measuring script.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import { Conversation } from '../../handlers/conversation.js';
import { newState, type ChatState } from '../../handlers/state.js';
import { checklistView, entryKey, type ChecklistEntry, type ChecklistRow, type ItemState } from '../../handlers/checklist.js';
import type { ChecklistPort, Outcome } from '../../handlers/types.js';
import { intentions, profileSchema, projectIdSchema, type Profile } from '../../rules/index.js';
import { bundled } from './harness.js';

export const CORPUS_DIR = fileURLToPath(new URL('./corpus/', import.meta.url));

const ids = z.array(projectIdSchema);
export const itemSchema = z
  .object({
    text: z.union([z.string(), z.number()]).transform(String),
    open: z.string().optional(),
    before: profileSchema.extend({ name: z.string() }).partial().optional(),
    last: projectIdSchema.optional(),
    kind: z.enum(['answer', 'facts', 'question', 'whatif', 'plan', 'correction', 'ack', 'greeting', 'offtopic', 'unclear', 'tick', 'command']),
    facts: profileSchema.optional(),
    prior: z.array(z.object({ year: z.number(), project: projectIdSchema })).optional(),
    plan: z
      .object({
        add: ids.optional(),
        remove: ids.optional(),
        only: ids.optional(),
        all: z.boolean().optional(),
        counts: z.record(z.string(), z.number()).optional(),
      })
      .optional(),
    name: z.string().optional(),
    intent: z.string().optional(),
    about: ids.optional(),
    confirm: z.boolean().optional(),
    nothing: z.boolean().optional(),
    note: z.string().optional(),
    lang: z.enum(['en', 'zh-CN']).optional(),
    /** Said with a checklist to tick (checklist.yaml): the items that must end done, to do, not applicable, or a question. */
    checklist: z
      .object({
        done: z.array(z.string()).optional(),
        todo: z.array(z.string()).optional(),
        na: z.array(z.string()).optional(),
        ask: z.boolean().optional(),
        /** The projects the labels are in, when the words name one only in part ("产业那个"). */
        in: z.array(projectIdSchema).optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type Item = z.infer<typeof itemSchema>;

export function corpusFiles(): string[] {
  return readdirSync(CORPUS_DIR)
    .filter((f) => f.endsWith('.yaml') && f !== 'conversations.yaml')
    .sort();
}

export function loadCorpus(file: string): Item[] {
  return z.array(itemSchema).parse(parse(readFileSync(CORPUS_DIR + file, 'utf8')));
}

const NOW = Date.parse('2022-05-10T10:00:00+08:00');

function startState(item: Item, english: boolean): ChatState {
  const state = newState(NOW);
  const { name, ...profile } = structuredClone(item.before ?? {});
  state.profile = profile;
  if (name) state.name = name;
  if (english) state.lang = 'en';
  if (item.open) {
    const ask = item.open === 'intended' ? 'categories' : item.open;
    if (ask !== 'name') {
      state.stage = 'interview';
      state.seq = 1;
      state.pending = { id: `${ask}#1`, ask, selected: [] };
    }
  }
  if (item.last) state.topic = { projects: [item.last], age: 0 };
  return state;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const withoutIntended = (p: Profile) => {
  const { intended: _, ...rest } = p;
  return rest;
};

export interface Played {
  problems: string[];
  reply: string;
  state: ChatState;
}

let conversation: Conversation | undefined;

export async function play(item: Item, file: string): Promise<Played> {
  const { guide, search } = bundled();
  conversation ??= new Conversation(guide, search);
  const english = item.lang === 'en' || file === 'english.yaml';
  const before = startState(item, english);
  const ticks = item.checklist ? checklistSetup(item, before) : undefined;
  const out = await conversation.handle({ channel: 'console', chatId: 'c', userId: 'u', text: item.text }, before, {
    guide,
    nowMs: NOW,
    ...(ticks && { checklist: ticks.port }),
  });
  const after = out.state;
  const reply = out.replies.map((r) => r.text).join('\n');
  const problems: string[] = [];
  const intendedBefore = intentions(before.profile)
    .map((i) => i.project)
    .sort();
  const intendedAfter = intentions(after.profile)
    .map((i) => i.project)
    .sort();
  if (item.nothing || item.confirm) {
    if (!same(withoutIntended(before.profile), withoutIntended(after.profile))) problems.push(`stored ${JSON.stringify(withoutIntended(after.profile))}`);
    if (!same(intendedBefore, intendedAfter)) problems.push(`plan changed to ${intendedAfter.join(',')}`);
    if (after.name !== before.name) problems.push(`name stored: ${after.name}`);
  }
  // A question's facts are a what-if: read, and offered to be recorded with 是／不是 (never stored
  // unasked). For a question, what was read is what is stored plus what is offered.
  const read: Profile = item.kind === 'question' && after.confirm?.asked ? { ...after.profile, ...after.confirm.change } : after.profile;
  for (const [key, value] of Object.entries(item.facts ?? {})) {
    if (!same((read as Record<string, unknown>)[key], value))
      problems.push(`${key}: got ${JSON.stringify((read as Record<string, unknown>)[key])}, want ${JSON.stringify(value)}`);
  }
  for (const p of item.prior ?? []) {
    if (!read.priorProjects?.some((q) => q.year === p.year && q.project === p.project))
      problems.push(`prior ${p.year} ${p.project} missing (got ${JSON.stringify(read.priorProjects)})`);
  }
  if (item.prior?.length) {
    // Exactly what was said: "2021年拿过发展助力，2020年没有" adds 2021 only (issue 20).
    const extra = (after.profile.priorProjects ?? []).filter(
      (q) =>
        !before.profile.priorProjects?.some((b) => b.year === q.year && b.project === q.project) &&
        !item.prior!.some((p) => p.year === q.year && p.project === q.project),
    );
    if (extra.length) problems.push(`prior not said: ${extra.map((q) => `${q.year} ${q.project}`).join(', ')}`);
    const added = intendedAfter.filter((id) => !intendedBefore.includes(id) && !item.plan?.add?.includes(id) && !item.plan?.only?.includes(id));
    if (added.length) problems.push(`past award stored as plan: ${added.join(',')}`);
  }
  const plan = item.plan;
  if (plan) {
    for (const id of plan.add ?? []) if (!intendedAfter.includes(id)) problems.push(`plan: ${id} not added (got ${intendedAfter.join(',')})`);
    for (const id of plan.remove ?? []) if (intendedAfter.includes(id)) problems.push(`plan: ${id} not removed`);
    if (plan.only && !same([...plan.only].sort(), intendedAfter)) problems.push(`plan: only ${plan.only.join(',')}, got ${intendedAfter.join(',')}`);
    for (const [id, n] of Object.entries(plan.counts ?? {})) {
      const got = intentions(after.profile).find((i) => i.project === id)?.count;
      if (got !== n) problems.push(`plan: ${id}×${n}, got ×${got}`);
    }
    if (plan.all && intendedAfter.length <= intendedBefore.length) problems.push('plan: 都报 added nothing');
  }
  if (item.name && after.name !== item.name && after.name !== `江苏${item.name}`) problems.push(`name: got ${after.name}, want ${item.name}`);
  if (item.kind === 'question' && item.about?.length) {
    const topic = after.topic?.projects ?? [];
    for (const id of item.about) if (!topic.includes(id)) problems.push(`question about ${id}: answered about ${topic.join(',') || 'nothing'}`);
  }
  if (item.kind === 'question' && item.intent && after.topic?.intent && after.topic.intent !== item.intent && !(item.intent === 'project')) {
    problems.push(`intent ${after.topic.intent}, want ${item.intent}`);
  }
  if (ticks) problems.push(...ticks.check(out));
  if (!reply.trim()) problems.push('no reply');
  if (reply.includes('处理这条消息时出了问题')) problems.push('handler failed');
  return { problems, reply, state: after };
}

/** The checklist an utterance is said with: items the label says are not done are ticked before (a correction). */
function checklistSetup(item: Item, state: ChatState) {
  const { guide } = bundled();
  const intended = intentions(state.profile).map((i) => i.project);
  const named = item.checklist?.in ?? conversation!.matcher.find(item.text).filter((p) => intended.includes(p));
  const all = checklistView(guide, intended, new Map()).rows;
  const norm = (s: string) => s.normalize('NFKC');
  /** The rows a label names (in the projects the words name, if any): by the item's words, else the closest words, else the guide's sentence. */
  const resolveIn = (rows: ChecklistRow[], label: string): ChecklistRow[] => {
    const l = norm(label);
    const own = rows.filter((r) => norm(r.text).includes(l) || l.includes(norm(r.text)));
    if (own.length) return own;
    const best = Math.max(0, ...rows.map((r) => commonRun(l, norm(r.text))));
    if (best >= 4) return rows.filter((r) => commonRun(l, norm(r.text)) === best);
    return rows.filter((r) => norm(r.quote).includes(l));
  };
  const resolve = (label: string) => {
    const inNamed = named.length
      ? resolveIn(
          all.filter((r) => named.includes(r.project)),
          label,
        )
      : [];
    return inNamed.length ? inNamed : resolveIn(all, label);
  };
  const rows = all;
  const expected = new Map<string, ItemState>();
  const problems: string[] = [];
  for (const state of ['done', 'todo', 'na'] as const) {
    for (const label of item.checklist?.[state] ?? []) {
      const found = resolve(label);
      if (!found.length) problems.push(`label "${label}" names no item of ${intended.join(',')}`);
      for (const r of found) expected.set(entryKey(r.project, r.id), state);
    }
  }
  const entries = new Map<string, ChecklistEntry>();
  for (const [key, state] of expected) if (state === 'todo') entries.set(key, { state: 'done', by: 'console:u', at: NOW - 60_000 });
  const port: ChecklistPort = { society: 'console:c', read: async () => entries };
  const check = (out: Outcome): string[] => {
    const after = new Map(entries);
    const effects = out.effects.filter((e) => e.type === 'checklist');
    for (const e of effects) after.set(entryKey(e.project, e.item), { state: e.state, by: e.by, at: NOW });
    const name = (key: string) => rows.find((r) => entryKey(r.project, r.id) === key)?.text ?? key;
    for (const [key, state] of expected)
      if ((after.get(key)?.state ?? 'todo') !== state) problems.push(`${name(key)}: ${after.get(key)?.state ?? 'todo'}, want ${state}`);
    for (const e of effects) if (!expected.has(entryKey(e.project, e.item))) problems.push(`set ${name(entryKey(e.project, e.item))} to ${e.state}, not named`);
    if (item.nothing && effects.length) problems.push(`checklist changed (${effects.length})`);
    const asked = out.replies.some((r) => r.question?.id.startsWith('checklist:which'));
    if (item.checklist?.ask && !asked) problems.push('did not ask which item');
    if (!item.checklist?.ask && asked) problems.push('asked which item');
    return problems;
  };
  return { port, check };
}

function commonRun(a: string, b: string): number {
  let best = 0;
  for (let i = 0; i < a.length; i++) for (let j = i + best + 1; j <= a.length && b.includes(a.slice(i, j)); j++) best = j - i;
  return best;
}
