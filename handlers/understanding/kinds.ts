/**
 * The kinds a message (or one clause of it) can be, and the split of the labelled data into
 * what the classifier learns from and what it is measured on.
 */
export const KINDS = [
  'answer', // answers the open interview question ("合格", "没有")
  'fact', // states facts about the society unprompted ("我们去年B等，4A")
  'plan', // says what the society will apply for, with or without 想 ("今年报标准")
  'question', // asks about the guide, the society's chances, a deadline…
  'whatif', // a question on a supposition ("如果年检没过…", "要是C等呢"): its facts are never stored
  'correction', // corrects something said before ("不对，是B等")
  'ack', // 好的, 嗯, 谢谢, 稍等
  'greeting', // 你好, 在吗
  'offtopic', // 食堂几点开饭
  'checklist', // says how far the materials are ("签到表好了", "合同还没盖章")
  'command', // a command, or a mistyped or bare command word ("/chek", "checklist", "help")
  'unclear', // neither: "啥", "？", "我不太清楚"
] as const;
export type Kind = (typeof KINDS)[number];

/** FNV-1a over the UTF-16 code units: stable across runs and machines. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/** One labelled message in five, chosen by its text alone, is held out: never learned from, only measured on. */
export function isHeldOut(text: string): boolean {
  return hash(text.normalize('NFKC').trim()) % 5 === 0;
}
