/**
 * "报一流学会+学术平台 和 只报发展助力，哪个方案好": two plans side by side. Each plan's verdicts on the
 * profile (with the first reason a project fails) and the limits it breaks (二（三）); nothing is stored.
 */
import { checkProject, findConflicts, missingFacts, type ProjectId } from '../rules/index.js';
import { type Answer, type Ctx, names, uniq } from './ask-context.js';
import { rulesSection } from './ask-combination.js';
import { factLabel } from './facts-text.js';
import { readingMark, renderReadings, renderReason } from './render.js';
import { WHICH_PLAN } from './understanding/question-words.js';

/** Where one plan ends and the other begins: " 和 ", 还是, 或者, "vs". */
const PLAN_OR = /\s+(?:和|跟|与)\s+|还是|或者|或是|\s+vs\.?\s+|\s+or\s+/i;

/** The plans a question compares, when it names two, each with at least one project. */
export function plansCompared(ctx: Ctx, question: string): ProjectId[][] | undefined {
  if (!WHICH_PLAN.test(question)) return undefined;
  const sides = question
    .split(PLAN_OR)
    .map((side) => ctx.matcher.find(side, { groups: false }))
    .filter((ids) => ids.length);
  if (sides.length !== 2 || JSON.stringify(sides[0]) === JSON.stringify(sides[1])) return undefined;
  return sides;
}

export function comparePlans(ctx: Ctx, plans: ProjectId[][]): Answer {
  const { guide, t, lang } = ctx;
  const readings = new Set<number>();
  const clauses: string[] = [];
  const lines: string[] = [];
  const profile = ctx.profile ?? {};
  plans.forEach((plan, i) => {
    lines.push(t('plans.option', { n: i + 1, list: names(ctx, plan) }));
    for (const id of plan) {
      const v = checkProject(guide, { ...profile, intended: plan }, id);
      const no = v.reasons.find((r) => r.status === 'no');
      if (no) clauses.push(no.clause);
      const missing = v.verdict === 'unknown' ? [...new Set(missingFacts(guide, profile, [id]).map((m) => factLabel(t, m.fact, guide)))] : [];
      lines.push(
        v.verdict === 'ineligible' && no
          ? t('plans.no', { project: guide.projectName(id), reason: renderReason(guide, no, { lang, readings, profile }) })
          : v.verdict === 'eligible'
            ? t('plans.yes', { project: guide.projectName(id) })
            : t('plans.unsure', { project: guide.projectName(id), facts: missing.join(t('sep.list')) }),
      );
    }
    const conflicts = findConflicts(
      guide,
      plan.map((project) => ({ project, count: 1 })),
    );
    for (const c of conflicts) {
      lines.push(t('plans.conflict', { text: c.text, clause: c.clause, mark: readingMark(guide, c.reading, lang, readings) }));
      clauses.push(c.clause);
    }
    if (!conflicts.length) lines.push(t('plans.noConflict', { clause: rulesSection(guide) }));
  });
  lines.push(t('plans.which'));
  const footnote = renderReadings(guide, readings, lang);
  return { intent: 'combination', answer: [...lines, ...(footnote ? [footnote] : [])].join('\n'), clauses: uniq(clauses) };
}
