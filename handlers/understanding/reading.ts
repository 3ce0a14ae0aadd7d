import type { Turn } from '../turn.js';
import { NO_PROBLEM } from '../understand.js';

/**
 * Worded as a question: a question mark, a final 吗/呢, or a question word (几号, 能不能, 多少…).
 * English chats also by the first word.
 */
export function isQuestionText(turn: Turn, raw: string): boolean {
  // "没什么问题" says all is well; its 什么 asks nothing.
  // "也没有啥违规的": 啥/什么 under a negation is "none", not a question word.
  const text = raw.replace(NO_PROBLEM, '良好').replace(/(没有|没|无|不)(啥|什么|任何)/g, '没有');
  if (turn.lang === 'en' && /^(what|when|where|which|who|how|can|could|may|do|does|is|are|should|will)\b/i.test(text)) return true;
  return /[?？]|吗[。.!！~]*$|呢[。.!！~]*$|^那.{1,12}呢|(能|可以|行)(报|申报|申请)?.{0,10}(不|吧)[。.!！~]*$|(?:得|要|需要|必须|应该|是不是)[^，,。]{0,14}吧[。.!！~?？]*$|(够|行|可以)了吧|(能|够|行|是|要|有|可|会|算)不\5|啥[?？。.!！~]*$|几场|几次|多少场|几个人|啥时候|要啥|干啥|什么|怎么|咋|哪(里|儿|些|个|天|一天|日|月|年|位|家|种|类|边|块|款|条|项|一项|一个)|几[个号天月点项AaＡ等]|多少|怎样|如何|能不能|可不可以|是否|是不是|有没有|要不要|需不需要|能否|可否|何时|多久|谁|哪位|哪家|咋办|多大|多长|几份|几本|几页|几月|几年|啥|够不[?？。.!！~]*$|行不[?？。.!！~]*$|中不中|可好/.test(
    text,
  );
}

/** "我们去年拿过这个": "这个" is the one project talked about last, for reading facts and plans. */
export function resolveReference(turn: Turn, text: string): string {
  const topic = turn.state.topic?.projects;
  if (topic?.length !== 1 || turn.matcher.find(text).length) return text;
  // "评估那个算了": a short name before 那个 names its own project ("the 评估 one"), not the topic.
  const before = /([\u4e00-\u9fa5]{2,4})(?:这个|那个|这项|那项)/.exec(text)?.[1];
  if (before && [2, 3, 4].some((n) => n <= before.length && turn.matcher.shortName(before.slice(-n)))) return text;
  return text.replace(/这个项目|这个|那个|这项|那项|它/, turn.guide.projectName(topic[0]!));
}
