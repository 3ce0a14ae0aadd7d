/**
 * Questions answered by one guide item found by its topic (rules/topics.ts), never by the guide's
 * words: what follows a failed assessment (考核不合格会怎样), the document a project rests on
 * (依据哪个文件设奖), and whether something the guide encourages is allowed (义诊去农村行不行).
 */
import { guideTopicItems, topicItems, type Guide, type ProjectId, type SearchIndex } from '../rules/index.js';
import type { Translate } from './i18n.js';
import { placeInJiangsu, placeOutsideJiangsu } from './understanding/places.js';
import { FAILED, WHAT_FOLLOWS, BASIS, MAY_WE, WHAT_IS } from './understanding/question-words.js';

/** A project's 项目内容: the passage (1) of its clause in the guide's text. */
export function projectContent(guide: Guide, search: SearchIndex, id: ProjectId): { text: string; clause: string } | undefined {
  const project = guide.project(id);
  const clause = project.clause;
  // A sub-project of a group has its own item under the group's 项目内容 ("三（一）2（1）1） 一流学术平台"),
  // headed by one of its names.
  const names = new Set([project.name.split(' · ').pop()!, ...project.aliases]);
  // A project whose clause is its own content item ("三（二）1（1）2） 品牌学术交流") is that passage.
  const own = search.passages.find((p) => (p.clause === clause || p.clause.startsWith(`${clause}（1）`)) && names.has(p.heading.split(' · ').pop()!));
  return own ?? search.passages.find((p) => p.clause === `${clause}（1）` || (p.clause.startsWith(clause) && /项目内容/.test(p.heading)));
}

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

/** Characters that ask rather than name what is done: not evidence that an item is meant. */
const ASKING = /[行不能可以吗呢么啥否吧了报要会是的我们你去在和跟到？?，,。\s□]/;

export function topicAnswer(question: string, projects: readonly ProjectId[], ctx: Ctx, masked: string): TopicAnswer | undefined {
  const { guide, t } = ctx;
  if (FAILED.test(question) && WHAT_FOLLOWS.test(question)) {
    const rule = guideTopicItems(guide, 'failed_assessment')[0];
    if (rule) return { answer: t('answer.failedAssessment', { quote: rule.quote, clause: rule.clause }), clauses: [rule.clause], intent: 'search' };
  }
  if (!projects.length) return undefined;
  // "发展助力是给啥样的学会的", "联合体是干啥的": the project's own 项目内容.
  if (WHAT_IS.test(masked) && projects.length === 1 && ctx.search) {
    const content = projectContent(guide, ctx.search, projects[0]!);
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
  // "放在安徽合肥办可以吗": a place asked about is the place rule's (yes-no), never an encouraged note's.
  if (MAY_WE.test(question) && !/\d{1,2}\s*月|\d{1,2}\s*[日号]/.test(question) && !placeOutsideJiangsu(question) && !placeInJiangsu(question)) {
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
