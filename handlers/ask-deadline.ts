/** When and how to hand in: the deadlines of the projects asked about, and the submission routes. */
import { evidenceFor, yearWords, listDeadlines, type ProjectId, topicSteps, type UsedTopic } from '../rules/index.js';
import { renderDeadlines } from './render.js';
import { type Answer, type Ctx, about, names, uniq } from './ask-context.js';
import { contactLine } from './ask-contacts.js';
import { COPIES_ASKED, ONLINE, PAPER, SEAL_OR_SAME_ASKED, SYSTEM_ADDRESS_ASKED, WHERE_TO } from './understanding/question-words.js';

/** A document asked about by name ("委托协议什么时候签"): its timing is that of the list it is handed in with. */
const DOCUMENT = /委托协议|合作协议|协议|合同|委托文件|委托书|截图|证明|批示|签到表|照片/;

export function deadline(ctx: Ctx, named: ProjectId[]): Answer {
  const { guide, t, lang } = ctx;
  // "学术活动开完以后多久交材料": no project, but a deadline named: the projects that deadline is for.
  const focus = DEADLINE_WORDS.filter(([w]) => w.test(ctx.question ?? '')).map(([, topic]) => topic);
  // "系统几号开几号关", "从几号开始到几号结束": the opening and the closing, both.
  if (focus.includes('application_opens') && UNTIL.test(ctx.question ?? '')) focus.push('submit_online');
  const byTopic = uniq(guide.deadlines.filter((d) => d.topic !== undefined && (focus as readonly string[]).includes(d.topic)).flatMap((d) => [...d.projects]));
  const asked = about(ctx, named);
  const targets = asked.length ? asked : (byTopic as ProjectId[]);
  // "系统几点关", "纸质版最晚几号送到": the one deadline of the channel named, first and alone.
  // "系统几号开放": the opening day asked, not the channel's closing.
  const opening = (focus as readonly string[]).includes('application_opens');
  // ("电子版和纸质版分别最晚什么时候交": both channels, each its own.)
  const channels = opening
    ? []
    : ([ONLINE.test(ctx.question ?? '') && 'submit_online', PAPER.test(ctx.question ?? '') && 'submit_paper'].filter(Boolean) as string[]);
  const channel = channels.length ? channels : undefined;
  const one = channel && listDeadlines(guide, { nowMs: ctx.nowMs }).filter((d) => d.topic !== undefined && channel.includes(d.topic));
  if (one?.length && (!named.length || one.some((d) => named.some((id) => d.projects.includes(id)))))
    return { intent: 'deadline', answer: renderDeadlines(guide, one, ctx.nowMs, { lang }), clauses: uniq(one.map((d) => d.clause)) };
  if (!targets.length) {
    const list = listDeadlines(guide, { nowMs: ctx.nowMs });
    return { intent: 'deadline', answer: renderDeadlines(guide, list, ctx.nowMs, { showProjects: true, lang }), clauses: uniq(list.map((d) => d.clause)) };
  }
  // (Two as well: the application's dates are the same for both, said once, with their notes once.)
  // ("那两个分别啥时候截止": each asked apart, each its own list.)
  if (targets.length >= 2 && !DOCUMENT.test(ctx.question ?? '') && (targets.length > 2 || !EACH_APART.test(ctx.question ?? ''))) {
    // Several projects: one list, each deadline once, saying which of them it is for.
    const seen = new Map<string, ReturnType<typeof listDeadlines>[number]>();
    for (const project of targets) {
      for (const d of listDeadlines(guide, { nowMs: ctx.nowMs, project, ...(ctx.eventDates && { eventDates: ctx.eventDates }) })) {
        const key = `${d.id}:${d.eventDate ?? ''}`;
        const had = seen.get(key);
        seen.set(key, had ? { ...had, projects: [...new Set([...had.projects, project])] } : { ...d, projects: [project] });
      }
    }
    const listed = [...seen.values()].sort((a, b) => (a.at ?? '9').localeCompare(b.at ?? '9'));
    const focused = listed.filter((d) => d.topic !== undefined && (focus as readonly string[]).includes(d.topic));
    // "开完以后多久交": a deadline counted from the event, whose day is not known yet, in words.
    const counted = focused.length ? [] : fromTheEvent(ctx, targets, focus);
    if (counted.length)
      return {
        intent: 'deadline',
        answer: [...counted.map((c) => c.line), t('ask.deadline.eventHint', { ...yearWords(guide) })].join('\n'),
        clauses: uniq(counted.map((c) => c.clause)),
      };
    const list = focused.length ? focused : listed;
    // (A deadline counted from an event whose day is not known yet: how to get it, once.)
    const undated = targets.some((id) => !ctx.eventDates?.[id] && guide.deadlines.some((d) => 'afterEvent' in d && d.projects.includes(id)));
    const hint = undated && !focused.length ? `\n${t('ask.deadline.eventHint', { ...yearWords(guide) })}` : '';
    return {
      intent: 'deadline',
      // The deadline the question names is shown even when it has passed ("申报是从几号开始的").
      answer: `${t('common.projectHeading', { project: targets.map(guide.projectName).join(t('sep.list')) })}\n${renderDeadlines(guide, list, ctx.nowMs, { showProjects: !focused.length, lang, only: targets })}${hint}`,
      clauses: uniq(list.map((d) => d.clause)),
    };
  }
  const parts: string[] = [];
  const clauses: string[] = [];
  // "评估的委托协议什么时候签": the guide dates no document of its own; it is due with the application (or
  // at the acceptance), so that is the answer, before the dates.
  const doc = DOCUMENT.exec(ctx.question ?? '')?.[0];
  for (const project of doc ? targets : []) {
    const { items } = evidenceFor(guide, project);
    const due = items.application.find((c) => (c.text ?? c.quote).includes(doc!));
    const late = due ? undefined : items.closing.find((c) => (c.text ?? c.quote).includes(doc!));
    const item = due ?? late;
    if (!item) continue;
    parts.push(t(due ? 'ask.deadline.docWithApplication' : 'ask.deadline.docAtClosing', { doc: doc!, item: item.text ?? item.quote, clause: item.clause }));
    clauses.push(item.clause);
  }
  // "会后材料啥时候交", "电子版几点截止": only the deadlines the question names, if it names some.
  for (const project of targets) {
    const eventDate = ctx.eventDates?.[project];
    const all = listDeadlines(guide, { nowMs: ctx.nowMs, project, ...(ctx.eventDates && { eventDates: ctx.eventDates }) });
    const named = all.filter((d) => d.topic !== undefined && (focus as readonly string[]).includes(d.topic));
    const list = named.length ? named : all;
    parts.push(`${t('common.projectHeading', { project: guide.projectName(project) })}\n${renderDeadlines(guide, list, ctx.nowMs, { lang })}`);
    if (!eventDate && guide.deadlines.some((d) => 'afterEvent' in d && d.projects.includes(project)))
      parts.push(t('ask.deadline.eventHint', { ...yearWords(guide) }));
    clauses.push(...list.map((d) => d.clause));
  }
  if (focus.length && parts.length) parts.push(t('ask.deadline.all'));
  return { intent: 'deadline', answer: parts.join('\n'), clauses: uniq(clauses) };
}

/** "分别", "各自", "each": every project its own answer. */
const EACH_APART = /分别|各自|各是|\beach\b|\brespectively\b/i;

/** Beside an opening asked: the closing too ("几号关", "到几号结束", "开放到什么时候"). */
const UNTIL = /关|结束|截止|到(什么时候|几号|哪天|啥时候)|\buntil\b|\bclos/i;

/** Words by which a question picks out one deadline, and that deadline's topic in the guide data. */
const DEADLINE_WORDS: ReadonlyArray<readonly [RegExp, UsedTopic]> = [
  [/会后|总结报告|评述报告|(开|办|搞)完(以后|之后|后)?|活动(结束)?(以后|之后|后)|结束(以后|之后|后)|after (the|our) event|review report/i, 'summary_report'],
  [/电子版|electronic/i, 'submit_online'],
  [/纸质|paper/i, 'submit_paper'],
  [/验收|acceptance/i, 'acceptance'],
  // ("申报从几号到几号", "起止时间": a span asked is its opening too.)
  [
    /开始|开放|开通|(几号|哪天|什么时候|啥时候|几时)开(?![完会展办])|从(几号|几月几号|哪天|哪一天|什么时候|啥时候)|(几号|哪天|什么时候|啥时候)到(几号|哪天|什么时候|啥时候)|起止|起讫|\bopens?\b|opening|\bfrom when\b|\bwhich dates\b/i,
    'application_opens',
  ],
  // "什么时候前办完"; not "开完以后多久交" (that is the report after the event).
  [/(办|做|干|搞|开)完(?!以后|之后|后)|完成(?!以后|之后|后)|结项|finish|complete/i, 'work_complete'],
];

/** The one step a question of handing in asks for, by its topic: the system's address, the paper copies. */
const STEP_ASKED: ReadonlyArray<readonly [RegExp, UsedTopic]> = [
  [SYSTEM_ADDRESS_ASKED, 'system_address'],
  [COPIES_ASKED, 'paper_copies'],
  // ("申报书要盖什么章", "电子版和纸质版不一样行不行": the paper copy's own step says both.)
  [SEAL_OR_SAME_ASKED, 'paper_copies'],
];

/** "两个平台", "3个项目": a number of projects said before a word of them. */
const COUNTED_PROJECTS = /([两二三四五六七八九十]|\d{1,2})\s*个\s*(平台|项目|子项目|专项|乡村)/g;
const NUMERALS = '一二三四五六七八九十';

/** How many projects a question counts: those it names, plus those it counts ("一流学会加两个平台" → 3). */
function projectsCounted(ctx: Ctx, question: string): number {
  const masked = ctx.matcher.mask(question);
  const named = ctx.matcher.find(question, { groups: false }).length;
  const counted = [...masked.matchAll(COUNTED_PROJECTS)].reduce((sum, m) => sum + (Number(m[1]) || NUMERALS.indexOf(m[1] === '两' ? '二' : m[1]!) + 1), 0);
  return named + counted;
}

export function submission(ctx: Ctx, named: ProjectId[], question = ''): Answer {
  const { guide, t } = ctx;
  const targets = about(ctx, named);
  const routes = uniq((targets.length ? targets : guide.projectIds).map((id) => guide.project(id).submission));
  const lines: string[] = [];
  const clauses: string[] = [];
  // "申报系统网址是多少", "申报书要交几份": the step asked for first, whoever it is for (the salon's own
  // route follows when it is in play), then the ways of handing in.
  const asked = STEP_ASKED.find(([re]) => re.test(question))?.[1];
  const lead = asked ? topicSteps(guide, guide.projectIds, asked)[0] : undefined;
  if (lead) {
    lines.push(t('common.cite', { text: lead.text ?? lead.quote, clause: lead.clause }));
    clauses.push(lead.clause);
    // "一流学会加两个平台，纸质申报书一共要几份": one each, so as many as the projects said.
    const copies = asked === 'paper_copies' ? projectsCounted(ctx, question) : 0;
    if (copies > 1) lines.push(t('ask.submission.copies', { n: copies }));
    // The step asked is the answer; the ways of handing in are details, one reply away ("怎么提交").
    // (Unless where to send is asked too: "纸质版要几份、寄到哪里" is answered by withAddress.)
    if (!WHERE_TO.test(question)) {
      lines.push(t('ask.submission.more'));
      return { intent: 'submission', answer: lines.join('\n'), clauses };
    }
  }
  for (const routeId of routes) {
    const route = guide.data.submission[routeId]!;
    const who = targets.length
      ? targets.filter((id) => guide.project(id).submission === routeId)
      : guide.projectIds.filter((id) => guide.project(id).submission === routeId);
    const projects = who.length === guide.projectIds.length - 1 ? t('ask.submission.allBut', { project: guide.projectName('salon') }) : names(ctx, who);
    lines.push(t('ask.submission.route', { route: route.name, projects }));
    route.steps.forEach((s, i) => lines.push(t('common.numbered', { n: i + 1, text: s.text ?? s.quote, clause: s.clause })));
    clauses.push(...route.steps.map((s) => s.clause));
  }
  lines.push(contactLine(ctx));
  return { intent: 'submission', answer: lines.join('\n'), clauses: uniq([...clauses, guide.data.contacts.clause]) };
}

export function withAddress(ctx: Ctx, question: string, named: ProjectId[], answer: Answer): Answer {
  if (!WHERE_TO.test(question)) return answer;
  const { guide, t } = ctx;
  const targets = about(ctx, named);
  const address = topicSteps(guide, targets.length ? targets : guide.projectIds, 'paper_address');
  if (!address.length) return answer;
  const lines = address.map((step) => t('common.cite', { text: step.text ?? step.quote, clause: step.clause }));
  return { ...answer, answer: `${answer.answer}\n${lines.join('\n')}`, clauses: uniq([...answer.clauses, ...address.map((step) => step.clause)]) };
}

/** The deadlines of these topics that count from the event ("会后一个月内"), as the guide words them, with their projects. */
function fromTheEvent(ctx: Ctx, projects: readonly ProjectId[], focus: readonly string[]): Array<{ line: string; clause: string }> {
  const { guide, t, lang } = ctx;
  return guide.deadlines
    .filter((d) => 'afterEvent' in d && d.topic !== undefined && focus.includes(d.topic) && d.projects.some((id) => projects.includes(id)))
    .map((d) => ({
      line: t('ask.deadline.fromEvent', {
        label: (lang === 'en' && d.labelEn) || d.label,
        clause: d.clause,
        projects: names(
          ctx,
          d.projects.filter((id) => projects.includes(id)),
        ),
      }),
      clause: d.clause,
    }));
}
