import { findConflicts, intentions, type ProjectId } from '../rules/index.js';
import { begin, closeQuestion, queueFirst } from './interview-state.js';
import type { Turn } from './turn.js';

/** "想报一流平台": the group has several sub-projects, so ask which, by the category's buttons. */
export function askWhichOf(turn: Turn, ids: ProjectId[]): void {
  const { state, guide } = turn;
  const categories = guide.data.categories.filter((c) => c.projects.some((p) => ids.includes(p)));
  turn.say(turn.t('interview.whichSubProject', { names: ids.map(guide.projectName).join(turn.t('sep.quoted')) }));
  closeQuestion(state);
  queueFirst(
    state,
    categories.map((c) => ({ kind: 'projects', category: c.id })),
  );
  begin(state);
}

/** "同类的只报一个吧": the planned projects that cannot go together (else the two planned just talked about). */
export function pairToKeepOneOf(turn: Turn): ProjectId[] {
  const clash = findConflicts(turn.guide, intentions(turn.state.profile)).find((c) => c.projects.length > 1);
  const topic = (turn.state.topic?.projects ?? []).filter((id) => turn.intendedIds().includes(id));
  return [...(clash?.projects ?? (topic.length === 2 ? topic : []))];
}

/** "那就改报X" with several planned: which of them X replaces is asked next, with buttons. */
export function askWhichDropped(turn: Turn, projects: ProjectId[]): void {
  closeQuestion(turn.state);
  queueFirst(turn.state, [{ kind: 'drop', projects }]);
  begin(turn.state);
}

/** Which of them is kept is asked next, with buttons; nothing is dropped before the answer. */
export function askWhichKept(turn: Turn, projects: ProjectId[]): void {
  closeQuestion(turn.state);
  queueFirst(turn.state, [{ kind: 'keep', projects }]);
  begin(turn.state);
}
