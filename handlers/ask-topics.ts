/**
 * Questions answered by one guide item found by its topic (rules/topics.ts), never by the guide's
 * words: what follows a failed assessment (考核不合格会怎样), the document a project rests on
 * (依据哪个文件设奖), and whether something the guide encourages is allowed (义诊去农村行不行).
 */
import { guideTopicItems, topicItems, type Guide, type ProjectId, type SearchIndex } from '../rules/index.js';
import type { Translate } from './i18n.js';

export interface TopicAnswer {
  answer: string;
  clauses: string[];
  intent: 'eligibility' | 'search';
}

interface Ctx {
  guide: Guide;
  t: Translate;
  search?: SearchIndex;
}

/** The assessment (not the 年检) failed, and the question asks what follows. */
const FAILED = /(考核|验收)[^，,。？?]{0,4}(不合格|没通过|不通过|没过|不过|未通过|失败)|(不合格|没通过|没过)的?项目/;
const WHAT_FOLLOWS = /会(怎么样|怎样|如何|咋样|怎么|有什么|有啥)|什么后果|啥后果|后果|影响|处罚|怎么办|还能(报|申报)|what happens|consequence/i;
/** Asks which document or policy a project rests on. */
const BASIS = /依据|根据(哪|什么|啥)|哪个文件|什么文件|啥文件|哪份文件|政策依据|文件依据|legal basis|which (document|regulation)/i;
/** A yes/no question about being allowed to do something. */
const MAY_WE = /行不行|行吗|可以吗|可不可以|能不能|能行吗|好不好|允许吗|可以不|行不$|can we|may we/i;
/** Characters that ask rather than name what is done: not evidence that an item is meant. */
const ASKING = /[行不能可以吗呢么啥否吧了报要会是的我们你去在和跟到？?，,。\s□]/;

/** What a project is, or is for: "是干啥的", "给啥样的学会的", "主要做什么". */
const WHAT_IS =
  /是(干|做)?(啥|什么)(的|样的)?[?？吗呢]*$|给(啥|什么)样的|针对(啥|什么)|适合(啥|什么)样|主要(是)?(做|干|支持|资助)(啥|什么)|是(个)?什么项目|干(啥|什么)(的|用)|(做|干)什么用|是指什么|什么意思/;

export function topicAnswer(question: string, projects: readonly ProjectId[], ctx: Ctx, masked: string): TopicAnswer | undefined {
  const { guide, t } = ctx;
  if (FAILED.test(question) && WHAT_FOLLOWS.test(question)) {
    const rule = guideTopicItems(guide, 'failed_assessment')[0];
    if (rule) return { answer: t('answer.failedAssessment', { quote: rule.quote, clause: rule.clause }), clauses: [rule.clause], intent: 'search' };
  }
  if (!projects.length) return undefined;
  // "发展助力是给啥样的学会的", "联合体是干啥的": the project's own 项目内容.
  if (WHAT_IS.test(masked) && projects.length === 1 && ctx.search) {
    const clause = guide.project(projects[0]!).clause;
    const content = ctx.search.passages.find((p) => p.clause === `${clause}（1）` || (p.clause.startsWith(clause) && /项目内容/.test(p.heading)));
    if (content)
      return {
        answer: t('answer.whatIs', { project: guide.projectName(projects[0]!), text: content.text, clause: content.clause }),
        clauses: [content.clause],
        intent: 'search',
      };
  }
  if (BASIS.test(question)) {
    const rule = topicItems(guide, projects, 'legal_basis')[0];
    if (rule)
      return {
        answer: t('answer.legalBasis', { project: guide.projectName(rule.project), text: rule.text ?? rule.quote, clause: rule.clause }),
        clauses: [rule.clause],
        intent: 'search',
      };
  }
  // "12月5号开行不行": a date asked about is the event-day answer's, not an encouraged note's.
  if (MAY_WE.test(question) && !/\d{1,2}\s*月|\d{1,2}\s*[日号]/.test(question)) {
    // Two pairs of the question's characters in one encouraged item ("义诊" and "农村"), one of them
    // outside a project's name: "品牌学术交流行不行" is not about the note that mentions 学术交流.
    const pairs = (text: string) =>
      [...text]
        .slice(0, -1)
        .map((c, i) => c + text[i + 1])
        .filter((p) => !ASKING.test(p));
    const all = new Set(pairs(question));
    const own = new Set(pairs(masked));
    const rule = topicItems(guide, projects, 'encouraged').find(
      (item) => [...all].filter((p) => item.quote.includes(p)).length >= 2 && [...own].some((p) => item.quote.includes(p)),
    );
    if (rule) return { answer: t('answer.encouraged', { quote: rule.quote, clause: rule.clause }), clauses: [rule.clause], intent: 'eligibility' };
  }
  return undefined;
}
