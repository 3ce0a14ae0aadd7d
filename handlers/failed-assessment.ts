/**
 * "21年科技奖励考核没通过，今年还能报标准吗": a project whose year-end assessment failed last year bars its
 * society from the same category this year (四（二）: 考核不合格的项目…其承担单位下一年度将不得申报同类别项目).
 * No profile field holds it (CONTRACT: a verdict is decided by the profile alone). The chat remembers what was
 * said (`failures` in the chat state, beside the topic and event days, never in the profile; a roster society's chats
 * share it), answers it with the clause when said, and again for each later question of a project in that category.
 */
import { guideTopicItems, type ProjectId } from '../rules/index.js';
import type { Turn } from './turn.js';
import { yearsIn } from './understand.js';
import { ASSESSMENT_PASSED, FAILED } from './understanding/question-words.js';

export interface AssessmentTold {
  project: ProjectId;
  year: number;
  passed: boolean;
}

/** Pieces of a message: the assessment's words may sit a piece after the project ("…乡村产业发展项目，年底验收没通过"). */
const PIECES = /[，,。；;！!？?]/;
/** Words that point back to a project said before ("没通过的是2020年那个"). */
const POINTS_BACK = /那个|这个|那项|这项|它/;

/**
 * What the message tells of year-end assessments: each project, its year and whether it passed. A project
 * is the one its piece names, else the piece before's, else the one remembered or talked about; a year is
 * its piece's, else the piece before's, else last year (a project held last year is assessed at its end).
 */
export function assessmentsTold(turn: Turn, text: string): AssessmentTold[] {
  const pieces = text.split(PIECES).filter((piece) => piece.trim());
  const remembered = [...new Set((turn.state.failures ?? []).map((f) => f.project))];
  const topic = turn.state.topic?.projects ?? [];
  const told: AssessmentTold[] = [];
  pieces.forEach((piece, i) => {
    const failed = FAILED.test(piece);
    if (!failed && !ASSESSMENT_PASSED.test(piece)) return;
    const before = pieces[i - 1] ?? '';
    const named = turn.matcher.find(piece, { groups: false });
    const projects = named.length
      ? named
      : turn.matcher.find(before, { groups: false }).length
        ? turn.matcher.find(before, { groups: false })
        : remembered.length === 1
          ? remembered
          : topic.length === 1 && (POINTS_BACK.test(piece) || failed)
            ? topic
            : [];
    const years = yearsIn(piece, turn.guide.year).filter((y) => y < turn.guide.year);
    const year = years[0] ?? yearsIn(before, turn.guide.year).filter((y) => y < turn.guide.year)[0] ?? turn.guide.year - 1;
    for (const project of projects) told.push({ project, year, passed: !failed });
  });
  // A pass told alone counts only of a failure said before ("决策咨询考核是过了的" after "决策咨询…没过关").
  return told.some((t) => !t.passed) || remembered.length ? told : [];
}

/** Keeps what was told: a failure is remembered; a pass, or a failure of another year, replaces it. */
export function rememberAssessments(turn: Turn, told: readonly AssessmentTold[]): void {
  const kept = (turn.state.failures ?? []).filter((f) => !told.some((t) => t.project === f.project));
  turn.state.failures = [...kept, ...told.filter((t) => !t.passed).map(({ project, year }) => ({ project, year }))];
}

/** The projects remembered as failed in the year before the guide's (those that bar a category now). */
export function failedLastYear(turn: Turn): ProjectId[] {
  return (turn.state.failures ?? []).filter((f) => f.year === turn.guide.year - 1).map((f) => f.project);
}

/** The lines that answer it: each project asked about (else planned) in a failed project's category, ❌ with 四（二）. */
export function barredByFailure(turn: Turn, text: string, failed: readonly ProjectId[]): string[] {
  const { guide } = turn;
  const rule = guideTopicItems(guide, 'failed_assessment')[0];
  if (!rule) return [];
  if (!failed.length) return [];
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

/**
 * For an answer about these projects: ❌ with 四（二） for those in the category of a project remembered as
 * failed last year; undefined when none is.
 */
export function barredByRemembered(turn: Turn, ids: readonly ProjectId[]): { text: string; ids: ProjectId[]; quotes: string[] } | undefined {
  const { guide } = turn;
  const failed = failedLastYear(turn);
  const rule = guideTopicItems(guide, 'failed_assessment')[0];
  if (!failed.length || !rule) return undefined;
  const categories = new Set(failed.map((id) => guide.project(id).category));
  const barred = ids.filter((id) => categories.has(guide.project(id).category));
  return barred.length
    ? { text: turn.t('answer.barredByFailure', { projects: turn.names(barred), quote: rule.quote, clause: rule.clause }), ids: barred, quotes: [rule.quote] }
    : undefined;
}

/**
 * "没通过的是二〇二〇年那个", "健康嗰个係2020年做嘅，唔係2021": a failure that barred a category this year now
 * bars nothing (its year moved): which projects that frees, with the clause. Undefined when nothing moved.
 */
export function noLongerBarred(turn: Turn, before: readonly ProjectId[]): string | undefined {
  const { guide } = turn;
  const rule = guideTopicItems(guide, 'failed_assessment')[0];
  if (!before.length || !rule) return undefined;
  const still = new Set(failedLastYear(turn).map((id) => guide.project(id).category));
  const freed = new Set(before.map((id) => guide.project(id).category).filter((c) => !still.has(c)));
  if (!freed.size) return undefined;
  // (Named by its category: every project in it is free again, not only the one talked about.)
  return turn.t('answer.failureNotNow', {
    projects: turn.t('answer.categoryProjects', { categories: [...freed].join(turn.t('sep.list')) }),
    year: guide.year,
    quote: rule.quote,
    clause: rule.clause,
  });
}

/** After an award's year is corrected, a failure remembered of that award moves with it (its one year). */
export function followAwardYears(turn: Turn): void {
  const awards = turn.state.profile.priorProjects ?? [];
  turn.state.failures = (turn.state.failures ?? []).map((f) => {
    const years = awards.filter((a) => a.project === f.project).map((a) => a.year);
    return years.length === 1 && years[0] !== f.year ? { ...f, year: years[0]! } : f;
  });
}
