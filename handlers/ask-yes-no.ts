/**
 * Yes/no questions the guide answers in one clause: where events may be held, what does not
 * count, what is only a year-end condition, how many of one project a society may apply for,
 * whether an event after the completion date still counts. The answer opens with 可以 / 不可以,
 * then the clause, in a few lines. Everything is looked up in the guide data by topic
 * (rules/topics.ts), never by the guide's own words, so a reworded guide answers the same.
 */
import {
  afterEventDue,
  cstDate,
  eventProjects,
  factLabels,
  factsOf,
  findConflicts,
  listDeadlines,
  parseInstant,
  topicItems,
  type CountUnit,
  type Fact,
  type Guide,
  type ProjectId,
} from '../rules/index.js';
import { formatDate, formatMonthPart, type Lang, type Translate } from './i18n.js';
import { type EventDay, parseNumber, type ProjectMatcher, readEventDay } from './parse.js';
import { countNear } from './understand.js';
import { PAPER_MISSING } from './understanding/cues.js';
import { normaliseText } from './understanding/normalise.js';
import { placeNamed, placeRuleLine } from './venue.js';
import {
  HELD,
  CO_HOST,
  NOT_FIRST_HOST,
  WE_FIRST_HOST,
  PLACE_QUESTION,
  ON_THE_DAY,
  COUNTS,
  HOW_MANY_NEEDED,
  APPLICATIONS_COUNTED,
  WHERE_HELD,
  EXCLUDED_ACTIVITY,
  COUNTS_PROJECTS,
  ASKED_COUNT,
  MAY_APPLY,
  WHICH_CLASS,
} from './understanding/question-words.js';

export interface YesNo {
  answer: string;
  clauses: string[];
  intent: 'eligibility' | 'combination' | 'deadline';
}

interface Ctx {
  guide: Guide;
  matcher: ProjectMatcher;
  t: Translate;
  nowMs: number;
  /** The answer's language, for the guide's labels; default zh-CN. */
  lang?: Lang;
  /** The profile is the question's own assumption ("奖项木有报备能报吗"). */
  assumed?: boolean;
}

const YEAR_END = /考核|一类|二类/;
const AFTER_APPLYING =
  /(认定|评上|批下来|立项|报上|拿到|获批|拿下|批了)(了)?(以后|之后|后)(还)?.{0,4}(有|要|需要)?(啥|什么|哪些)(要求|条件)|年底(还)?(有|要)(啥|什么)(要求|考核)|(以后|之后|年底|年末).{0,6}(要|须|得|需要)?(达到|做到|完成)(啥|什么|哪些|什么样)/;
/** "他们牵头 我们还能单独报吗": the society takes part in a project another society leads. */
/** A question about a rule of who applies or hosts, not about the society's profile: never a what-if. */
export function asksHostOrLead(text: string): boolean {
  return NOT_LEAD.test(text) || CO_HOST.test(text) || NOT_FIRST_HOST.test(text) || WE_FIRST_HOST.test(text);
}

export const NOT_LEAD =
  /[\u4e00-\u9fa5]{1,10}牵头[，,\s]*我们(只是|只|就|仅|是)?(参与|配合|协助)|谁(来)?(报|申报|牵头)|由谁(报|申报)|哪家(来)?(报|申报)|(他们|对方|别的学会|其他学会|别人|[\u4e00-\u9fa5]{1,8}学会)牵头.{0,12}(我们|还能|能不能|可以|单独)|我们(只是|是)?参与(单位|方)?.{0,8}(还能|能不能|可以|能)|(参与|参加|合作|联合)(的)?(单位|学会|方).{0,8}(还能|自己|单独|再)|(对方|他们|人家)(学会|单位)?.{0,8}(单独|自己|再)(也|还|再|去)?(报|申报)|不是我们牵头|我们不(牵头|当牵头)|(只|只是|就)(当|做|作为|是)参与(单位|方)|作为参与(单位|方)|(由|是)[\u4e00-\u9fa5]{1,10}(学会|院|所|大学|高校|政府|公司|企业|中心|单位)牵头[^，,。]{0,6}[，,]\s*我们(是|只是|作为|当)?参与(单位|方)?|我们是参与(单位|方)|not (the )?lead|only (a )?(participant|partner)/i;

/** `plan`: the society's intended projects, the scope when the question names none. */
export function yesNoAnswer(question: string, projects: readonly ProjectId[], ctx: Ctx, plan: readonly ProjectId[] = []): YesNo | undefined {
  const { guide, t } = ctx;
  const scope = projects.length ? projects : plan.length ? plan : guide.projectIds;
  const where = HELD.test(question) ? placeNamed(question) : undefined;
  if (where) {
    // The plan's exchange counts too when the topic is another project ("会在上海开行不行" after talk of materials).
    const rule = topicItems(guide, scope, 'out_of_province')[0] ?? topicItems(guide, plan, 'out_of_province')[0];
    // ("会在苏州开行不行": a city of Jiangsu is inside; only a question about the place is answered so.)
    if (rule && (where.outside || PLACE_QUESTION.test(question)))
      return { answer: placeRuleLine(t, where, rule), clauses: [rule.clause], intent: 'eligibility' };
  }
  // "委托协议还没签，能报科技评估吗": a paper the application must carry, said to be missing.
  const missing = paperMissing(question, scope, ctx);
  if (missing) return missing;
  if (EXCLUDED_ACTIVITY.test(question)) {
    const rule = topicItems(guide, scope, 'excluded_activity')[0];
    if (rule) return { answer: t('answer.excluded', { quote: rule.quote, clause: rule.clause }), clauses: [rule.clause], intent: 'eligibility' };
    // Not a rule of the projects asked about: say which projects it is a rule of.
    const all = topicItems(guide, guide.projectIds, 'excluded_activity');
    const only = [...new Set(all.map((c) => c.project))];
    const quoted = all[0];
    if (quoted)
      return {
        answer: t('answer.excludedOnlyFor', { projects: only.map(guide.projectName).join(t('sep.list')), quote: quoted.quote, clause: quoted.clause }),
        clauses: [quoted.clause],
        intent: 'eligibility',
      };
  }
  // "一流学会认定以后有啥要求": what comes after applying is the year-end condition.
  // ("年底要考核到几类", "what class must it reach": the level itself is asked.)
  // ("年底考核一流学会要一类，平台要二类以上，对吧": each project's own, when they differ.)
  const yearEnd = (key: 'answer.afterApplying' | 'answer.yearEnd'): YesNo | undefined => {
    const byQuote = new Map<string, { rule: ReturnType<typeof topicItems>[number]; ids: ProjectId[] }>();
    for (const id of scope) {
      const rule = topicItems(guide, [id], 'year_end_assessment').find((c) => c.reading !== undefined);
      if (rule) byQuote.set(rule.quote, { rule, ids: [...(byQuote.get(rule.quote)?.ids ?? []), id] });
    }
    const found = [...byQuote.values()];
    if (!found.length) return undefined;
    const line = ({ rule }: (typeof found)[number]) => t(key, { quote: rule.quote, clause: rule.clause, reading: rule.reading! });
    const answer = found.length === 1 ? line(found[0]!) : found.map((f) => `${f.ids.map(guide.projectName).join(t('sep.list'))}：${line(f)}`).join('\n');
    return { answer, clauses: found.map((f) => f.rule.clause), intent: 'eligibility' };
  };
  if (AFTER_APPLYING.test(question) || WHICH_CLASS.test(question)) {
    const answer = yearEnd('answer.afterApplying');
    if (answer) return answer;
  }
  if (YEAR_END.test(question) && /要|需要|必须|才能|达到|得/.test(question)) {
    const answer = yearEnd('answer.yearEnd');
    if (answer) return answer;
  }
  if (NOT_LEAD.test(question)) {
    const rule = topicItems(guide, scope, 'participant_not_lead')[0];
    // "谁来报" asks who, not whether: the rule is the answer, without a no before it.
    const key = /谁|哪家/.test(question) ? 'answer.whoApplies' : 'answer.notLead';
    if (rule) return { answer: t(key, { quote: rule.text ?? rule.quote, clause: rule.clause }), clauses: [rule.clause], intent: 'eligibility' };
  }
  // "能和全国学会一起办吗": co-hosting is allowed behind a first host, never where the society hosts alone.
  // (Not when another body is said to be first host: "跟全国学会联合主办，全国学会是第一主办方".)
  if (CO_HOST.test(question) && !NOT_FIRST_HOST.test(question.replace(CO_HOST, ' '))) {
    const sole = topicItems(guide, scope, 'sole_host')[0];
    const first = topicItems(guide, scope, 'first_host')[0];
    const rule = sole ?? first;
    if (rule)
      return {
        answer: t(sole ? 'answer.notFirstHost' : WE_FIRST_HOST.test(question) ? 'answer.firstHostMet' : 'answer.coHostFirst', {
          quote: rule.text ?? rule.quote,
          clause: rule.clause,
        }),
        clauses: [rule.clause],
        intent: 'eligibility',
      };
  }
  if (NOT_FIRST_HOST.test(question) || WE_FIRST_HOST.test(question)) {
    const rule = topicItems(guide, scope, 'first_host')[0] ?? topicItems(guide, scope, 'sole_host')[0];
    // "我们第一主办，全国学会协办": the rule is met; another's 协办 beside it changes nothing.
    const key = WE_FIRST_HOST.test(question) ? 'answer.firstHostMet' : 'answer.notFirstHost';
    if (rule) return { answer: t(key, { quote: rule.text ?? rule.quote, clause: rule.clause }), clauses: [rule.clause], intent: 'eligibility' };
  }
  // "沙龙要办几场", "健康专项要几个专家", "乡村产业要在哪里办": the guide's own number or place, or that it sets none.
  const masked = ctx.matcher.mask(question);
  if (projects.length && HOW_MANY_NEEDED.test(masked) && !COUNTS_PROJECTS.test(masked) && !APPLICATIONS_COUNTED.test(masked))
    return ruleOrNone(guide, projects, 'min_count', 'answer.minimumIs', 'answer.noMinimum', t);
  if (projects.length && WHERE_HELD.test(masked) && !where) return ruleOrNone(guide, projects, 'out_of_province', 'answer.placeRule', 'answer.noPlaceRule', t);
  // "沙龙办10场够不够": a number against the project's own minimum (topic min_count).
  if (projects.length === 1) {
    const enough = againstMinimum(question, guide, projects[0]!, t);
    if (enough) return enough;
    // On the question with the project names blanked: "科技评估" is not 评估等级.
    // (Not "奖项木有报备能报科技奖励吗": with the fact assumed, whether they may apply is the verdict's to say.)
    const needed = ctx.assumed && MAY_APPLY.test(question) ? undefined : factNeeded(ctx.matcher.mask(question), guide, projects[0]!, t);
    if (needed) return needed;
  }
  // "青少年科普能不能再报一个": one more of a project is two of it.
  const count = ONE_MORE.test(question) ? 2 : countNear(ctx.matcher.mask(question));
  if (count && count >= 2 && projects.length === 1 && /能|可以|可|行|吗/.test(question)) {
    const conflict = findConflicts(guide, [{ project: projects[0]!, count }])[0];
    return conflict
      ? { answer: t('answer.countLimit', { text: conflict.text, clause: conflict.clause }), clauses: [conflict.clause], intent: 'combination' }
      : { answer: t('answer.countOk'), clauses: [], intent: 'combination' };
  }
  const onTheDay = deliveredOnTheDay(question, ctx);
  if (onTheDay) return onTheDay;
  const held = eventDayAnswer(question, projects, plan, ctx);
  if (held) return held;
  return undefined;
}

/** "今天", "明天", "后天": a day counted from now. */
const RELATIVE_DAY = /今天|明天|后天/;
const RELATIVE_OFFSET: Record<string, number> = { 今天: 0, 明天: 1, 后天: 2 };

/** Each project in scope whose application must carry the paper said to be missing: ❌ with its clause. */
function paperMissing(question: string, scope: readonly ProjectId[], ctx: Ctx): YesNo | undefined {
  if (!/能|可以|行|吗|么|不/.test(question)) return undefined;
  return paperMissingTold(question, scope, ctx);
}

/**
 * The same for a statement: "委托协议还没签，先报上科技评估" (a plan told beside a missing paper) gets the
 * requirement with the plan, not after.
 */
export function paperMissingTold(text: string, scope: readonly ProjectId[], ctx: Ctx): YesNo | undefined {
  const m = PAPER_MISSING.exec(text);
  if (!m) return undefined;
  const noun = (m[1] ?? m[2])!;
  // "委托协议" is the guide's "委托文件（协议）" too: the paper named, or its kind without 委托/合作.
  // (A 合同 is the guide's 协议.)
  const keys = [noun, noun.replace(/^(委托|合作)/, ''), ...(noun === '合同' ? ['协议'] : [])].filter((k) => k.length >= 2);
  const hits = scope.flatMap((id) =>
    ctx.guide
      .project(id)
      .evidence.application.filter((e) => keys.some((key) => (e.text ?? e.quote).includes(key) || e.quote.includes(key)))
      .map((e) => ({ id, e })),
  );
  if (!hits.length || hits.length > 3) return undefined;
  const lines = hits.map(({ id, e }) => ctx.t('answer.paperMissing', { project: ctx.guide.projectName(id), item: e.text ?? e.quote, clause: e.clause }));
  return { answer: lines.join('\n'), clauses: hits.map(({ e }) => e.clause), intent: 'eligibility' };
}

/**
 * "项目由市农科院牵头，我们是参与单位": told, not asked, of a project whose application is the lead society's;
 * the rule (参与单位不可兼报) is the answer. Undefined when no project in scope has that rule.
 */
export function participantTold(text: string, scope: readonly ProjectId[], ctx: Ctx): string | undefined {
  if (!NOT_LEAD.test(text)) return undefined;
  const rule = topicItems(ctx.guide, scope, 'participant_not_lead')[0];
  if (rule) return ctx.t('answer.notLead', { quote: rule.text ?? rule.quote, clause: rule.clause });
  // "合作的医院牵头，我们只是参与" of the health project: the rule is another project's; say whose, and that
  // these have none (never "没听懂").
  const owners = ctx.guide.projectIds.filter((id) => topicItems(ctx.guide, [id], 'participant_not_lead').length);
  const any = topicItems(ctx.guide, owners, 'participant_not_lead')[0];
  return any && scope.length
    ? ctx.t('answer.notLeadElsewhere', {
        projects: scope.map(ctx.guide.projectName).join(ctx.t('sep.list')),
        owners: owners.map(ctx.guide.projectName).join(ctx.t('sep.list')),
        quote: any.text ?? any.quote,
        clause: any.clause,
      })
    : undefined;
}

/** What a question about handing in on a day names: the paper copy (送/寄/纸质) or the online one (系统/电子/网上). */
const SUBMIT_TOPICS: ReadonlyArray<readonly [RegExp, 'submit_paper' | 'submit_online']> = [
  [/纸质|送到|送达|寄到|寄|送过去|快递|盖章|paper|deliver/i, 'submit_paper'],
  [/电子|系统|网上|在线|online|system/i, 'submit_online'],
];

/**
 * "18号当天送到算不算": a deadline given as a day is the whole day (READING 8: "5月18日前" is by the
 * end of 18 May), so the day itself counts. Only a deadline whose day is the one named, of the kind
 * of submission the question names (or the only one on that day).
 */
function deliveredOnTheDay(question: string, ctx: Ctx): YesNo | undefined {
  const { guide, t } = ctx;
  const q = normaliseText(question).text;
  // "纸质版明天送过去还行吗": 今天/明天/后天 is a day counted from now.
  const relative = RELATIVE_DAY.exec(q);
  if (!(ON_THE_DAY.test(q) || relative) || !COUNTS.test(q)) return undefined;
  const on = relative ? cstDate(ctx.nowMs + RELATIVE_OFFSET[relative[0]]! * 86_400_000) : undefined;
  const m = on ? ([on, on.slice(5, 7), on.slice(8, 10)] as const) : /(?:(\d{1,2})\s*月\s*)?(\d{1,2})\s*[号日]/.exec(q);
  if (!m) return undefined;
  const topic = SUBMIT_TOPICS.find(([re]) => re.test(q))?.[1];
  // A day before the deadline's own day is in time too ("明天送" on the 16th, for the 18th).
  if (on) {
    const due = guide.deadlines.find(
      (d): d is typeof d & { at: string } => 'at' in d && !!d.at && d.kind === 'submit' && (!topic || d.topic === topic) && d.at.slice(0, 10) > on,
    );
    if (due && !guide.deadlines.some((d) => 'at' in d && d.at?.slice(0, 10) === on && d.kind === 'submit' && (!topic || d.topic === topic)))
      return {
        answer: t('answer.submitInTime', {
          label: (ctx.lang === 'en' && due.labelEn) || due.label,
          date: formatDate(t, due.at),
          clause: due.clause,
          day: formatDate(t, on),
        }),
        clauses: [due.clause],
        intent: 'deadline',
      };
  }
  const onDay = guide.deadlines.filter((d): d is typeof d & { at: string } => {
    if (!('at' in d) || !d.at || !/^\d{4}-\d{2}-\d{2}$/.test(d.at) || d.kind === 'opens') return false;
    const [, mo, day] = d.at.split('-').map(Number);
    return day === Number(m[2]) && (!m[1] || mo === Number(m[1])) && (!topic || d.topic === topic);
  });
  if (onDay.length !== 1) return undefined;
  const d = onDay[0]!;
  const mark = d.reading !== undefined && guide.readingText(d.reading) ? t('check.readingMark', { n: d.reading }) : '';
  return {
    answer: t('answer.sameDayCounts', { label: (ctx.lang === 'en' && d.labelEn) || d.label, date: formatDate(t, d.at), clause: d.clause, mark }),
    clauses: [d.clause],
    intent: 'deadline',
  };
}

/**
 * "学术活动12月10号办行不", "12月份开的会算不算": the day read as the what-if path reads it
 * (parse.ts readEventDay). For a project counted from its event, the same due day or (READING 13)
 * the same refusal as a what-if; for another project, its own completion deadline.
 */
function eventDayAnswer(question: string, projects: readonly ProjectId[], plan: readonly ProjectId[], ctx: Ctx, told = false): YesNo | undefined {
  const { guide, t } = ctx;
  const day = readEventDay(question, guide.year, { vague: true });
  if (!day || !(told || /算|能|可以|行|吗|呢|来得及|赶得上/.test(question))) return undefined;
  const withEvents = eventProjects(guide);
  const pick = (ids: readonly ProjectId[]) => ids.filter((id) => withEvents.includes(id));
  const ids = projects.length ? pick(projects) : pick(plan).length ? pick(plan) : withEvents;
  const reading = (n: number | undefined) => (n !== undefined && guide.readingText(n) ? t('check.readingMark', { n }) : '');
  // (A part of a month, "10月中", is due a month after its last day.)
  const due = ids.length ? afterEventDue(guide, day.part ? lastDayOf(day) : day.date, ids[0]) : undefined;
  if (due?.late) {
    const by = due.late.by;
    return {
      answer: t('answer.afterCompletion', {
        label: (ctx.lang === 'en' && by.labelEn) || by.label,
        date: formatDate(t, by.at),
        clause: by.clause,
        reading: reading(due.reading),
      }),
      clauses: [by.clause],
      intent: 'deadline',
    };
  }
  if (due?.at && (told || /算|能|可以|行|来得及|赶得上/.test(question))) {
    const by = guide.deadlines.find((d) => 'afterEvent' in d && d.projects.includes(ids[0]!));
    const complete = by && 'afterEvent' in by ? guide.deadlines.find((d) => d.id === by.afterEvent.eventBy) : undefined;
    // On the real clock after the due day: that it has passed is the answer, never a yes.
    if (parseInstant(due.at) < ctx.nowMs)
      return {
        answer: t('answer.eventDuePassed', { date: saidDay(t, day), due: formatDate(t, due.at), dueClause: due.clause, mark: reading(due.reading) }),
        clauses: [due.clause],
        intent: 'deadline',
      };
    if (complete && 'at' in complete && complete.at)
      return {
        answer: t('answer.eventInTime', {
          label: (ctx.lang === 'en' && complete.labelEn) || complete.label,
          at: formatDate(t, complete.at),
          clause: complete.clause,
          date: saidDay(t, day),
          due: formatDate(t, due.at),
          dueClause: due.clause,
          mark: reading(due.reading),
        }),
        clauses: [complete.clause, due.clause],
        intent: 'deadline',
      };
  }
  // A project with no event deadline: its own completion deadline ("科普活动12月办还算吗").
  if (projects.length !== 1 || ids.length) return undefined;
  const complete = listDeadlines(guide, { nowMs: ctx.nowMs, project: projects[0]! }).filter((d) => d.at && d.kind === 'complete');
  const last = complete.sort((a, b) => parseInstant(b.at!) - parseInstant(a.at!))[0];
  if (!last || parseInstant(`${day.date}T00:00:00+08:00`) <= parseInstant(last.at!)) return undefined;
  return {
    answer: t('answer.afterCompletion', {
      label: (ctx.lang === 'en' && last.labelEn) || last.label,
      date: formatDate(t, last.at!),
      clause: last.clause,
      reading: reading(13),
    }),
    clauses: [last.clause],
    intent: 'deadline',
  };
}

/**
 * "11月25号全部结束", "项目明年一月底完事", "published on 25 November": a day told for finishing a project, against its
 * completion deadline (for a project counted from its event, the event's: the report is due a month after it).
 * A part of a month ("10月底") is in time only if all of it is; undefined when the words give no day or the
 * project has no completion deadline.
 */
export function completionDayTold(text: string, day: EventDay, id: ProjectId, ctx: Ctx): YesNo | undefined {
  const { guide, t } = ctx;
  if (eventProjects(guide).includes(id)) return eventDayAnswer(text, [id], [], ctx, true);
  const complete = listDeadlines(guide, { nowMs: ctx.nowMs, project: id }).filter((d) => d.at && d.kind === 'complete');
  const last = complete.sort((a, b) => parseInstant(b.at!) - parseInstant(a.at!))[0];
  if (!last) return undefined;
  const label = (ctx.lang === 'en' && last.labelEn) || last.label;
  const by = parseInstant(last.at!);
  const from = parseInstant(`${day.date}T00:00:00+08:00`);
  const reading = last.reading !== undefined && guide.readingText(last.reading) ? t('check.readingMark', { n: last.reading }) : '';
  if (from > by)
    return {
      answer: t('answer.afterCompletion', { label, date: formatDate(t, last.at!), clause: last.clause, reading }),
      clauses: [last.clause],
      intent: 'deadline',
    };
  if (parseInstant(`${lastDayOf(day)}T00:00:00+08:00`) > by) return undefined;
  return {
    answer: t('answer.completeInTime', { label, at: formatDate(t, last.at!), clause: last.clause, date: saidDay(t, day) }),
    clauses: [last.clause],
    intent: 'deadline',
  };
}

/** A day as it was said: "2022年11月25日", or a part of a month ("2022年10月中旬"), never a made-up day. */
function saidDay(t: Translate, day: { date: string; part?: 'early' | 'mid' | 'late' | 'month' }): string {
  return day.part ? formatMonthPart(t, day.date, day.part) : formatDate(t, day.date);
}

/** The last day a told day may be: the day itself, or the end of the part of the month said. */
function lastDayOf(day: { date: string; part?: 'early' | 'mid' | 'late' | 'month' }): string {
  if (!day.part || day.part === 'early' || day.part === 'mid') {
    const [y, m, d] = day.date.split('-').map(Number);
    const end = day.part === 'early' ? 10 : day.part === 'mid' ? 20 : d!;
    return `${y}-${String(m).padStart(2, '0')}-${String(end).padStart(2, '0')}`;
  }
  const [y, m] = day.date.split('-').map(Number);
  const end = new Date(Date.UTC(y!, m!, 0)).getUTCDate();
  return `${y}-${String(m).padStart(2, '0')}-${String(end).padStart(2, '0')}`;
}

type RuleKey = 'answer.minimumIs' | 'answer.noMinimum' | 'answer.placeRule' | 'answer.noPlaceRule';

/** What a question asks of a project's own rules, finer than its intent: how many, or where. */
export function requirementAsked(question: string): 'minimum' | 'place' | undefined {
  if (HOW_MANY_NEEDED.test(question) && !COUNTS_PROJECTS.test(question) && !APPLICATIONS_COUNTED.test(question)) return 'minimum';
  return WHERE_HELD.test(question) ? 'place' : undefined;
}

/** Each project's rule of a topic (its number, its place), or that the guide sets none for it. */
function ruleOrNone(guide: Guide, projects: readonly ProjectId[], topic: 'min_count' | 'out_of_province', has: RuleKey, none: RuleKey, t: Ctx['t']): YesNo {
  const lines: string[] = [];
  const clauses: string[] = [];
  for (const id of projects) {
    const rule = topicItems(guide, [id], topic)[0];
    const project = guide.projectName(id);
    if (rule) clauses.push(rule.clause);
    lines.push(rule ? t(has, { project, quote: rule.text ?? rule.quote, clause: rule.clause }) : t(none, { project }));
  }
  return { answer: lines.join('\n'), clauses, intent: 'eligibility' };
}

/** "再报一个", "多报一项": one more of the project asked about. */
const ONE_MORE = /(再|多|另外)(报|申报|申请)\s*(一|1)\s*(个|项)/;

const UNIT_OF: ReadonlyArray<readonly [RegExp, CountUnit]> = [
  [/^(场|次|events?|sessions?|salons?|meetings?)$/i, 'events'],
  [/^(人|名|位|个|people|persons?|experts?|members?)$/i, 'people'],
];

/** "沙龙办10场够不够" against the project's minimum: its number is data (`count`, or a count_at_least condition). */
/** A count of events held or people who take part: "办2次", "开3场", "请8位专家". */
const HELD_COUNT = /(办|开|举办|举行|搞|组织|开展|请|有)\s*(\d+|[一二两三四五六七八九十]+)\s*(场|次|期|位|名|人)/;

function againstMinimum(question: string, guide: Guide, id: ProjectId, t: Ctx['t']): YesNo | undefined {
  if (!/够|行|可以|满足|达到|符合|吗|enough|suffic|ok\b|okay|meet/i.test(question)) return undefined;
  const met = countAgainstMinimum(question, guide, id, t);
  if (met) return met;
  // "品牌学术交流一年办2次可以吗": a project with no minimum of its own; no count falls short of none.
  // (Not "能报两个吗", "能报两场吗": those count applications, a question of the combination rules.)
  const asked = new RegExp(ASKED_COUNT.source, 'i').exec(question);
  const unit = asked && UNIT_OF.find(([re]) => re.test(asked[2]!))?.[1];
  if (unit && !/^(个|项)$/.test(asked[2]!) && HELD_COUNT.test(question) && !APPLICATIONS_COUNTED.test(question) && !topicItems(guide, [id], 'min_count').length)
    return { answer: t('answer.noMinimumOk', { project: guide.projectName(id) }), clauses: [], intent: 'eligibility' };
  return undefined;
}

/**
 * "计划办10来场", "15~16场": a count said of a project, against its minimum. A range or an estimate
 * is taken at its lower end: the answer never assumes more than was said.
 */
export function countAgainstMinimum(question: string, guide: Guide, id: ProjectId, t: Ctx['t']): YesNo | undefined {
  // "再请一个专家凑满6个人呢": the count reached is the last one said, not the one added.
  const counts = [...question.matchAll(new RegExp(ASKED_COUNT.source, 'gi'))];
  const asked = counts[counts.length - 1];
  if (!asked) return undefined;
  // "那两个能一起报吗": 个 counts projects there, not people.
  if (/^个$/.test(asked[2]!) && COUNTS_PROJECTS.test(question)) return undefined;
  // "有一场能不能放杭州开", "其中两场在线上": some of the events, not how many there are.
  if (/(其中|当中|里面)\s*有?\s*$|(^|[，,。\s])有\s*$/.test(question.slice(0, asked.index))) return undefined;
  const n = parseNumber(asked[1]!);
  const unit = UNIT_OF.find(([re]) => re.test(asked[2]!))?.[1];
  if (n === undefined || !unit) return undefined;
  for (const item of topicItems(guide, [id], 'min_count')) {
    if (!item.count || item.count.unit !== unit) continue;
    const key = n >= item.count.min ? 'answer.minimumMet' : 'answer.minimumShort';
    return { answer: t(key, { quote: item.text ?? item.quote, clause: item.clause }), clauses: [item.clause], intent: 'eligibility' };
  }
  return undefined;
}

/** "期刊建设要不要评估等级": whether the project asks for that fact at all. */
const FACT_WORDS: Array<[Fact, RegExp]> = [
  ['assessmentLevel', /评估等级|民政评估|几A|[1-5]A/i],
  ['evaluationGrade', /评价等级|综合能力评价|评价|几等|[ABCD]等/],
  ['fullTimeStaff', /专职/],
  ['cnJournal', /CN|刊号/i],
  ['awardFiled', /报备|备案/],
  ['medicalExperts', /医学专家|专家/],
];

function factNeeded(question: string, guide: Guide, id: ProjectId, t: Ctx['t']): YesNo | undefined {
  if (
    !/要不要|需不需要|需要|有没有要求|有要求吗|要求吗|看不看|卡不卡|影响|有关系|要紧|要(什么|啥)|什么等级|几等|几A|报备|备案/.test(question) ||
    /材料|交什么|提交|准备|佐证/.test(question)
  )
    return undefined;
  // "一流科普学会要什么等级": 等级 alone is both the evaluation grade and the assessment level.
  const facts: Fact[] =
    /等级/.test(question) && !/评价|评估/.test(question)
      ? ['evaluationGrade', 'assessmentLevel']
      : FACT_WORDS.filter(([, words]) => words.test(question))
          .map(([f]) => f)
          .slice(0, 1);
  const fact = facts[0];
  if (!fact) return undefined;
  const project = guide.projectName(id);
  const about = guide.conditionsOf(id).filter(({ condition }) => factsOf(condition).some((f) => facts.includes(f)));
  // The project's own conditions first: the general one (二（二）2) only when it has none of its own.
  const own = about.some((c) => !c.general) ? about.filter((c) => !c.general) : about;
  if (own.length) {
    const lines = own.map(({ condition: c }) => t('answer.factNeeded', { project, requirement: c.requirement, clause: c.clause }));
    return { answer: [...new Set(lines)].join('\n'), clauses: [...new Set(own.map(({ condition: c }) => c.clause))], intent: 'eligibility' };
  }
  return { answer: t('answer.factNotNeeded', { project, label: factLabels(guide.year)[fact] }), clauses: [], intent: 'eligibility' };
}
