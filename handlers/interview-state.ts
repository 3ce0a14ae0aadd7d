/**
 * The one module that writes the interview's place in a chat: the open question (`pending`), the
 * steps still to go (`queue`) and the stage. Everything else reads them, or calls these.
 */
import type { ChatState } from './state.js';
import { isChoosing, stepKey, stepOf, type Step } from './steps.js';

type Pending = NonNullable<ChatState['pending']>;

/** The open question's step, typed. */
export function openStep(state: ChatState): Step | undefined {
  return stepOf(state.pending?.ask);
}

/** Ask `step`: a new question id each time, so buttons under an earlier question are refused as stale. */
export function askStep(state: ChatState, step: Step): Pending {
  state.seq += 1;
  const key = stepKey(step);
  state.pending = { id: `${key}#${state.seq}`, ask: key, selected: [] };
  return state.pending;
}

/** Ask `step` unless it is already the open question (its buttons stay valid). */
export function keepOrAsk(state: ChatState, step: Step): void {
  if (state.pending?.ask !== stepKey(step)) askStep(state, step);
}

/** Re-ask the open question after an unrelated answer? Yes the first time, then every third reply. */
export function dueForReask(state: ChatState): boolean {
  const pending = state.pending;
  if (!pending) return false;
  const since = pending.since ?? 0;
  pending.since = since + 1;
  return since % 3 === 0;
}

export function closeQuestion(state: ChatState): void {
  state.pending = undefined;
}

/** Put back a question taken aside (the reminders offer after a change). */
export function reopen(state: ChatState, pending: Pending | undefined): void {
  state.pending = pending;
}

/** Close the open question if it is one of choosing projects. */
export function closeChoosing(state: ChatState): void {
  if (isChoosing(openStep(state))) state.pending = undefined;
}

export function toggleSelected(state: ChatState, value: string): void {
  const pending = state.pending;
  if (!pending) return;
  pending.selected = pending.selected.includes(value) ? pending.selected.filter((v) => v !== value) : [...pending.selected, value];
}

/** The steps still to go, first to last. */
export function queuedSteps(state: ChatState): Step[] {
  return state.queue.map(stepOf).filter((s): s is Step => s !== undefined);
}

/** Ask these next, before what was queued (without repeating one). */
export function queueFirst(state: ChatState, steps: Step[]): void {
  const keys = steps.map(stepKey);
  state.queue = [...keys, ...state.queue.filter((q) => !keys.includes(q))];
}

export function dequeue(state: ChatState, step: Step): void {
  const key = stepKey(step);
  state.queue = state.queue.filter((q) => q !== key);
}

/** Drop the queued choices of sub-projects (the plan was given another way). */
export function dequeueChoosing(state: ChatState): void {
  state.queue = state.queue.filter((q) => !isChoosing(stepOf(q)));
}

export function clearQueue(state: ChatState): void {
  state.queue = [];
}

/** The interview has started (a first answer or fact). */
export function begin(state: ChatState): void {
  if (state.stage === 'new') state.stage = 'interview';
}

export function finish(state: ChatState): void {
  state.pending = undefined;
  state.stage = 'done';
}

/** /start: back into the interview, unless it was done and nothing was skipped. */
export function restart(state: ChatState, keepDone: boolean): void {
  state.stage = state.stage === 'done' && keepDone ? 'done' : 'interview';
}
