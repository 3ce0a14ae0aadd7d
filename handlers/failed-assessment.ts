/**
 * "21年科技奖励考核没通过，今年还能报标准吗": a project whose year-end assessment failed last year bars its
 * society from the same category this year (四（二）: 考核不合格的项目…其承担单位下一年度将不得申报同类别项目).
 * No profile field holds it (CONTRACT: a verdict is decided by the profile alone), so it is never stored: it is
 * answered, with the clause, for the projects asked about or planned, every time it is said.
 */
import { guideTopicItems, type ProjectId } from '../rules/index.js';
import type { Turn } from './turn.js';
import { yearsIn } from './understand.js';
import { FAILED } from './understanding/question-words.js';

/** The projects the message says failed their year-end assessment in the year before the guide's. */
export function failedLastYear(turn: Turn, text: string): ProjectId[] {
  const last = turn.guide.year - 1;
  return text
    .split(/[，,。；;！!？?]/)
    .filter((piece) => FAILED.test(piece))
    .flatMap((piece) => {
      const years = yearsIn(piece, turn.guide.year);
      // A year said must be last year's; none said is last year's ("考核没通过" of a project held last year).
      if (years.length && !years.includes(last)) return [];
      return turn.matcher.find(piece, { groups: false });
    });
}

/** The lines that answer it: each project asked about (else planned) in a failed project's category, ❌ with 四（二）. */
export function barredByFailure(turn: Turn, text: string, failed: readonly ProjectId[]): string[] {
  const { guide } = turn;
  const rule = guideTopicItems(guide, 'failed_assessment')[0];
  if (!rule) return [];
  const categories = new Set(failed.map((id) => guide.project(id).category));
  const asked = turn.matcher.find(text, { groups: false }).filter((id) => !failed.includes(id) || /今年|还能|能不能|再报/.test(text));
  const scope = asked.length ? asked : turn.intendedIds();
  const barred = scope.filter((id) => categories.has(guide.project(id).category));
  const free = asked.filter((id) => !categories.has(guide.project(id).category));
  const lines: string[] = [];
  if (barred.length) lines.push(turn.t('answer.barredByFailure', { projects: turn.names(barred), quote: rule.quote, clause: rule.clause }));
  else
    lines.push(
      turn.t('answer.categoryBarred', { categories: [...categories].join(turn.t('sep.list')), year: guide.year, quote: rule.quote, clause: rule.clause }),
    );
  if (free.length) lines.push(turn.t('answer.otherCategoryFree', { projects: turn.names(free) }));
  return lines;
}
