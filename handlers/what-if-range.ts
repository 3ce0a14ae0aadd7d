/**
 * A what-if that tells a bound or a denial, not a value: "要是没评上4A呢" (0–3A), "如果我们不是4A呢"
 * (5A or below 4A), "假如不是B等" (A, C or D). The verdict may differ between the values it leaves open,
 * so each value is tried and the values that lead to the same verdicts are answered together.
 * Pure: text and facts in, the values a fact may have out.
 */
import type { Grade, Profile } from '../rules/index.js';
import type { Extracted } from './parse.js';

export type RangedFact = 'assessmentLevel' | 'evaluationGrade';

/** The values one fact may have, and how the person told them. */
export interface Range {
  fact: RangedFact;
  values: ReadonlyArray<number | Grade>;
  /** The value named, as the profile would hold it (4 of "不是4A", 'B' of "没评上B等"). */
  named: number | Grade;
  kind: 'below' | 'not';
}

const LEVELS = [5, 4, 3, 2, 1, 0] as const;
/** Graded societies only: "不是B等" leaves A, C and D, not "没参加评价". */
const GRADES_TOLD = ['A', 'B', 'C', 'D'] as const;

/** "不是4A", "不是四A级", "not 4A": a level denied, with no other value said in its place. */
const LEVEL_DENIED = /不是\s*([1-5一二三四五])\s*A\s*级?(?![^，,。]{0,3}是)|\b(?:not|isn'?t|aren'?t|weren'?t|wasn'?t)\s+(?:an?\s+)?([1-5])\s*a\b/i;
/** "不是B等", "不是B", "not grade B". */
const GRADE_DENIED =
  /不是\s*([ABCD])(?![A-Z\d])\s*等?(?![^，,。]{0,3}是)|\b(?:not|isn'?t|aren'?t|weren'?t|wasn'?t)\s+(?:(?:a\s+)?grade\s+)?([abcd])\b(?!\s*(?:level|grade\b))/i;
const CHINESE_DIGIT: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5 };

/** The ranges a what-if tells: bounds read by the facts reader, denials read here. None when a value was said. */
export function rangesTold(plain: string, facts: Pick<Extracted, 'profile' | 'below'>): Range[] {
  const out: Range[] = [];
  const level = facts.below?.assessmentLevel;
  if (level !== undefined && facts.profile.assessmentLevel === undefined)
    out.push({ fact: 'assessmentLevel', named: level, kind: 'below', values: LEVELS.filter((v) => v < level) });
  const grade = facts.below?.evaluationGrade;
  if (grade && facts.profile.evaluationGrade === undefined)
    out.push({ fact: 'evaluationGrade', named: grade, kind: 'below', values: GRADES_TOLD.filter((g) => GRADES_TOLD.indexOf(g) > GRADES_TOLD.indexOf(grade)) });
  const deniedLevel = LEVEL_DENIED.exec(plain);
  if (deniedLevel && facts.profile.assessmentLevel === undefined && level === undefined) {
    const digit = deniedLevel[1] ?? deniedLevel[2]!;
    const n = CHINESE_DIGIT[digit] ?? Number(digit);
    out.push({ fact: 'assessmentLevel', named: n, kind: 'not', values: LEVELS.filter((v) => v !== n) });
  }
  const deniedGrade = GRADE_DENIED.exec(plain);
  if (deniedGrade && facts.profile.evaluationGrade === undefined && !grade) {
    const g = (deniedGrade[1] ?? deniedGrade[2])!.toUpperCase() as (typeof GRADES_TOLD)[number];
    out.push({ fact: 'evaluationGrade', named: g, kind: 'not', values: GRADES_TOLD.filter((v) => v !== g) });
  }
  return out;
}

/** The profile with one of the range's values. */
export function withValue(profile: Profile, fact: RangedFact, value: number | Grade): Profile {
  return fact === 'assessmentLevel' ? { ...profile, assessmentLevel: value as number } : { ...profile, evaluationGrade: value as Grade };
}

/**
 * How a group of the range's values is said: the bound itself when it is all of them ("低于4A级"),
 * "4A级及以上" / "低于3A级" for an end of the scale, else each value.
 */
export function groupWords(
  range: Range,
  values: ReadonlyArray<number | Grade>,
  say: {
    value: (v: number | Grade) => string;
    below: (v: number | Grade) => string;
    notValue: (v: number | Grade) => string;
    orMore: (v: number | Grade) => string;
    or: string;
  },
): string {
  if (values.length === range.values.length) return range.kind === 'below' ? say.below(range.named) : say.notValue(range.named);
  if (range.fact === 'assessmentLevel' && values.length > 1) {
    const levels = (values as number[]).slice().sort((a, b) => a - b);
    const contiguous = levels.every((v, i) => i === 0 || v === levels[i - 1]! + 1);
    if (contiguous && levels[0] === 0) return say.below(levels.at(-1)! + 1);
    if (contiguous && levels.at(-1) === 5) return say.orMore(levels[0]!);
  }
  return values.map(say.value).join(say.or);
}
