import type { ProjectId } from '../rules/index.js';
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
