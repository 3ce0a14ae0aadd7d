import { FACTS, type Fact, type Profile } from '../rules/index.js';
import { advance } from './interview.js';
import { askStep, closeQuestion } from './interview-state.js';
import { stepOf } from './steps.js';
import { chatSource } from './record.js';
import { chatOf, whoSaid } from './who-said.js';
import type { ChatState } from './state.js';
import type { Turn } from './turn.js';
import type { Choice } from './types.js';

/**
 * A secretary's answer that differs from a roster fact: the bot asks which is right.
 * The step is a pending ask `roster:<fact>:<roster value as JSON>`, so it needs nothing outside the state.
 */

export type FactsBefore = { profile: Profile; sources: ChatState['sources'] };

export function snapshot(state: ChatState): FactsBefore {
  return { profile: structuredClone(state.profile), sources: { ...state.sources } };
}

export function isRosterStep(ask: string | undefined): boolean {
  return stepOf(ask)?.kind === 'roster';
}

/**
 * Call after facts were stored (e.g. at the end of a turn, or right where learn/applyAnswer store
 * them): a fact that came from the roster and now holds another value makes the bot ask which is
 * right. Returns true when it asked. The chat's value is kept meanwhile; the roster's is in the step.
 */
export function checkRosterFacts(turn: Turn, before: FactsBefore): boolean {
  const { state } = turn;
  if (isRosterStep(state.pending?.ask)) return false;
  const here = chatOf(turn);
  for (const fact of FACTS) {
    const source = before.sources[fact];
    const was = before.profile[fact];
    const now = state.profile[fact];
    if (was === undefined || now === undefined || same(was, now)) continue;
    // Another chat of the society said otherwise before: both stay, and this chat is asked which is right.
    if (source?.from === 'chat' && source.chat && source.chat !== here && state.sources[fact]?.from === 'chat') {
      state.disputes[fact] = { value: was, source };
      dropQuestions(turn);
      askStep(state, { kind: 'roster', detail: `${fact}:${JSON.stringify({ dispute: true })}` });
      askDispute(turn, fact);
      return true;
    }
    if (source?.from !== 'roster') continue;
    // Until it is settled the fact keeps its roster provenance; the chat's own words wait in the step.
    const words = state.sources[fact]?.from === 'chat' ? state.sources[fact]!.text : (turn.msg.text ?? '').slice(0, 200);
    state.sources[fact] = source;
    dropQuestions(turn);
    askStep(state, { kind: 'roster', detail: `${fact}:${JSON.stringify({ roster: was, words })}` });
    askRoster(turn, fact, was);
    return true;
  }
  // A disagreement found when chats were merged (joining, `cli migrate`) is asked in the next quiet turn.
  if (state.pending || state.confirm) return false;
  const open = FACTS.find((f) => state.disputes[f] && state.profile[f] !== undefined);
  if (!open) return false;
  dropQuestions(turn);
  askStep(state, { kind: 'roster', detail: `${open}:${JSON.stringify({ dispute: true })}` });
  askDispute(turn, open);
  return true;
}

/** The interview's next question (asked this turn) waits: its buttons would be stale. */
function dropQuestions(turn: Turn) {
  for (let i = turn.replies.length - 1; i >= 0; i--) if (turn.replies[i]!.question && !turn.replies[i]!.update) turn.replies.splice(i, 1);
}

/** Two chats' values: the profile's and the one beside it. Buttons: keep the profile's, or take the other. */
function askDispute(turn: Turn, fact: Fact) {
  const { state } = turn;
  const dispute = state.disputes[fact]!;
  const label = turn.label(fact);
  const current = turn.describe(state.profile, fact) ?? '';
  const other = turn.describe({ [fact]: dispute.value } as Profile, fact) ?? '';
  const here = state.sources[fact];
  const a = here ? whoSaid(turn, here) : turn.t('dispute.you', { date: '' });
  const b = whoSaid(turn, dispute.source);
  turn.say(turn.t('dispute.ask', { label, a, current, b, other }), {
    question: {
      id: state.pending!.id,
      mode: 'single',
      options: [
        { value: 'profile', label: turn.t('dispute.keep', { who: a, value: current }) },
        { value: 'dispute', label: turn.t('dispute.keep', { who: b, value: other }) },
      ],
      selected: [],
    },
  });
}

/** The answer to a disagreement between two chats: one value stays, with who said it; the other is dropped. */
function onDisputeAnswer(turn: Turn, fact: Fact, text: string | undefined, choice: Choice | undefined): boolean {
  const { state } = turn;
  const pending = state.pending!;
  const dispute = state.disputes[fact];
  if (!dispute) {
    // Settled meanwhile in another chat of the society.
    closeQuestion(state);
    if (choice?.question !== pending.id) return false;
    turn.say(turn.t('dispute.settled', { label: turn.label(fact), value: turn.describe(state.profile, fact) ?? '' }));
    advance(turn);
    return true;
  }
  let keep: 'profile' | 'dispute' | undefined;
  if (choice) {
    if (choice.question !== pending.id) return false;
    keep = choice.values[0] === 'profile' ? 'profile' : choice.values[0] === 'dispute' ? 'dispute' : undefined;
  } else if (text !== undefined) {
    if (/^[/／]/.test(text)) return false;
    const t = text.trim().replace(/[。.!！]+$/, '');
    const mine = /^(以|按)?(我|我们|本会)?(刚才)?(说的|的回答|回答的|mine|what i said)(为准|is right)?$/i.test(t);
    const mineIsProfile = state.sources[fact]?.chat === chatOf(turn) || !state.sources[fact]?.chat;
    keep = t === '1' ? 'profile' : t === '2' ? 'dispute' : mine ? (mineIsProfile ? 'profile' : 'dispute') : undefined;
  }
  if (!keep) {
    turn.say(turn.t('dispute.reask'));
    askDispute(turn, fact);
    return true;
  }
  closeQuestion(state);
  if (keep === 'dispute') {
    Object.assign(state.profile, { [fact]: dispute.value });
    state.sources[fact] = dispute.source;
  }
  delete state.disputes[fact];
  turn.say(turn.t('dispute.kept', { label: turn.label(fact), value: turn.describe(state.profile, fact) ?? '', who: whoSaid(turn, state.sources[fact]!) }));
  advance(turn);
  return true;
}

function same(a: unknown, b: unknown) {
  return JSON.stringify(a) === JSON.stringify(b);
}

function parseStep(ask: string): { fact: Fact; roster: unknown; words: string; dispute?: boolean } | undefined {
  const m = /^roster:([A-Za-z]+):(.*)$/s.exec(ask);
  if (!m || !(FACTS as readonly string[]).includes(m[1]!)) return undefined;
  try {
    const payload = JSON.parse(m[2]!) as { roster?: unknown; words?: unknown; dispute?: unknown };
    if (payload.dispute === true) return { fact: m[1] as Fact, roster: undefined, words: '', dispute: true };
    if (payload.roster === undefined) return undefined;
    return { fact: m[1] as Fact, roster: payload.roster, words: typeof payload.words === 'string' ? payload.words : '' };
  } catch {
    return undefined;
  }
}

function askRoster(turn: Turn, fact: Fact, roster: unknown) {
  const label = turn.label(fact);
  const rosterText = turn.describe({ [fact]: roster }, fact) ?? '';
  const chatText = turn.describe(turn.state.profile, fact) ?? '';
  turn.say(turn.t('rosterFacts.ask', { label, roster: rosterText, chat: chatText }), {
    question: {
      id: turn.state.pending!.id,
      mode: 'single',
      options: [
        { value: 'roster', label: turn.t('rosterFacts.keepRoster', { value: rosterText }) },
        { value: 'chat', label: turn.t('rosterFacts.keepChat', { value: chatText }) },
      ],
      selected: [],
    },
  });
}

/**
 * The answer to a pending roster step, by button or text. Returns false when the message is not an
 * answer to it (a stale button, a command): the caller handles it as usual.
 */
export function onRosterAnswer(turn: Turn, text: string | undefined, choice: Choice | undefined): boolean {
  const pending = turn.state.pending;
  if (!pending || !isRosterStep(pending.ask)) return false;
  const step = parseStep(pending.ask);
  if (!step) {
    closeQuestion(turn.state);
    return false;
  }
  if (step.dispute) return onDisputeAnswer(turn, step.fact, text, choice);
  let keep: 'roster' | 'chat' | undefined;
  if (choice) {
    if (choice.question !== pending.id) return false;
    keep = choice.values[0] === 'roster' ? 'roster' : choice.values[0] === 'chat' ? 'chat' : undefined;
  } else if (text !== undefined) {
    if (/^[/／]/.test(text)) return false;
    const t = text.trim().replace(/[。.!！]+$/, '');
    keep = /^(以|按)?(省科协)?(名单|the roster|roster|1)(为准|的|is right)?$/i.test(t)
      ? 'roster'
      : /^(以|按)?(我|我们|本会)?(刚才)?(说的|的回答|回答的|mine|what i said|2)(为准|is right)?$/i.test(t)
        ? 'chat'
        : undefined;
  }
  if (!keep) {
    turn.say(turn.t('rosterFacts.reask'));
    askRoster(turn, step.fact, step.roster);
    return true;
  }
  const { state } = turn;
  closeQuestion(state);
  const label = turn.label(step.fact);
  if (keep === 'roster') {
    Object.assign(state.profile, { [step.fact]: step.roster });
    turn.say(turn.t('rosterFacts.keptRoster', { label, value: turn.describe(state.profile, step.fact) ?? '' }));
  } else {
    state.sources[step.fact] = chatSource(turn, step.words || (turn.describe(state.profile, step.fact) ?? ''));
    turn.say(turn.t('rosterFacts.keptChat', { label, value: turn.describe(state.profile, step.fact) ?? '' }));
  }
  advance(turn);
  return true;
}
