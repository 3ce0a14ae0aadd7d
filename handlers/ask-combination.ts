/**
 * Which projects may go together: "X和Y能一起报吗", "最多报几个", "是不是必须同时报平台的", "我们报了几个".
 * Each answer says yes or no first, with the combination rule (二（三）) that decides it.
 */
import {
  checkProject,
  findConflicts,
  mostTogether,
  capLiftedBy,
  type CombinationRule,
  type Guide,
  intentions,
  type Profile,
  type ProjectId,
  sharedSection,
} from '../rules/index.js';
import { readingMark, renderReadings, renderReason } from './render.js';
import { parseNumber } from './parse.js';
import { type Answer, type Ctx, about, cite, names, uniq } from './ask-context.js';
import { contactOf } from './ask-contacts.js';
import { TOGETHER, HOW_MANY_TOGETHER, THESE, TOGETHER_PAIR } from './understanding/question-words.js';

/** "助力产业发展报两个": how many of the one project named are asked about. */
function countAsked(question: string): number {
  const m = /(两|二|三|四|五|\d+)\s*(个|项)/.exec(question);
  return m ? (parseNumber(m[0]) ?? 1) : 1;
}

export function combination(ctx: Ctx, groupAsked: ProjectId[]): Answer {
  const { guide, profile, t } = ctx;
  const question = ctx.question ?? '';
  const asked = oneOfEachGroup(ctx, groupAsked, question);
  // "能跟一流学术学会一起报吗" after talking about 会员之家: both.
  const before = (ctx.topic?.projects ?? []).filter((id) => !asked.includes(id));
  const together = asked.length === 1 && before.length && before.length <= 2 && TOGETHER.test(question) ? [...before, ...asked] : asked;
  // "这几个能一起报吗": the projects just talked about, else the plan.
  const talkedOf = (ctx.topic?.projects.length ?? 0) >= 2 ? ctx.topic!.projects : profile ? intentions(profile).map((i) => i.project) : [];
  const named = !together.length && THESE.test(question) && talkedOf.length >= 2 ? [...talkedOf] : together;
  // The rules about the projects named, else about those the society intends, else all of them.
  const scope = about(ctx, named);
  const rules = guide.data.combinationRules.filter((r) => {
    if (!scope.length) return true;
    const ids = r.kind === 'mutually_exclusive' ? r.groups.flat() : r.kind === 'requires_one_of' ? [r.project, ...r.oneOf] : r.projects;
    return scope.some((id) => ids.includes(id));
  });
  const readings = new Set<number>();
  // "我们能报几个": first how many the society may apply for at all, by its profile.
  // "这几个能一起报吗": the plan (or the projects just talked about), not a count asked.
  const counting = HOW_MANY_TOGETHER.test(question.replace(new RegExp(THESE.source, 'g'), ''));
  if (named.length === 0 && profile && counting) return howMany(ctx, profile);
  // "一流学会建设能报几个平台子项目": how many of a group named, with what lifts its cap.
  const ofGroup = ctx.matcher.find(question).filter((id) => !ctx.matcher.find(question, { groups: false }).includes(id));
  if (counting && ofGroup.length >= 2 && !TOGETHER_PAIR.test(question)) return mostOf(ctx, ofGroup, rules);
  // "学术交流最多报几个", "每个学会最多能报几个项目": the most one society may apply for together.
  if (counting && !TOGETHER_PAIR.test(question) && named.length !== 1) return mostOf(ctx, named, rules);
  const title = t('ask.combination.title', { clause: guide.data.combinationRules[0]?.clause.replace(/\d+$/, '') ?? '二（三）' });
  const lines = [title];
  // "X和Y能一起报吗": 可以 / 不可以 first, with the rule that decides it.
  // "学术和科普两个都报行不行" with 一流学会 in the plan: asked together with the plan; the
  // conflicts that count are those of the projects asked about.
  const plan = profile ? intentions(profile).filter((i) => !named.includes(i.project)) : [];
  const count = named.length === 1 ? countAsked(question) : 1;
  // A conflict the question is about: between two projects asked about, or of one not yet planned.
  // "会员之家能和一流学术一起报吗" with 发展助力 and 一流学术 planned is not answered with their clash.
  const planned = new Set(profile ? intentions(profile).map((i) => i.project) : []);
  const asksAbout = (ids: readonly ProjectId[]) =>
    ids.filter((id) => named.includes(id)).length >= 2 || ids.some((id) => named.includes(id) && !planned.has(id));
  // "再加个一流科普学会行不行" with a plan, "助力产业发展报两个行吗": one project, still a yes or no.
  const single = named.length === 1 && (plan.length > 0 || count > 1);
  if (single) {
    const project = named[0]!;
    const conflicts = findConflicts(guide, [{ project, count }, ...plan]).filter((c) => c.projects.includes(project));
    const first = conflicts[0];
    lines.unshift(
      first
        ? `${t('answer.countLimit', { text: first.text, clause: first.clause })}${readingMark(guide, first.reading, ctx.lang, readings)}`
        : (blockedLine(ctx, [project], readings) ??
            t('answer.combinationOk', { projects: names(ctx, [...plan.map((i) => i.project), project]), clause: rulesSection(guide) })),
    );
    if (conflicts.some((c) => c.reading)) lines.splice(1, 0, t('ask.combination.confirmWith', contactOf(ctx)));
  }
  if (named.length >= 2) {
    const conflicts = findConflicts(guide, [...named.map((project) => ({ project, count: 1 })), ...plan]).filter((c) => asksAbout(c.projects));
    // "一流学会和会员之家能一起报吗": a companion one of them still needs (二（三）2) does not stop the two
    // going together; it is said after the yes.
    const needs = conflicts.filter((c) => needsCompanion(guide, c.rule));
    const first = conflicts.find((c) => !needs.includes(c));
    lines.unshift(
      first
        ? `${t('answer.countLimit', { text: first.text, clause: first.clause })}${readingMark(guide, first.reading, ctx.lang, readings)}`
        : (blockedLine(ctx, named, readings) ?? t('answer.combinationOk', { projects: names(ctx, named), clause: rulesSection(guide) })),
    );
    if (!first)
      for (const c of needs)
        lines.splice(1, 0, `${t('plan.conflict', { text: c.text, clause: c.clause })}${readingMark(guide, c.reading, ctx.lang, readings)}`);
    if (first?.reading) lines.push(t('ask.combination.confirmWith', contactOf(ctx)));
  }
  // One line per clause: where the data has two rules for one clause, the later one says more.
  // With a verdict, only the rules about two or more of the projects asked about (or a count of one):
  // "会员之家和一流学术" is not answered with 一流学会's 互不兼报.
  const asking = single || named.length >= 2 ? [...named, ...(single ? plan.map((i) => i.project) : [])] : [];
  const relevant = (r: (typeof rules)[number]) => {
    if (!asking.length) return true;
    const ids = r.kind === 'mutually_exclusive' ? r.groups.flat() : r.kind === 'requires_one_of' ? [r.project, ...r.oneOf] : r.projects;
    return asking.filter((id) => ids.includes(id)).length >= 2 || (count > 1 && ids.includes(named[0]!));
  };
  const shown = rules.filter((r, i) => relevant(r) && !rules.slice(i + 1).some((o) => o.clause === r.clause && relevant(o)));
  if (asking.length && !shown.length) lines.splice(lines.indexOf(title), 1);
  for (const r of shown) {
    lines.push(t('common.bullet', { text: `${cite(ctx, r.text, r.clause)}${readingMark(guide, r.reading, ctx.lang, readings)}` }));
  }
  const mine = named.length >= 2 ? named.map((project) => ({ project, count: 1 })) : profile ? intentions(profile) : [];
  // Said once: the verdict above is already about exactly these.
  if (mine.length >= 2 && !single && !(named.length >= 2 && !plan.length)) {
    const conflicts = named.length >= 2 ? findConflicts(guide, [...mine, ...plan]).filter((c) => asksAbout(c.projects)) : findConflicts(guide, mine);
    const projects = names(
      ctx,
      mine.map((i) => i.project),
    );
    const list = conflicts.map((c) => t('ask.combination.conflict', { text: c.text, clause: c.clause })).join(t('sep.semi'));
    lines.push(`\n${conflicts.length ? t('ask.combination.conflicts', { projects, list }) : t('ask.combination.ok', { projects })}`);
  }
  const footnote = renderReadings(guide, readings, ctx.lang);
  // The note on quotas only when there is room: a direct answer stays within 600 characters.
  const note = t('ask.combination.note');
  if ([...lines, note, footnote].join('\n').length <= 600) lines.push(note);
  if (footnote) lines.push(footnote);
  return { intent: 'combination', answer: lines.join('\n'), clauses: uniq(rules.map((r) => r.clause)) };
}

/** A requires rule of a project named ("申报一流学会建设须同时申报至少1个一流平台…"), as a yes. */
export function requiredWith(ctx: Ctx, projects: readonly ProjectId[]): Answer | undefined {
  const rule = ctx.guide.data.combinationRules.find((r) => r.kind === 'requires_one_of' && projects.includes(r.project));
  if (!rule) return undefined;
  return { intent: 'combination', answer: ctx.t('answer.mustYes', { text: rule.text, clause: rule.clause }), clauses: [rule.clause] };
}

/** The most of these projects (or of all) one society may apply for together, and the rules that decide it. */
export function mostOf(ctx: Ctx, named: ProjectId[], rules: CombinationRule[]): Answer {
  const { guide, t } = ctx;
  const scope = named.length ? named : guide.projectIds;
  const n = mostTogether(guide, scope);
  const readings = new Set<number>();
  const lines = [named.length ? t('answer.mostOf', { projects: names(ctx, named), n }) : t('answer.mostOverall', { n, total: scope.length })];
  // "平台学会最多报几个": 1 alone, all 3 beside 一流学会建设; both are said.
  for (const lifter of named.length ? capLiftedBy(guide, named) : []) {
    const m = mostTogether(guide, [...named, lifter], named);
    if (m > n) lines.push(t('answer.mostWith', { project: guide.projectName(lifter), n: m }));
  }
  // Of all the projects: the number first, the six rules on request (answer first, briefly).
  if (!named.length) return { intent: 'combination', answer: [...lines, t('answer.rulesOnRequest')].join('\n'), clauses: uniq(rules.map((r) => r.clause)) };
  const shown = rules.filter((r, i) => !rules.slice(i + 1).some((o) => o.clause === r.clause));
  for (const r of shown) lines.push(t('common.bullet', { text: `${cite(ctx, r.text, r.clause)}${readingMark(guide, r.reading, ctx.lang, readings)}` }));
  const footnote = renderReadings(guide, readings, ctx.lang);
  if (footnote) lines.push(footnote);
  return { intent: 'combination', answer: lines.join('\n'), clauses: uniq(shown.map((r) => r.clause)) };
}

/**
 * "那一流学会也一起报，这样就可以了吧" from a C等 society: no combination rule is broken, but a project asked
 * about cannot be applied for by this profile; that comes first, with its reason.
 */
export function blockedLine(ctx: Ctx, ids: readonly ProjectId[], readings: Set<number>): string | undefined {
  const { guide, profile, t, lang } = ctx;
  if (!profile) return undefined;
  const blocked = ids.flatMap((id) => {
    const v = checkProject(guide, profile, id);
    const no = v.verdict === 'ineligible' ? v.reasons.find((r) => r.status === 'no') : undefined;
    return no ? [t('answer.ineligibleProject', { project: guide.projectName(id), reason: renderReason(guide, no, { lang, readings, profile }) })] : [];
  });
  return blocked.length ? `${blocked.join('\n')}\n${t('answer.combinationRulesOk')}` : undefined;
}

export function ownPlan(ctx: Ctx): Answer {
  const plan = ctx.profile ? intentions(ctx.profile) : [];
  if (!plan.length) return { intent: 'combination', answer: ctx.t('ask.ownPlanNone'), clauses: [] };
  const list = plan.map((i) => `${ctx.guide.projectName(i.project)}${i.count > 1 ? `×${i.count}` : ''}`).join(ctx.t('sep.list'));
  const n = plan.reduce((sum, i) => sum + i.count, 0);
  return { intent: 'combination', answer: ctx.t('ask.ownPlan', { n, list }), clauses: [], projects: plan.map((i) => i.project) };
}

/** "我们能报几个": the projects open to the society by its profile, then the per-society limits in short. */
export function howMany(ctx: Ctx, profile: Profile): Answer {
  const { guide, t } = ctx;
  const open = guide.projectIds.filter((id) => checkProject(guide, profile, id).verdict !== 'ineligible');
  const eligible = open.filter((id) => checkProject(guide, profile, id).verdict === 'eligible');
  const lines: string[] = [];
  if (!open.length) {
    const reason = checkProject(guide, profile, guide.projectIds[0]!).reasons[0];
    lines.push(t('answer.noneOpen', { reason: reason ? renderReason(guide, reason, { lang: ctx.lang, profile }) : '' }));
  } else {
    lines.push(t('answer.openCount', { eligible: eligible.length, unknown: open.length - eligible.length }));
    lines.push(t('answer.mostOverall', { n: mostTogether(guide, open), total: open.length }));
    lines.push(t('answer.howMany', { clause: guide.data.combinationRules[0]?.clause.replace(/\d+$/, '') ?? '二（三）' }));
    // One line per clause: where the data has two rules for one clause, the later one says more.
    const rules = guide.data.combinationRules;
    for (const r of rules.filter((r, i) => !rules.slice(i + 1).some((o) => o.clause === r.clause)))
      lines.push(t('common.bullet', { text: cite(ctx, r.text, r.clause) }));
  }
  return { intent: 'combination', answer: lines.join('\n'), clauses: uniq(guide.data.combinationRules.map((r) => r.clause)) };
}

/** A rule that asks for a companion project (requires_one_of), not one that forbids a pair. */
function needsCompanion(guide: Guide, ruleId: string): boolean {
  return guide.data.combinationRules.some((r) => r.id === ruleId && r.kind === 'requires_one_of');
}

/** The section the combination rules share ("二（三）"): the clause a yes without a conflict rests on. */
export function rulesSection(guide: Guide): string {
  return sharedSection(guide.data.combinationRules.map((r) => r.clause));
}

/**
 * "标准制订跟一流平台冲突不": a group's name beside another project stands for the one of the group the
 * society plans (else any one of it), not for all its members at once (whose own "only one of three" is no
 * answer to the question asked). Unchanged when the group is the only thing asked or its members are named.
 */
function oneOfEachGroup(ctx: Ctx, asked: ProjectId[], question: string): ProjectId[] {
  const named = ctx.matcher.find(question, { groups: false });
  const planned = ctx.profile ? intentions(ctx.profile).map((i) => i.project) : [];
  const groups = new Map<string, ProjectId[]>();
  for (const id of asked) {
    const group = ctx.guide.project(id).group;
    if (group && !named.includes(id)) groups.set(group, [...(groups.get(group) ?? []), id]);
  }
  const outside = asked.filter((id) => !ctx.guide.project(id).group || named.includes(id));
  if (!outside.length || ![...groups.values()].some((ids) => ids.length > 1)) return asked;
  const kept = [...groups.values()].flatMap((ids) => {
    const mine = ids.filter((id) => planned.includes(id));
    return mine.length ? mine : ids.slice(0, 1);
  });
  return [...outside, ...kept];
}
