/**
 * The one place a profile fact is written. A fact is stored only from an explicit statement: a
 * button, or words that are not hedged ("应该是C吧", "好像没有"); misconduct is never stored from
 * a bare "是／对／有". Otherwise it waits for "是／不是". Every stored fact keeps the words it was
 * taken from and when.
 */
import type { Fact, Profile } from '../rules/index.js';
import { clausesOf, extractFacts, normalise } from './parse.js';
import { closeQuestion, openStep } from './interview-state.js';
import { isHedged } from './understand.js';
import type { Source } from './state.js';
import type { Turn } from './turn.js';
import { originalOfPiece } from './understanding/normalise.js';

/** A one-word yes: to "是否有过弄虚作假…？" it may mean "yes, we are fine" as well as "yes, we did". */
const BARE_YES = /^(是|是的|对|对的|嗯|有|有的|yes|y|yeah|yep|sure)[。.!！~]*$/i;

export interface Recorded {
  stored: Fact[];
  /** Facts held back until the secretary confirms them. */
  held: Fact[];
}

/**
 * Stores `change` from `words` (undefined: a button was tapped, which is explicit). Worsening facts
 * from uncertain words are held in `state.confirm` and asked about with buttons.
 */
export function recordFacts(turn: Turn, change: Partial<Profile>, words: string | undefined): Recorded {
  const { state } = turn;
  // Hedged words never store a fact; a bare "是" never stores misconduct. The hedge is the piece's the fact
  // was read from: in "B等4A，专家有七八个吧" only the experts are unsure.
  const hedged = (f: Fact) => {
    if (words === undefined || !isHedged(words)) return false;
    return isHedged(sourcePiece(turn, words, f));
  };
  const risky = (Object.keys(change) as Fact[]).filter(
    (f) => f !== ('intended' as Fact) && (hedged(f) || (f === 'integrityIssues' && change.integrityIssues === true && BARE_YES.test(words?.trim() ?? ''))),
  );
  const stored: Fact[] = [];
  const held: Partial<Profile> = {};
  for (const [key, value] of Object.entries(change) as Array<[Fact, never]>) {
    if (key === ('intended' as Fact)) continue;
    if (risky.includes(key)) {
      (held as Record<string, unknown>)[key] = value;
      continue;
    }
    state.profile[key] = value;
    state.skipped = state.skipped.filter((s) => s !== key);
    state.sources[key] = chatSource(turn, sourceWords(turn, words, key) ?? turn.describe(state.profile, key) ?? '');
    stored.push(key);
  }
  // (Quoting the words the held fact was read from, when the message said more.)
  const heldWords = risky.length && words !== undefined ? (sourceWords(turn, words, risky[0]!) ?? words) : (words ?? '');
  if (risky.length) state.confirm = { change: held, words: (originalOfPiece(turn.heard, heldWords) ?? heldWords).slice(0, 200) };
  // A fact now said plainly settles an earlier "你是说…？" about it.
  else if (state.confirm && stored.some((k) => k in state.confirm!.change)) {
    for (const k of stored) delete (state.confirm.change as Record<string, unknown>)[k];
    if (!Object.keys(state.confirm.change).length) {
      state.confirm = undefined;
      if (openStep(state)?.kind === 'confirm') closeQuestion(state);
    }
  }
  return { stored, held: risky };
}

/** Each piece of a message with the facts it states, read once per message (not once per fact). */
const piecesRead = new WeakMap<Turn, { words: string; pieces: Array<{ text: string; facts: Set<string> }> }>();

/** The piece of a message a fact was read from ("去年评价C等" out of a long self-description). */
function sourceWords(turn: Turn, words: string | undefined, key: Fact): string | undefined {
  if (words === undefined) return undefined;
  const piece = sourcePiece(turn, words, key);
  // The words as typed ("木有不良记录"), not as normalised for reading ("没有不良记录").
  return (originalOfPiece(turn.heard, piece) ?? piece).slice(0, 120);
}

/** The piece of the (normalised) words a fact was read from; all the words when they are one piece. */
function sourcePiece(turn: Turn, words: string, key: Fact): string {
  let read = piecesRead.get(turn);
  if (read?.words !== words) {
    const texts = clausesOf(normalise(words));
    read = {
      words,
      pieces: texts.length > 1 ? texts.map((text) => ({ text, facts: new Set(Object.keys(extractFacts(text, turn.matcher, turn.guide.year).profile)) })) : [],
    };
    piecesRead.set(turn, read);
  }
  // The awards may come from several pieces ("20年拿过会员之家，21年拿过标准制定"): all of them.
  return (
    (key === 'priorProjects'
      ? read.pieces
          .filter((p) => p.facts.has(key))
          .map((p) => p.text)
          .join('，')
      : read.pieces.find((p) => p.facts.has(key))?.text) || words
  );
}

/** Facts about "last year" (the grade, the 年检) or the society's present standing: true of one programme year only. */
export const YEAR_RELATIVE: readonly Fact[] = ['evaluationGrade', 'assessmentLevel', 'annualInspectionPassed', 'integrityIssues'];

/**
 * Under a newer guide, what was said about an older programme year is unknown again (last year's
 * grade told in 2022 is the 2021 grade, not the 2022 one) and is asked afresh. Returns what was dropped.
 */
export function forgetOlderYears(turn: Turn): Fact[] {
  const { state, guide } = turn;
  const dropped: Fact[] = [];
  for (const fact of YEAR_RELATIVE) {
    const year = state.sources[fact]?.year;
    if (year === undefined || year >= guide.year || state.profile[fact] === undefined) continue;
    delete state.profile[fact];
    delete state.sources[fact];
    dropped.push(fact);
  }
  return dropped;
}

/** Where a fact the chat states now comes from: these words, now, this chat and member. */
export function chatSource(turn: Turn, text: string): Source {
  const { msg } = turn;
  const member = msg.userName?.trim() || msg.chatTitle?.trim();
  return { text, at: turn.ctx.nowMs, from: 'chat', year: turn.guide.year, chat: `${msg.channel}:${msg.chatId}`, ...(member && { member }) };
}

/** "是": the held facts are stored as said; "不是": they are dropped. */
export function settleConfirm(turn: Turn, yes: boolean): Fact[] {
  const held = turn.state.confirm;
  turn.state.confirm = undefined;
  if (!held) return [];
  if (!yes) return [];
  const facts = Object.keys(held.change) as Fact[];
  for (const key of facts) {
    (turn.state.profile as Record<string, unknown>)[key] = held.change[key];
    turn.state.skipped = turn.state.skipped.filter((s) => s !== key);
    turn.state.sources[key] = chatSource(turn, held.words);
  }
  return facts;
}
