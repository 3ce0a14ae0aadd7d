/**
 * The new value a correction gives: "不是21年是20年拿的" → "20年拿的" (after the last 是), "是5个不是12个" →
 * "5个" (before 不是), "等级改成B" → "B".
 */
/** "，刚才数错了", "，我看岔了": a trailing clause that only says a mistake was made. */
const OWNS_MISTAKE = /[，,。.!！\s]+[^，,。\s]*(错|岔)[^，,。\s]*[。.!！]*$/;

export function correctionValue(raw: string): string {
  // "等级搞错了，C": a clause owning the mistake, before or after the value, is no part of it.
  const text = raw.replace(OWNS_MISTAKE, '').replace(/^[^，,。\s]*(错|岔)[^，,。\s]*[，,。\s]+/, '');
  const before = /(?:^|[，,\s])(?:应该|其实)?是([^，,。是]{1,12}?)[，,\s]*(?:而)?不是/.exec(text);
  if (before) return before[1]!.trim();
  if (/不是.*[^不]是/.test(text))
    return text
      .slice(text.lastIndexOf('是') + 1)
      .replace(/[，,。.!！]*(我)?(看|说|写|打|填|记)(错|岔)了?[。.!！]*$/, '')
      .trim();
  return text
    .replace(/^.*?(改成|改为|应该是|其实是|是|[，,]\s*(?=我们|我会|本会))/, '')
    .replace(/[，,。.!！]*(刚才|之前|前面)?(我)?(说|写|打|填|看)错了?[。.!！]*$/, '')
    .trim();
}
