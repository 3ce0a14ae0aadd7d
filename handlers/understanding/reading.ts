import { CORRECTING } from './cues.js';
import { THESE } from './question-words.js';
import type { Turn } from '../turn.js';
import { NO_PROBLEM } from '../understand.js';

/**
 * Worded as a question: a question mark, a final 吗/呢, or a question word (几号, 能不能, 多少…).
 * English chats also by the first word.
 */
export function isQuestionText(turn: Turn, raw: string): boolean {
  // "没什么问题" says all is well; its 什么 asks nothing.
  // "也没有啥违规的": 啥/什么 under a negation is "none", not a question word.
  // ("以前啥子项目都没拿过", "什么违规都没有": 啥/什么 before 都 + a negation is "any", not a question word.)
  const text = raw
    .replace(NO_PROBLEM, '良好')
    .replace(/(没有|没|无|不)(出过?|有|遇到|犯过?|碰到|说)?(啥|什么|任何)/g, '没有')
    .replace(/(啥子|啥|什么|哪个|任何)([^，,。？?吗]{0,8}?)(都|也)(没|不|冇|莫)/g, '任何$2$3$4')
    // ("能申报不啊", "够不呀", "拿过没呀": a sentence-final particle after the word that asks is no part of it.)
    .replace(/(?<=[不没吗吧呢])[啊呀哇嘛哈呐咧捏噻撒嘞]+(?=[。.!！~?？]*$)/, '');
  if (turn.lang === 'en' && /^(what|when|where|which|who|how|can|could|may|do|does|is|are|should|will)\b/i.test(text)) return true;
  // ("超不超限", "冲突不冲突": any word asked as A-not-A is a question; so are Sichuan "报得不",
  // "有影响没得".)
  return /[?？]|吗[。.!！~]*$|呢[。.!！~]*$|^那.{1,12}呢|(能|可以|行)(报|申报|申请)?.{0,10}(不|吧)[。.!！~]*$|(?:得|要|需要|必须|应该|是不是)[^，,。]{0,14}吧[。.!！~?？]*$|(够|行|可以)了吧|(?<!不)((?!不)[\u4e00-\u9fa5]{1,2})不\5|啥[?？。.!！~]*$|几场|几次|多少场|几个人|啥时候|要啥|干啥|什么|怎么|咋|哪(里|儿|些|个|天|一天|日|月|年|位|家|种|类|边|块|款|条|项|一项|一个)|几[个号天月点项AaＡ等]|多少|怎样|如何|能不能|可不可以|是否|(?<!不)是不是|有没有|要不要|需不需要|能否|可否|何时|多久|谁|哪位|哪家|咋办|多大|多长|几份|几本|几页|几月|几年|啥|够不[?？。.!！~]*$|行不[?？。.!！~]*$|得不[?？。.!！~]*$|(了|过)没有?[?？。.!！~]*$|过没过|(对|是)吧[?？。.!！~]*$|有没得|有[^，,。]{1,6}没(得|有)?[?？。.!！~]*$|中不中|可好/.test(
    text,
  );
}

/** Words of an award got: 拿, 获, 立项, 认定. */
const SPEAKS_OF_AWARDS = /拿|获|立项|认定/;
/** "撤回", "不算": takes back what was told (an award; a plan is dropped in other words). */
const TAKES_BACK = /撤回|撤销|收回|不算|作废/;
/** A year: "21年", "2019". */
const YEAR = /(?<!\d)(20)?\d{2}\s*年|20\d{2}/;
/** Words that point back themselves (replaced below, not prefixed). */
const REFERS = /这个项目|这个|那个|这项|那项|那次|这次|那回|它/;

/** "我们去年拿过这个": "这个" is the one project talked about last, for reading facts and plans. */
export function resolveReference(turn: Turn, text: string): string {
  const topic = turn.state.topic?.projects;
  // "其实这两个都是兄弟学会拿的": the projects talked about last, when the words speak of awards.
  if (topic && topic.length > 1 && THESE.test(text) && (SPEAKS_OF_AWARDS.test(text) || TAKES_BACK.test(text)) && !turn.matcher.find(text).length)
    return text.replace(THESE, topic.map(turn.guide.projectName).join('和'));
  if (topic?.length !== 1 || turn.matcher.find(text).length) return text;
  // "21年呒没拿过，只有20年" after "20年和21年都拿过发展助力": a year of an award with its subject left out
  // is of the project talked about (as the splitter carries an elided predicate).
  // (Not a correction in words: the correction reader moves the award said last.)
  if (SPEAKS_OF_AWARDS.test(text) && YEAR.test(text) && !REFERS.test(text) && !CORRECTING.test(text)) return `${turn.guide.projectName(topic[0]!)}${text}`;
  // "评估那个算了", "学术那个不要了": a word of projects' names before 那个 names its own project ("the 评估
  // one"), not the topic; which one is for the plan reader to tell.
  const before = /([\u4e00-\u9fa5]{2,4})(?:这个|那个|这项|那项)/.exec(text)?.[1];
  if (before && [2, 3, 4].some((n) => n <= before.length && turn.matcher.owners(before.slice(-n)).length > 0)) return text;
  // "那条删掉" after an award told: 那条 is that entry, of the project talked about.
  // ("2020年那次是申请了没批下来": 那次 is that time the project was applied for.)
  return text.replace(/这个项目|这个|那个|这项|那项|那次|这次|那回|这条|那条|它/, turn.guide.projectName(topic[0]!));
}
