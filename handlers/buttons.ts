import { isChecklistChoice, onChecklistChoice } from './checklist-chat.js';
import { advance, answer, askPending, questionFor } from './interview.js';
import { closeQuestion, toggleSelected } from './interview-state.js';
import type { Turn } from './turn.js';
import type { Choice } from './types.js';

/** A button tapped under the pending question; one under an earlier question is refused as stale. */
export function onChoice(turn: Turn, choice: Choice): void | Promise<void> {
  // The checklist's buttons are not the interview's: they carry their own state (checklist-chat.ts).
  if (isChecklistChoice(choice)) return onChecklistChoice(turn, choice);
  const pending = turn.state.pending;
  if (!pending || pending.id !== choice.question) {
    turn.say(turn.t('interview.stale'));
    return advance(turn, true);
  }
  const staff = turn.staff();
  if (staff.isStaffStep(pending.ask)) {
    const value = choice.values[0];
    if (value === undefined || !staff.options(pending.ask).some((o) => o.value === value)) return turn.say(turn.t('interview.invalidOption'));
    return staff.pick(pending.ask, value, turn.msg);
  }
  const def = questionFor(turn, pending.ask);
  if (!def) {
    closeQuestion(turn.state);
    return advance(turn);
  }
  const valid = choice.values.filter((v) => def.options.some((o) => o.value === v));
  if (valid.length !== choice.values.length) {
    turn.say(turn.t('interview.invalidOption'));
    return askPending(turn, def);
  }
  if (def.mode === 'multi' && choice.action === 'toggle') {
    const value = valid[0];
    if (value === undefined) return askPending(turn, def);
    toggleSelected(turn.state, value);
    return askPending(turn, def, true);
  }
  const values = def.mode === 'multi' && choice.action === 'done' ? pending.selected : valid;
  answer(turn, pending.ask, def, values);
}
