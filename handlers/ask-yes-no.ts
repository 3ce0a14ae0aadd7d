/**
 * Yes/no questions the guide answers in one clause: where events may be held, what does not
 * count, what is only a year-end condition, how many of one project a society may apply for,
 * whether an event after the completion date still counts. The answer opens with 可以 / 不可以,
 * then the clause, in a few lines. Everything is looked up in the guide data by topic
 * (rules/topics.ts), never by the guide's own words, so a reworded guide answers the same.
 */
import {
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
import { formatDate, type Lang, type Translate } from './i18n.js';
import { parseEventDate, parseNumber, type ProjectMatcher } from './parse.js';
import { countNear } from './understand.js';

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
}

const OUT_OF_PROVINCE = /省外|外省|外地|江苏以外|江苏省外|上海|北京|浙江|安徽|山东|广东|国外|境外|海外|outside jiangsu|another province|abroad/i;
const HELD = /办|举办|开|举行|搞|召开|hold|held/i;
const POPULAR_SCIENCE_WEEK = /科普宣传周|科普日|科普周|science week|science day/i;
const YEAR_END = /考核|一类|二类/;
const AFTER_APPLYING = /(认定|评上|批下来|立项|报上)(了)?(以后|之后|后)(还)?.{0,4}(有|要|需要)?(啥|什么|哪些)(要求|条件)|年底(还)?(有|要)(啥|什么)(要求|考核)/;
/** "他们牵头 我们还能单独报吗": the society takes part in a project another society leads. */
export const NOT_LEAD =
  /(他们|对方|别的学会|其他学会|别人|[\u4e00-\u9fa5]{1,8}学会)牵头.{0,12}(我们|还能|能不能|可以|单独)|我们(只是|是)?参与(单位|方)?.{0,8}(还能|能不能|可以|能)|不是我们牵头/;

/** "全国学会当第一主办方 我们协办": the society is not the first (or only) host. */
const NOT_FIRST_HOST =
  /协办|承办|联合主办|合办|共同主办|一起主办|第二主办|第[二三]主办方|不是(我们|学会)?(第一)?主办|(全国学会|国家级学会|高校|大学|学院|医院|企业|公司|研究院|研究所|其他单位|别的单位|别人|他们|对方).{0,6}(当|做|作为|是)?(第一)?主办/;

/** `plan`: the society's intended projects, the scope when the question names none. */
export function yesNoAnswer(question: string, projects: readonly ProjectId[], ctx: Ctx, plan: readonly ProjectId[] = []): YesNo | undefined {
  const { guide, t } = ctx;
  const scope = projects.length ? projects : plan.length ? plan : guide.projectIds;
  if (OUT_OF_PROVINCE.test(question) && HELD.test(question)) {
    const rule = topicItems(guide, scope, 'out_of_province')[0];
    if (rule) return { answer: t('answer.outOfProvince', { quote: rule.quote, clause: rule.clause }), clauses: [rule.clause], intent: 'eligibility' };
  }
  if (POPULAR_SCIENCE_WEEK.test(question)) {
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
  const yearEnd = topicItems(guide, scope, 'year_end_assessment').find((c) => c.reading !== undefined);
  if (AFTER_APPLYING.test(question)) {
    const rule = yearEnd;
    if (rule)
      return {
        answer: t('answer.afterApplying', { quote: rule.quote, clause: rule.clause, reading: rule.reading! }),
        clauses: [rule.clause],
        intent: 'eligibility',
      };
  }
  if (YEAR_END.test(question) && /要|需要|必须|才能|达到|得/.test(question)) {
    const rule = yearEnd;
    if (rule)
      return { answer: t('answer.yearEnd', { quote: rule.quote, clause: rule.clause, reading: rule.reading! }), clauses: [rule.clause], intent: 'eligibility' };
  }
  if (NOT_LEAD.test(question)) {
    const rule = topicItems(guide, scope, 'participant_not_lead')[0];
    if (rule) return { answer: t('answer.notLead', { quote: rule.text ?? rule.quote, clause: rule.clause }), clauses: [rule.clause], intent: 'eligibility' };
  }
  if (NOT_FIRST_HOST.test(question)) {
    const rule = topicItems(guide, scope, 'first_host')[0];
    if (rule)
      return { answer: t('answer.notFirstHost', { quote: rule.text ?? rule.quote, clause: rule.clause }), clauses: [rule.clause], intent: 'eligibility' };
  }
  // "沙龙办10场够不够": a number against the project's own minimum (topic min_count).
  if (projects.length === 1) {
    const enough = againstMinimum(question, guide, projects[0]!, t);
    if (enough) return enough;
    // On the question with the project names blanked: "科技评估" is not 评估等级.
    const needed = factNeeded(ctx.matcher.mask(question), guide, projects[0]!, t);
    if (needed) return needed;
  }
  const count = countNear(ctx.matcher.mask(question));
  if (count && count >= 2 && projects.length === 1 && /能|可以|可|行|吗/.test(question)) {
    const conflict = findConflicts(guide, [{ project: projects[0]!, count }])[0];
    return conflict
      ? { answer: t('answer.countLimit', { text: conflict.text, clause: conflict.clause }), clauses: [conflict.clause], intent: 'combination' }
      : { answer: t('answer.countOk'), clauses: [], intent: 'combination' };
  }
  const eventDate = parseEventDate(question, guide.year) ?? monthOnly(question, guide.year);
  if (eventDate && projects.length === 1 && /算|能|可以|行|吗|呢|来得及|赶得上/.test(question)) {
    const complete = listDeadlines(guide, { nowMs: ctx.nowMs, project: projects[0]! }).filter((d) => d.at && d.kind === 'complete');
    const last = complete.sort((a, b) => parseInstant(b.at!) - parseInstant(a.at!))[0];
    if (last && parseInstant(`${eventDate}T00:00:00+08:00`) > parseInstant(last.at!)) {
      const reading = guide.readingText(13) ? t('check.readingMark', { n: 13 }) : '';
      return {
        answer: t('answer.afterCompletion', {
          label: (ctx.lang === 'en' && last.labelEn) || last.label,
          date: formatDate(t, last.at!),
          clause: last.clause,
          reading,
        }),
        clauses: [last.clause],
        intent: 'deadline',
      };
    }
  }
  return undefined;
}

/** "12月开的会": the first day of that month in the guide's year. */
function monthOnly(question: string, year: number): string | undefined {
  const m = /(\d{1,2}|十二|十一|十)\s*月(份)?(底|初|中|中旬|下旬)?.{0,4}(开|办|举办|召开|的会|活动|发布|完成|做完|搞完|弄完|结束|验收)/.exec(question);
  if (!m) return undefined;
  const month = { 十: 10, 十一: 11, 十二: 12 }[m[1] as '十'] ?? Number(m[1]);
  return month >= 1 && month <= 12 ? `${year}-${String(month).padStart(2, '0')}-01` : undefined;
}

/** The measure words of a number asked about, by what they count; English too ("10 events enough?"). */
const UNIT_OF: ReadonlyArray<readonly [RegExp, CountUnit]> = [
  [/^(场|次|events?|sessions?|salons?|meetings?)$/i, 'events'],
  [/^(人|名|位|个|people|persons?|experts?|members?)$/i, 'people'],
];
const ASKED_COUNT =
  /(\d+|[一二两三四五六七八九十]+)(?:\s*[~\-到至]\s*\d+)?\s*(?:来|多|余)?\s*(?:[a-z-]+\s+)?(场|人|名|位|个|次|events?|sessions?|salons?|meetings?|people|persons?|experts?|members?)(?![a-z])/i;

/** "沙龙办10场够不够" against the project's minimum: its number is data (`count`, or a count_at_least condition). */
function againstMinimum(question: string, guide: Guide, id: ProjectId, t: Ctx['t']): YesNo | undefined {
  if (!/够|行|可以|满足|达到|符合|吗|enough|suffic|ok\b|okay|meet/i.test(question)) return undefined;
  return countAgainstMinimum(question, guide, id, t);
}

/**
 * "计划办10来场", "15~16场": a count said of a project, against its minimum. A range or an estimate
 * is taken at its lower end: the answer never assumes more than was said.
 */
export function countAgainstMinimum(question: string, guide: Guide, id: ProjectId, t: Ctx['t']): YesNo | undefined {
  const asked = ASKED_COUNT.exec(question);
  if (!asked) return undefined;
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
  ['medicalExperts', /医学专家|专家/],
];

function factNeeded(question: string, guide: Guide, id: ProjectId, t: Ctx['t']): YesNo | undefined {
  if (!/要不要|需不需要|需要|有没有要求|有要求吗|要求吗|看不看|卡不卡/.test(question) || /材料|交什么|提交|准备|佐证/.test(question)) return undefined;
  const fact = FACT_WORDS.find(([, words]) => words.test(question))?.[0];
  if (!fact) return undefined;
  const own = guide.conditionsOf(id).filter(({ condition }) => factsOf(condition).includes(fact));
  const project = guide.projectName(id);
  if (own.length) {
    const c = own[0]!.condition;
    return { answer: t('answer.factNeeded', { project, requirement: c.requirement, clause: c.clause }), clauses: [c.clause], intent: 'eligibility' };
  }
  return { answer: t('answer.factNotNeeded', { project, label: factLabels(guide.year)[fact] }), clauses: [], intent: 'eligibility' };
}
