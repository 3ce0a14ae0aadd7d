import {
  checkProject,
  describeFact,
  evidenceFor,
  findConflicts,
  intentions,
  listDeadlines,
  type Condition,
  type Guide,
  type Profile,
  type ProjectId,
  searchPassages,
  type SearchIndex,
} from '../rules/index.js';

import { renderDeadlines, renderEvidence, renderReadings, renderReason } from './render.js';
import { normalise, type ProjectMatcher } from './parse.js';

export type Intent =
  | 'what_can_we_apply'
  | 'combination'
  | 'deadline'
  | 'submission'
  | 'contacts'
  | 'evidence'
  | 'funding'
  | 'quota'
  | 'eligibility'
  | 'project'
  | 'search'
  | 'unknown';

export interface Answer {
  intent: Intent;
  answer: string;
  clauses: string[];
}

export interface AskContext {
  guide: Guide;
  matcher: ProjectMatcher;
  nowMs: number;
  profile?: Profile;
  eventDates?: Record<string, string>;
  search?: SearchIndex;
  /** The profile is the question's own assumption ("C等能报吗"), not the stored one. */
  assumed?: boolean;
}

/**
 * Tried in order; the first that matches names the intent. They run on the question with the
 * project names blanked out (□), so "决策咨询" is not "咨询" and "科技奖励" is not "奖励".
 */
const INTENTS: Array<[Exclude<Intent, 'project' | 'search' | 'unknown'>, RegExp]> = [
  ['what_can_we_apply', /(能|可以|可)(报|申报)(什么|哪些|啥|哪几个)|能报啥|适合报|推荐.*(报|项目)|报什么好|报哪个好|报哪些好/],
  ['combination', /兼报|同时(报|申报)|一起(报|申报)|冲突|限项|互斥|都报|能报几[个项]|最多(能|可以|可)?(报|申报)|只能(报|选)|一起申请|□\s*(和|与|跟|及)\s*□.*(能|可以|可)/],
  ['funding', /经费|资助(?!多少项|几项|名额|数量)|钱|拨付|拨款|补助|资金|荣誉|授牌|奖励多少|给多少/],
  ['deadline', /截止|什么时候|何时|几号|哪天|哪一天|期限|deadline|几月|多久|日期|时间节点|什么时间|完成时间|几点|还有几天|还剩/i],
  ['submission', /怎么报|如何申报|怎么申报|在哪(里|儿)?(报|交|提交|申报)|系统|网址|网站|纸质|寄|邮寄|快递|地址|邮箱|报送|送到|送哪|交到|盖章|申报方式|哪里交|怎么交|提交方式|登录/],
  ['contacts', /联系|电话|咨询|找谁|联系人|负责人|问谁/],
  ['evidence', /材料|佐证|交什么|提交什么|准备什么|要准备|结题|验收|清单|截图|照片|附件/],
  ['quota', /名额|上限|多少个|数量|限额|多少项|几项|几个名额|总共|立项多少/],
  ['eligibility', /条件|要求|能不能报|能报吗|可以报吗|可不可以|资格|够不够|符合|门槛|能申报吗|能否申报|可以申报吗|有戏|行不行|报得了|(能|可以|可|能否)(报|申报|申请)□*[吗不]|需要几|要几个|得有几|够格|几A|几等|什么等级/i],
];

export function classify(text: string, matcher?: ProjectMatcher): Exclude<Intent, 'project' | 'search' | 'unknown'> | undefined {
  const t = normalise(matcher ? matcher.mask(text) : text);
  return INTENTS.find(([, re]) => re.test(t))?.[0];
}

export function answerQuestion(question: string, ctx: AskContext): Answer {
  const found = ctx.matcher.find(question);
  // A name typed with one wrong character is still recognised, and the answer says how it was read.
  const typo = found.length ? undefined : ctx.matcher.fuzzy(question);
  const projects = typo ? [typo] : found;
  const answer = answerFor(question, projects, ctx);
  return typo && answer.intent !== 'unknown' && answer.intent !== 'search'
    ? { ...answer, answer: `（按“${ctx.guide.projectName(typo)}”理解）\n${answer.answer}` }
    : answer;
}

function answerFor(question: string, projects: ProjectId[], ctx: AskContext): Answer {
  const intent = classify(question, ctx.matcher) ?? (projects.length ? 'project' : undefined);
  switch (intent) {
    case 'what_can_we_apply':
      return whatCanWeApply(ctx);
    case 'combination':
      return combination(ctx, projects);
    case 'deadline':
      return deadline(ctx, projects);
    case 'submission':
      return submission(ctx, projects);
    case 'contacts':
      return contacts(ctx);
    case 'evidence':
      return evidence(ctx, projects);
    case 'funding':
      return funding(ctx, projects);
    case 'quota':
      return quota(ctx, projects);
    case 'eligibility':
      return eligibility(ctx, projects);
    case 'project':
      return overview(ctx, projects, question);
    default:
      return fallback(question, ctx);
  }
}

const uniq = (xs: string[]) => [...new Set(xs)];

/** Projects a question is about: those named, else those the society intends. */
function about(ctx: AskContext, named: ProjectId[]): ProjectId[] {
  if (named.length) return named;
  return ctx.profile ? intentions(ctx.profile).map((i) => i.project) : [];
}

function whatCanWeApply(ctx: AskContext): Answer {
  const { guide, profile } = ctx;
  if (!profile || Object.keys(profile).filter((k) => k !== 'intended').length === 0) {
    return {
      intent: 'what_can_we_apply',
      answer:
        '要判断你们能报什么，需要先了解学会的情况：单位类型、去年综合能力评价等级、评估等级、年检和诚信记录等。' +
        '发送 /start 开始几个简单的问题，或者一句话告诉我，例如“我们是省级学会，去年综合能力评价C等，评估等级4A，年检合格”。',
      clauses: ['二（二）'],
    };
  }
  const lines: string[] = ['按你们目前的档案：'];
  const clauses: string[] = [];
  const groups = { eligible: [] as string[], ineligible: [] as string[], unknown: [] as string[] };
  for (const id of guide.projectIds) {
    const v = checkProject(guide, profile, id);
    const first = v.reasons[0];
    groups[v.verdict].push(v.verdict === 'eligible' || !first ? guide.projectName(id) : `${guide.projectName(id)}（${first.text}，${first.clause}）`);
    if (v.verdict !== 'eligible' && first) clauses.push(first.clause);
  }
  lines.push(`✅ 可以申报：${groups.eligible.join('、') || '暂无'}`);
  if (groups.ineligible.length) lines.push(`❌ 不符合条件：\n${groups.ineligible.map((s) => `· ${s}`).join('\n')}`);
  if (groups.unknown.length) lines.push(`❓ 还需确认：\n${groups.unknown.map((s) => `· ${s}`).join('\n')}`);
  lines.push('注意二（三）的限项规定：发送“限项规定”查看，或 /check 查看完整结果。');
  return { intent: 'what_can_we_apply', answer: lines.join('\n'), clauses: uniq(clauses) };
}

function combination(ctx: AskContext, named: ProjectId[]): Answer {
  const { guide, profile } = ctx;
  // The rules about the projects named, else about those the society intends, else all of them.
  const scope = about(ctx, named);
  const rules = guide.data.combinationRules.filter((r) => {
    if (!scope.length) return true;
    const ids = r.kind === 'mutually_exclusive' ? r.groups.flat() : r.kind === 'requires_one_of' ? [r.project, ...r.oneOf] : r.projects;
    return scope.some((id) => ids.includes(id));
  });
  const lines = [`限项规定（${guide.data.combinationRules[0]?.clause.replace(/\d+$/, '') ?? '二（三）'}）：`];
  for (const r of rules) lines.push(`· ${r.quote}（${r.clause}）${r.reading ? `［按理解 #${r.reading}：${guide.readingText(r.reading) ?? ''}］` : ''}`);
  const mine = named.length >= 2 ? named.map((project) => ({ project, count: 1 })) : profile ? intentions(profile) : [];
  if (mine.length >= 2) {
    const conflicts = findConflicts(guide, mine);
    const names = mine.map((i) => guide.projectName(i.project)).join('、');
    lines.push(conflicts.length ? `\n${names}：${conflicts.map((c) => `⚠️ ${c.text}（${c.clause}）`).join('；')}` : `\n${names}：可以同时申报，不违反限项规定。`);
  }
  lines.push('注：项目数量上限是全省资助总数，不是单个学会的申报数。');
  return { intent: 'combination', answer: lines.join('\n'), clauses: uniq(rules.map((r) => r.clause)) };
}

function deadline(ctx: AskContext, named: ProjectId[]): Answer {
  const { guide } = ctx;
  const targets = about(ctx, named);
  if (!targets.length) {
    const list = listDeadlines(guide, { nowMs: ctx.nowMs });
    return { intent: 'deadline', answer: renderDeadlines(guide, list, ctx.nowMs, { showProjects: true }), clauses: uniq(list.map((d) => d.clause)) };
  }
  const parts: string[] = [];
  const clauses: string[] = [];
  for (const project of targets) {
    const eventDate = ctx.eventDates?.[project];
    const list = listDeadlines(guide, { nowMs: ctx.nowMs, project, ...(eventDate && { eventDate }) });
    parts.push(`【${guide.projectName(project)}】\n${renderDeadlines(guide, list, ctx.nowMs)}`);
    if (!eventDate && guide.deadlines.some((d) => 'afterEvent' in d && d.projects.includes(project))) {
      parts.push('（会后一个月内须提交活动成果：告诉我活动日期，例如“我们的年会10月15日举办”，我会算出具体截止日。）');
    }
    clauses.push(...list.map((d) => d.clause));
  }
  return { intent: 'deadline', answer: parts.join('\n'), clauses: uniq(clauses) };
}

function submission(ctx: AskContext, named: ProjectId[]): Answer {
  const { guide } = ctx;
  const targets = about(ctx, named);
  const routes = uniq((targets.length ? targets : guide.projectIds).map((id) => guide.project(id).submission));
  const lines: string[] = [];
  const clauses: string[] = [];
  for (const routeId of routes) {
    const route = guide.data.submission[routeId]!;
    const who = targets.length ? targets.filter((id) => guide.project(id).submission === routeId) : guide.projectIds.filter((id) => guide.project(id).submission === routeId);
    lines.push(`【${route.name}】适用：${who.length === guide.projectIds.length - 1 ? '除问道科学沙龙外的所有项目' : who.map(guide.projectName).join('、')}`);
    route.steps.forEach((s, i) => lines.push(`${i + 1}. ${s.text ?? s.quote}（${s.clause}）`));
    clauses.push(...route.steps.map((s) => s.clause));
  }
  lines.push(contactLine(guide));
  return { intent: 'submission', answer: lines.join('\n'), clauses: uniq([...clauses, guide.data.contacts.clause]) };
}

function contactLine(guide: Guide): string {
  const c = guide.data.contacts;
  return `联系人（${c.clause}）：${c.people.map((p) => `${p.unit} ${p.name} ${p.phone}（${p.role}）`).join('；')}`;
}

function contacts(ctx: AskContext): Answer {
  const c = ctx.guide.data.contacts;
  return {
    intent: 'contacts',
    answer: `${contactLine(ctx.guide)}\n纸质申报材料报送地址：${c.paperAddress.text ?? c.paperAddress.quote}`,
    clauses: [c.clause],
  };
}

function evidence(ctx: AskContext, named: ProjectId[]): Answer {
  const { guide } = ctx;
  const targets = about(ctx, named);
  if (!targets.length) {
    return {
      intent: 'evidence',
      answer: '每个项目要交的材料不同。请告诉我项目名，例如“标准制定要交什么材料”。所有项目（沙龙除外）都要在系统提交电子版《申报书》，并报送一份签字盖章、与电子版完全一致的纸质版（五（一））。',
      clauses: ['五（一）'],
    };
  }
  const lists = targets.map((id) => evidenceFor(guide, id));
  return { intent: 'evidence', answer: lists.map((ev) => renderEvidence(guide, ev)).join('\n\n'), clauses: uniq(lists.flatMap((l) => l.clauses)) };
}

function funding(ctx: AskContext, named: ProjectId[]): Answer {
  const { guide } = ctx;
  const f = guide.data.funding;
  const lines: string[] = [];
  for (const id of about(ctx, named)) {
    lines.push(`· ${guide.projectName(id)}：${f.honours.includes(id) ? '荣誉类，无经费资助，认定后表彰并授牌' : '验收合格后于下一年度上半年拨付经费'}`);
  }
  lines.push(`${f.honoursNote.quote}（${f.honoursNote.clause}）`, `${f.paidNote.quote}，${f.priority.quote}（${f.paidNote.clause}）`);
  for (const n of f.notes) lines.push(`${n.quote}（${n.clause}）`);
  lines.push('指南未公布各项目的具体资助金额，如需了解请咨询联系人。');
  return { intent: 'funding', answer: lines.join('\n'), clauses: uniq([f.honoursNote.clause, ...f.notes.map((n) => n.clause)]) };
}

function quota(ctx: AskContext, named: ProjectId[]): Answer {
  const { guide } = ctx;
  const targets = named.length ? named : guide.projectIds;
  const seen = new Set<unknown>();
  const lines: string[] = [];
  for (const id of targets) {
    const q = guide.quotaOf(id);
    if (!q || seen.has(q)) continue;
    seen.add(q);
    const shared = q.projects.length > 1 ? `（${q.projects.map(guide.projectName).join('、')}共用）` : '';
    lines.push(`· ${q.projects.length > 1 ? q.projects.map(guide.projectName).join(' / ') : guide.projectName(id)}：上限 ${q.max} 项${shared}`);
  }
  const total = guide.data.totalQuota;
  if (!named.length && total) lines.push(`合计 ${total.max} 项。`);
  lines.push(`说明：${guide.readingText(10) ?? '上限是全省资助项目数，不是单个学会的申报数。'}（二（一）、二（三））`);
  return { intent: 'quota', answer: `项目数量上限（二（一））：\n${lines.join('\n')}`, clauses: ['二（一）'] };
}

function conditionLines(guide: Guide, id: ProjectId): { lines: string[]; clauses: string[] } {
  const lines: string[] = [];
  const clauses: string[] = [];
  const add = (c: Condition) => {
    lines.push(`· ${c.requirement}（${c.clause}）`);
    clauses.push(c.clause);
  };
  for (const { condition } of guide.conditionsOf(id)) add(condition);
  for (const p of guide.project(id).prepare) {
    lines.push(`· ${p.text ?? p.quote}（${p.clause}）`);
    clauses.push(p.clause);
  }
  return { lines, clauses };
}

function eligibility(ctx: AskContext, named: ProjectId[]): Answer {
  const { guide, profile } = ctx;
  const targets = about(ctx, named);
  if (!targets.length) {
    const general = guide.data.whoMayApply.map((g) => g.condition);
    return {
      intent: 'eligibility',
      answer: `申报资格（二（二））：\n${uniq(general.map((c) => `· ${c.quote}（${c.clause}）`)).join('\n')}\n各项目另有条件，告诉我项目名即可查看，例如“一流学会有什么条件”。`,
      clauses: uniq(general.map((c) => c.clause)),
    };
  }
  const parts: string[] = [];
  const clauses: string[] = [];
  const readings = new Set<number>();
  const whose = ctx.assumed ? '按这个假设' : '按你们的档案';
  for (const id of targets) {
    const { lines, clauses: cs } = conditionLines(guide, id);
    clauses.push(...cs);
    let personal = '';
    if (profile && Object.keys(profile).some((k) => k !== 'intended')) {
      const v = checkProject(guide, profile, id);
      const known = v.reasons.map((r) => renderReason(guide, r, 'zh-CN', readings)).join('\n   ');
      const lead = `\n${whose}（${describeKnown(guide, profile)}）`;
      personal =
        v.verdict === 'eligible'
          ? `${lead}：✅ 可以申报。`
          : v.verdict === 'ineligible'
            ? `${lead}：❌ 不符合条件：\n   ${known}`
            : `${lead}：❓ 还需确认：\n   ${known}`;
    }
    parts.push(`【${guide.projectName(id)}】申报条件：\n${lines.join('\n')}${personal}`);
  }
  const footnote = renderReadings(guide, readings);
  return { intent: 'eligibility', answer: [...parts, ...(footnote ? [footnote] : [])].join('\n\n'), clauses: uniq(clauses) };
}

function describeKnown(guide: Guide, profile: Profile): string {
  const facts = (['evaluationGrade', 'assessmentLevel'] as const).map((f) => describeFact(profile, f, guide.projectName)).filter(Boolean);
  return facts.length ? `你们是${facts.join('、')}` : '已知的情况';
}

function overview(ctx: AskContext, named: ProjectId[], question = ''): Answer {
  const e = eligibility(ctx, named);
  const d = deadline(ctx, named);
  const quoted = projectPassage(ctx, named, question);
  const lead = quoted ? `指南原文：「${quoted.text}」（${quoted.clause}）\n\n` : '';
  return {
    intent: 'project',
    answer: `${lead}${e.answer}\n\n${d.answer}\n\n想看材料清单，请问“${ctx.guide.projectName(named[0]!)}要交什么材料”。`,
    clauses: uniq([...(quoted ? [quoted.clause] : []), ...e.clauses, ...d.clauses]),
  };
}

/**
 * A question about a project that names no topic ("科技评估需要委托协议吗"): the passage of that
 * project's own section that best matches the rest of the question, if any.
 */
function projectPassage(ctx: AskContext, named: ProjectId[], question: string): { text: string; clause: string } | undefined {
  const rest = ctx.matcher.mask(question).replace(/□/g, ' ').trim();
  if (!ctx.search || !question || rest.replace(/[\s?？吗呢的了啊吧]/g, '').length < 2) return undefined;
  const sections = named.map((id) => /^[一二三四五六七八九十]+（[一二三四五六七八九十]+）\d+/.exec(ctx.guide.project(id).clause)?.[0]).filter((x): x is string => !!x);
  const hit = searchPassages(ctx.search, rest, 8).find((h) => sections.some((c) => h.passage.clause.startsWith(c)));
  if (!hit) return undefined;
  const text = hit.passage.text.length > 220 ? `${hit.passage.text.slice(0, 220)}…` : hit.passage.text;
  return { text, clause: hit.passage.clause };
}

const CAN_ANSWER = '我可以回答：能不能报（申报条件）、限项冲突、截止时间、申报和结题材料、名额上限、经费、怎么提交和寄到哪里、联系人。';

function fallback(question: string, ctx: AskContext): Answer {
  const hits = ctx.search ? searchPassages(ctx.search, question, 3) : [];
  const contactsText = contactLine(ctx.guide);
  if (!hits.length) {
    return { intent: 'unknown', answer: `抱歉，这个问题我没能在指南里找到答案。${CAN_ANSWER}\n${contactsText}`, clauses: [ctx.guide.data.contacts.clause] };
  }
  const quoted = hits.map((h) => `「${h.passage.text.length > 220 ? `${h.passage.text.slice(0, 220)}…` : h.passage.text}」（${h.passage.clause}）`);
  return {
    intent: 'search',
    answer: `指南中最相关的内容：\n${quoted.join('\n')}\n\n${CAN_ANSWER}\n${contactsText}`,
    clauses: uniq([...hits.map((h) => h.passage.clause), ctx.guide.data.contacts.clause]),
  };
}
