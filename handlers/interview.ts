/**
 * The interview: it asks, one step at a time, what the verdicts still need. A step is a profile
 * fact, `categories`, `projects:<category>` (queued once categories are chosen) or `reminders`.
 */
import { FACTS, intentions, missingFacts, type Fact, type Profile, type ProjectId } from '../rules/index.js';
import { ALL, categoriesQuestion, CONFIRM_YES, confirmQuestion, suggestQuestion, factQuestion, projectsQuestion, remindersQuestion, REMINDERS_ON, type QuestionDef } from './questions.js';
import { applyPlan } from './plan.js';
import { recordFacts, settleConfirm } from './record.js';
import { setReminders, showResult } from './results.js';
import type { Turn } from './turn.js';

export function questionFor(turn: Turn, ask: string): QuestionDef | undefined {
  if (ask === 'reminders') return remindersQuestion(turn.lang);
  if (ask === 'confirm') return heldQuestion(turn);
  if (ask === 'suggest') return turn.state.suggest && suggestQuestion(turn.lang, turn.state.suggest.words, turn.guide.projectName(turn.state.suggest.project));
  if (ask === 'categories') return categoriesQuestion(turn.guide, turn.lang);
  if (ask.startsWith('projects:')) return projectsQuestion(turn.guide, ask.slice('projects:'.length), turn.matcher, turn.lang);
  if ((FACTS as readonly string[]).includes(ask)) return factQuestion(ask as Fact, turn.guide, turn.matcher, turn.lang);
  return undefined;
}

/** The question about facts held back from uncertain words. */
function heldQuestion(turn: Turn): QuestionDef | undefined {
  const held = turn.state.confirm;
  if (!held) return undefined;
  const copy = { ...turn.state.profile, ...held.change };
  const what = (Object.keys(held.change) as Fact[]).map((f) => `${turn.label(f)}：${turn.describe(copy, f) ?? ''}`).join(turn.t('sep.semi'));
  return confirmQuestion(turn.lang, what, held.words);
}

function nextStep(turn: Turn): string | undefined {
  const { state } = turn;
  if (state.confirm) return 'confirm';
  if (state.queue.length) return state.queue[0];
  if (state.stage !== 'done' && !state.profile.intended && !state.skipped.includes('categories') && !state.allProjects) return 'categories';
  return missingFacts(turn.guide, state.profile, turn.focus()).find((m) => !state.skipped.includes(m.fact))?.fact;
}

/** Ask the next thing the verdicts still need, or show the result when nothing is left. `repeat`: ask a pending question again. */
export function advance(turn: Turn, repeat = false): void {
  const { state } = turn;
  if (state.pending && repeat) {
    const def = questionFor(turn, state.pending.ask);
    if (def) return askPending(turn, def);
  }
  const step = nextStep(turn);
  if (!step) {
    const wasInterview = state.stage !== 'done';
    // A change after the interview (a correction, a project added) keeps the reminders offer open.
    const offer = state.pending?.ask === 'reminders' ? state.pending : undefined;
    state.pending = undefined;
    state.stage = 'done';
    if (wasInterview) {
      showResult(turn);
      return offerReminders(turn);
    }
    // After the interview, a change gets the verdicts only, not every deadline and checklist again.
    if (!repeat) showResult(turn, true);
    else turn.say(turn.t('interview.complete'));
    if (offer) {
      state.pending = offer;
      reaskPending(turn);
    }
    return;
  }
  if (state.stage === 'new') state.stage = 'interview';
  const def = questionFor(turn, step);
  if (!def) {
    state.queue = state.queue.filter((q) => q !== step);
    return advance(turn);
  }
  if (state.pending?.ask !== step) turn.newPending(step);
  askPending(turn, def);
}

function offerReminders(turn: Turn): void {
  if (turn.state.reminders !== undefined) return;
  turn.newPending('reminders');
  askPending(turn, remindersQuestion(turn.lang));
}

/** Sends the pending question with its buttons. `update`: redraw it with the ticks of a multiple choice. */
export function askPending(turn: Turn, def: QuestionDef, update = false, prefix = ''): void {
  const pending = turn.state.pending!;
  const remaining = def.mode === 'multi' && !/多选|choose any number/i.test(def.text) ? turn.t('interview.multiHint') : '';
  const selected = pending.selected.map((v) => def.options.find((o) => o.value === v)?.label ?? v).join(turn.t('sep.list')) || turn.t('interview.selectedNone');
  turn.say(update ? turn.t('interview.selected', { question: def.text, list: selected }) : `${prefix}${def.text}${remaining}`, {
    question: { id: pending.id, mode: def.mode, options: def.options, selected: [...pending.selected] },
    ...(update && { update: true }),
  });
}

export function reaskPending(turn: Turn): void {
  if (!turn.state.pending) return;
  // The reminders offer is made once: it stays open for a later "开启／不用了", but a secretary who
  // moves on is not chased with it after every answer.
  if (turn.state.pending.ask === 'reminders') return;
  const def = questionFor(turn, turn.state.pending.ask);
  if (def) askPending(turn, def, false, turn.t('interview.reaskPrefix'));
}

/** /start: welcome, then ask again whatever was skipped ("以后发送 /start 可以补答"). */
export function startInterview(turn: Turn): void {
  const { state } = turn;
  turn.say(turn.t(state.stage === 'new' ? 'interview.welcome' : 'interview.continue'));
  const skipped = state.skipped.length > 0;
  state.skipped = [];
  if (skipped && state.pending?.ask === 'reminders') state.pending = undefined; // offered again at the end
  state.stage = state.stage === 'done' && !skipped ? 'done' : 'interview';
  advance(turn, true);
}

export function skip(turn: Turn): void {
  const { state } = turn;
  if (!state.pending) return turn.say(turn.t('interview.nothingPending'));
  if (!state.skipped.includes(state.pending.ask)) state.skipped.push(state.pending.ask);
  state.pending = undefined;
  turn.say(turn.t('interview.skipped'));
  advance(turn);
}

/** The values chosen for the pending step, by buttons or as text. */
export function answer(turn: Turn, ask: string, def: QuestionDef, values: string[]): void {
  const { state, guide } = turn;
  if (ask === 'categories') {
    state.pending = undefined;
    if (values.includes(ALL) || values.length === 0) {
      state.allProjects = true;
      state.skipped = state.skipped.filter((s) => s !== 'categories');
      turn.say(turn.t('interview.allProjects', { n: guide.projectIds.length }));
    } else {
      state.queue = values.map((c) => `projects:${c}`);
    }
    return advance(turn);
  }
  const change = def.parse(values);
  if (!change) {
    turn.say(turn.t('interview.notUnderstood', { hint: def.hint }));
    return askPending(turn, def);
  }
  applyAnswer(turn, ask, change);
}

/** `words`: the typed answer; undefined when a button was tapped. */
export function applyAnswer(turn: Turn, ask: string, change: Partial<Profile>, words?: string): void {
  const { state, guide } = turn;
  state.pending = undefined;
  if (ask === 'reminders') return setReminders(turn, change === REMINDERS_ON);
  if (ask === 'suggest') {
    const suggested = state.suggest;
    state.suggest = undefined;
    if (suggested && change === CONFIRM_YES) return applyPlan(turn, { add: [suggested.project], remove: [], counts: {} }, suggested.words), advance(turn);
    turn.say(turn.t('plan.which', { words: suggested?.words ?? '' }));
    return advance(turn);
  }
  if (ask === 'confirm') {
    const held = state.confirm;
    const stored = settleConfirm(turn, change === CONFIRM_YES);
    if (stored.length) {
      for (const fact of stored) turn.say(turn.t('interview.recorded', { label: turn.label(fact), value: turn.describe(state.profile, fact) ?? '' }));
      return advance(turn);
    }
    turn.say(turn.t('confirm.dropped'));
    // Ask the fact itself again, with its buttons.
    const fact = held && (Object.keys(held.change)[0] as Fact | undefined);
    if (fact) {
      turn.newPending(fact);
      const def = questionFor(turn, fact);
      if (def) return askPending(turn, def);
    }
    return advance(turn);
  }
  if (ask.startsWith('projects:')) {
    state.queue = state.queue.filter((q) => q !== ask);
    const chosen = (change.intended ?? []) as ProjectId[];
    const category = guide.data.categories.find((c) => `projects:${c.id}` === ask);
    const others = intentions(state.profile).filter((i) => !category?.projects.includes(i.project));
    turn.storeIntended(others, chosen);
    if (!state.queue.length) confirmIntended(turn);
    return advance(turn);
  }
  const { stored } = recordFacts(turn, change, words);
  for (const fact of stored) turn.say(turn.t('interview.recorded', { label: turn.label(fact), value: turn.describe(state.profile, fact) ?? '' }));
  advance(turn);
}

export function confirmIntended(turn: Turn): void {
  const ids = turn.intendedIds();
  turn.say(ids.length ? turn.t('interview.intended', { list: turn.names(ids) }) : turn.t('interview.noIntended', { n: turn.guide.projectIds.length }));
}
