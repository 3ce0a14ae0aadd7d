/**
 * Chinese numerals as they are typed: "一百二十", "一百二" (120), "十五六" (15 to 16), "三四十" (30 to 40),
 * "二〇二一" (digit by digit). Values only; when to rewrite is normalise.ts's business.
 */
import { isRangePair, NUMERAL_DIGITS, NUMERAL_UNITS } from './normalise-table.js';

export interface NumberValue {
  /** The number, or the lower bound of a range ("十五六场": 15). A minimum is checked against this. */
  min: number;
  /** The upper bound of a range ("十五六场": 16). */
  max?: number;
  /** "十来个", "三十多", "二十左右": about this many. */
  approx?: boolean;
  /** Written digit by digit, a year: "二〇二一" (2021), "二一年" (21, which yearsIn reads against the guide's year). */
  year?: boolean;
}

/** "一百二十" → 120, "十五" → 15, "两百" → 200, "一百零五" → 105, "一百二" → 120; undefined when it is no numeral. */
export function numeralValue(run: string): number | undefined {
  let total = 0;
  let digit: number | undefined;
  let lastUnit = Number.POSITIVE_INFINITY;
  let zero = false;
  for (const ch of run) {
    const d = NUMERAL_DIGITS[ch];
    const unit = NUMERAL_UNITS[ch];
    if (d !== undefined) {
      if (d === 0) {
        if (digit !== undefined) return undefined;
        zero = true;
        continue;
      }
      if (digit !== undefined) return undefined; // two digits in a row: a range or a year, not one number
      digit = d;
    } else if (unit !== undefined) {
      if (unit >= lastUnit) return undefined;
      total += (digit ?? 1) * unit;
      lastUnit = unit;
      digit = undefined;
      zero = false;
    } else return undefined;
  }
  if (digit !== undefined) {
    // "一百二" is 120 and "一千五" 1500: a last digit right after 百 or 千 counts in the next unit down.
    total += lastUnit >= 100 && lastUnit !== Number.POSITIVE_INFINITY && !zero ? (digit * lastUnit) / 10 : digit;
  }
  return run.length ? total : undefined;
}

/** "十五六" → 15–16, "三四十" → 30–40, "七八" → 7–8, "一两" → 1–2: two adjacent digits that make a range. */
export function numeralRange(run: string): NumberValue | undefined {
  const chars = [...run];
  for (let k = 0; k + 1 < chars.length; k++) {
    const a = NUMERAL_DIGITS[chars[k]!];
    const b = NUMERAL_DIGITS[chars[k + 1]!];
    if (a === undefined || b === undefined || !isRangePair(a, b)) continue;
    const min = numeralValue(chars.filter((_, i) => i !== k + 1).join(''));
    const max = numeralValue(chars.filter((_, i) => i !== k).join(''));
    if (min !== undefined && max !== undefined && max > min) return { min, max };
  }
  return undefined;
}

/** "二〇二一" → "2021", "二一" → "21": each character one digit (两 is never a digit of a year). */
export function digitByDigit(run: string): string | undefined {
  if (/[十百千两]/.test(run)) return undefined;
  let out = '';
  for (const ch of run) {
    const d = NUMERAL_DIGITS[ch];
    if (d === undefined) return undefined;
    out += String(d);
  }
  return out;
}
