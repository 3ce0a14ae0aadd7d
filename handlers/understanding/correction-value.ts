/**
 * The new value a correction gives: "不是21年是20年拿的" → "20年拿的" (after the last 是), "是5个不是12个" →
 * "5个" (before 不是), "等级改成B" → "B".
 */
/** "，刚才数错了", "，我看岔了": a trailing clause that only says a mistake was made. */
const OWNS_MISTAKE = /[，,。.!！\s]+[^，,。\s]*(错|岔|(?:多|少)(?:说|算|写|打|数|报|填|记)|(?:说|算|写|打|数|报|填|记)(?:多|少))[^，,。\s]*[。.!！]*$/;
/** A leading clause that only owns the mistake: "说错了，", "哦多说了，", "少算了 ". */
const OWNS_MISTAKE_FIRST = /^[^，,。\s]*(错|岔|(?:多|少)(?:说|算|写|打|数|报|填|记)|(?:说|算|写|打|数|报|填|记)(?:多|少))[^，,。\s]*[，,。\s]+/;
/** "不是8个 12个", "不是B，C": the value denied, then the value meant, with nothing between. */
const DENIED_THEN_MEANT = /^(?:哦|噢|啊|呃|额)?\s*不是\s*[^，,\s是]{1,8}[\s，,]+([^，,\s是]{1,8})[。.!！]*$/;
/** The words after which the value meant comes: "改成B", "应该10个", "实际只有6个", "是20年". */
const VALUE_FOLLOWS = /^.*?(改成|改为|应该是|应为|应该有|应该|其实是|其实只有|其实有|实际上?只有|实际上?是|实际上?有|是|[，,]\s*(?=我们|我会|本会))/;

export function correctionValue(raw: string): string {
  // "等级搞错了，C": a clause owning the mistake, before or after the value, is no part of it.
  // (Repeated: "8个不对，少算了，应该10个" owns it twice.)
  let text = raw.replace(OWNS_MISTAKE, '');
  while (OWNS_MISTAKE_FIRST.test(text)) text = text.replace(OWNS_MISTAKE_FIRST, '');
  const meant = DENIED_THEN_MEANT.exec(text);
  if (meant) return meant[1]!.trim();
  const before = /(?:^|[，,\s])(?:应该|其实)?是([^，,。是]{1,12}?)[，,\s]*(?:而)?不是/.exec(text);
  if (before) return before[1]!.trim();
  if (/不是.*[^不]是/.test(text))
    return text
      .slice(text.lastIndexOf('是') + 1)
      .replace(/[，,。.!！]*(我)?(看|说|写|打|填|记)(错|岔)了?[。.!！]*$/, '')
      .trim();
  // ("其实有七个人，上个月新进了两个": the value is the piece right after its cue; what follows explains it.)
  const after = text.replace(VALUE_FOLLOWS, '');
  const first = after.split(/[，,。；;]/)[0] ?? after;
  const value = after !== text && /\d/.test(first) ? first : after;
  return value.replace(/[，,。.!！]*(刚才|之前|前面)?(我)?(说|写|打|填|看)错了?[。.!！]*$/, '').trim();
}
