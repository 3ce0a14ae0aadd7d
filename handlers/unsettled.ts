import { factsOf, type Fact } from '../rules/index.js';
import { askStep } from './interview-state.js';
import { askPending, questionFor } from './interview.js';
import type { Extracted } from './parse.js';
import type { Turn } from './turn.js';

/**
 * "专职人员有两个，都是退休返聘的", "我们没评上4A": words the guide's definition, or a bound, does not settle. Nothing is recorded
 * (principle 1): the guide's requirement is quoted with its clause, and the fact's own question is asked,
 * with its buttons, so the secretary says which it is.
 */
export function askUnsettled(turn: Turn, unsettled: NonNullable<Extracted['unsettled']>): void {
  for (const { fact, words, why } of unsettled) {
    const rule = why === 'definition' ? requirementOf(turn, fact) : undefined;
    if (rule) turn.say(turn.t('unsettled.note', { words, requirement: rule.requirement, clause: rule.clause }));
    else if (why === 'below') turn.say(turn.t('unsettled.below', { words, label: turn.label(fact) }));
  }
  const fact = unsettled[0]!.fact;
  const def = questionFor(turn, { kind: 'fact', fact });
  if (!def) return;
  askStep(turn.state, { kind: 'fact', fact });
  askPending(turn, def);
}

/** The first condition of the guide that reads the fact, for its wording and clause. */
function requirementOf(turn: Turn, fact: Fact): { requirement: string; clause: string } | undefined {
  for (const id of turn.guide.projectIds)
    for (const { condition } of turn.guide.conditionsOf(id))
      if (condition.kind === 'flag' && factsOf(condition).includes(fact)) return { requirement: condition.requirement, clause: condition.clause };
  return undefined;
}
