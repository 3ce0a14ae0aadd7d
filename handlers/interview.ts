/**
 * The interview: it asks, one step at a time, what the verdicts still need. A step is a profile
 * fact, `categories`, `projects:<category>` (queued once categories are chosen) or `reminders`.
 */
import { findConflicts, intentions, missingFacts, type Fact, type Profile, type ProjectId } from '../rules/index.js';
import {
  ALL,
  categoriesQuestion,
  CONFIRM_YES,
  confirmQuestion,
  suggestQuestion,
  factQuestion,
  dropQuestion,
  keepQuestion,
  projectsQuestion,
  remindersQuestion,
  REMINDERS_ON,
  type QuestionDef,
} from './questions.js';
import { applyPlan } from './plan.js';
import {
  askStep,
  begin,
  clearQueue,
  closeQuestion,
  dequeue,
  dueForReask,
  finish,
  keepOrAsk,
  openStep,
  queuedSteps,
  queueFirst,
  reopen,
  restart,
} from './interview-state.js';
import { learn } from './learn.js';
import { verdictsChangedOfTalk } from './what-if.js';
import { recordFacts, settleConfirm } from './record.js';
import { saidInstead, saysOtherwise } from './offer-reply.js';
import { stepKey, stepOf, type Step } from './steps.js';
import { deadlinesAhead, setReminders, showResult } from './results.js';
import type { Turn } from './turn.js';

/** The question of a step (given typed, or as the key stored in the chat state). */
export function questionFor(turn: Turn, ask: Step | string | undefined): QuestionDef | undefined {
  const step = typeof ask === 'string' || ask === undefined ? stepOf(ask) : ask;
  switch (step?.kind) {
    case 'reminders':
      return remindersQuestion(turn.lang);
    case 'confirm':
      return heldQuestion(turn);
    case 'suggest':
      return turn.state.suggest && suggestQuestion(turn.lang, turn.state.suggest.words, turn.guide.projectName(turn.state.suggest.project));
    case 'keep': {
      const ids = step.projects as ProjectId[];
      const clause = findConflicts(
        turn.guide,
        ids.map((project) => ({ project, count: 1 })),
      )[0]?.clause;
      return keepQuestion(turn.guide, ids, clause ?? '二（三）', turn.matcher, turn.lang);
    }
    case 'drop':
      return dropQuestion(turn.guide, step.projects as ProjectId[], turn.matcher, turn.lang);
    case 'categories':
      return categoriesQuestion(turn.guide, turn.lang);
    case 'projects':
      return projectsQuestion(turn.guide, step.category, turn.matcher, turn.lang);
    case 'fact':
      return factQuestion(step.fact, turn.guide, turn.matcher, turn.lang);
    default:
      return undefined;
  }
}

/** The question about facts held back from uncertain words. */
function heldQuestion(turn: Turn): QuestionDef | undefined {
  const held = turn.state.confirm;
  if (!held) return undefined;
  const copy = { ...turn.state.profile, ...held.change };
  const what = (Object.keys(held.change) as Fact[]).map((f) => `${turn.label(f)}：${turn.describe(copy, f) ?? ''}`).join(turn.t('sep.semi'));
  const awards = held.change.priorProjects ?? [];
  const otherwise = awards.length ? (text: string) => saysOtherwise(awards, text, turn.guide.year) : undefined;
  return confirmQuestion(turn.lang, what, held.words, held.asked, otherwise);
}

function nextStep(turn: Turn): Step | undefined {
  const { state } = turn;
  if (state.confirm) return { kind: 'confirm' };
  const queued = queuedSteps(state)[0];
  if (queued) return queued;
  if (state.stage !== 'done' && !state.profile.intended && !state.skipped.includes('categories') && !state.allProjects) return { kind: 'categories' };
  const fact = missingFacts(turn.guide, state.profile, turn.focus()).find((m) => !state.skipped.includes(m.fact))?.fact;
  return fact && { kind: 'fact', fact };
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
    const offer = openStep(state)?.kind === 'reminders' ? state.pending : undefined;
    finish(state);
    if (wasInterview) {
      showResult(turn);
      return offerReminders(turn);
    }
    // After the interview, a change gets the verdicts only, not every deadline and checklist again.
    if (!repeat) showResult(turn, true);
    else turn.say(turn.t('interview.complete'));
    if (offer) {
      reopen(state, offer);
      reaskPending(turn);
    }
    return;
  }
  begin(state);
  const def = questionFor(turn, step);
  if (!def) {
    dequeue(state, step);
    return advance(turn);
  }
  const fresh = openStep(state) === undefined || stepKey(openStep(state)!) !== stepKey(step);
  keepOrAsk(state, step);
  // A category's choice starts ticked with what is planned in it already: "选好了" then keeps it, and only
  // an untick takes a project off.
  if (fresh && step.kind === 'projects') state.pending!.selected = plannedIn(turn, step.category);
  askPending(turn, def);
}

/** The planned projects of one category. */
function plannedIn(turn: Turn, categoryId: string): ProjectId[] {
  const category = turn.guide.data.categories.find((c) => c.id === categoryId);
  return turn.intendedIds().filter((id) => category?.projects.includes(id));
}

function offerReminders(turn: Turn): void {
  // Nothing ahead to remind of (the round is over): no offer that could not be kept.
  if (turn.state.reminders !== undefined || !deadlinesAhead(turn).length) return;
  askStep(turn.state, { kind: 'reminders' });
  askPending(turn, remindersQuestion(turn.lang));
}

/** Sends the pending question with its buttons. `update`: redraw it with the ticks of a multiple choice. */
export function askPending(turn: Turn, def: QuestionDef, update = false, prefix = ''): void {
  const pending = turn.state.pending!;
  const remaining = def.mode === 'multi' && !def.explainsChoice ? turn.t('interview.multiHint') : '';
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
  if (openStep(turn.state)?.kind === 'reminders') return;
  // Nor is any question appended to every answer: once, then every third reply.
  if (!dueForReask(turn.state)) return;
  const def = questionFor(turn, turn.state.pending.ask);
  if (def) askPending(turn, def, false, turn.t('interview.reaskPrefix'));
}

/** /start: welcome, then ask again whatever was skipped ("以后发送 /start 可以补答"). */
export function startInterview(turn: Turn): void {
  const { state } = turn;
  turn.say(turn.t(state.stage === 'new' ? 'interview.welcome' : 'interview.continue'));
  const skipped = state.skipped.length > 0;
  state.skipped = [];
  if (skipped && openStep(state)?.kind === 'reminders') closeQuestion(state); // offered again at the end
  restart(state, !skipped);
  advance(turn, true);
}

export function skip(turn: Turn): void {
  const { state } = turn;
  if (!state.pending) return turn.say(turn.t('interview.nothingPending'));
  if (!state.skipped.includes(state.pending.ask)) state.skipped.push(state.pending.ask);
  closeQuestion(state);
  turn.say(turn.t('interview.skipped'));
  advance(turn);
}

/** The values chosen for the pending step, by buttons or as text. */
export function answer(turn: Turn, ask: string, def: QuestionDef, values: string[]): void {
  const { state, guide } = turn;
  if (stepOf(ask)?.kind === 'categories') {
    closeQuestion(state);
    if (values.includes(ALL) || values.length === 0) {
      state.allProjects = true;
      state.skipped = state.skipped.filter((s) => s !== 'categories');
      turn.say(turn.t('interview.allProjects', { n: guide.projectIds.length }));
    } else {
      clearQueue(state);
      queueFirst(
        state,
        values.map((category) => ({ kind: 'projects', category })),
      );
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
  const step = stepOf(ask);
  closeQuestion(state);
  if (step?.kind === 'reminders') return setReminders(turn, change === REMINDERS_ON);
  if (step?.kind === 'suggest') {
    const suggested = state.suggest;
    state.suggest = undefined;
    if (suggested && change === CONFIRM_YES) {
      applyPlan(turn, { add: [suggested.project], remove: [], counts: {} }, suggested.words);
      return advance(turn);
    }
    turn.say(turn.t('plan.which', { words: suggested?.words ?? '' }));
    return advance(turn);
  }
  if (step?.kind === 'drop') {
    dequeue(state, step);
    const dropped = (change.intended ?? []) as ProjectId[];
    if (dropped.length) applyPlan(turn, { add: [], remove: dropped, counts: {} }, words ?? '');
    else turn.say(turn.t('plan.updated', { list: turn.names(turn.intendedIds()) }));
    return advance(turn);
  }
  if (step?.kind === 'keep') {
    dequeue(state, step);
    const kept = (change.intended ?? []) as ProjectId[];
    const others = (step.projects as ProjectId[]).filter((id) => !kept.includes(id));
    applyPlan(turn, { add: kept, remove: others, counts: {} }, words ?? '');
    return advance(turn);
  }
  if (step?.kind === 'confirm') {
    const held = state.confirm;
    const stored = settleConfirm(turn, change === CONFIRM_YES);
    if (stored.length) {
      for (const fact of stored) turn.say(turn.t('interview.recorded', { label: turn.label(fact), value: turn.describe(state.profile, fact) ?? '' }));
      return advance(turn);
    }
    // "不是，说错了，只有2021年拿过", "不是5个，是8个": no to what was held, and what the reply says instead.
    const instead = words && held ? saidInstead(held.change, words, guide, turn.matcher, turn.lang) : undefined;
    const was = { ...state.profile };
    if (instead && learn(turn, instead, false, words)) {
      // ("不对，期刊是挂靠单位主办的": the verdict the fact said instead changes, of the project talked about, first.)
      const changed = verdictsChangedOfTalk(turn, was);
      if (changed) turn.say(changed);
      return advance(turn);
    }
    const fact = held && (Object.keys(held.change)[0] as Fact | undefined);
    turn.say(turn.t('confirm.dropped'));
    // Ask the fact itself again, with its buttons.
    if (fact) {
      askStep(state, { kind: 'fact', fact });
      const def = questionFor(turn, { kind: 'fact', fact });
      if (def) return askPending(turn, def);
    }
    return advance(turn);
  }
  if (step?.kind === 'projects') {
    dequeue(state, step);
    // Typed words name what is chosen now ("产业发展那个"); what was planned in the category stays.
    const typed = words === undefined ? [] : plannedIn(turn, step.category);
    const chosen = [...new Set([...typed, ...((change.intended ?? []) as ProjectId[])])];
    const category = guide.data.categories.find((c) => c.id === step.category);
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
