/**
 * Stage 1 of understanding (issue 20): a message as typed → the spelling the rest of the bot reads.
 * Full-width forms become half-width, dialect and chat spellings and typos of the programme's words
 * become standard ones (normalise-table.ts), and Chinese numerals become Arabic ones, ranges and
 * years included ("十五六场" → "15~16场", "二〇二一年" → "2021年"). Words of their own ("一流",
 * "十四五", "三甲") are never touched. Idempotent: normalising twice changes nothing more.
 *
 * One left-to-right pass over the text (no regex per row): a message costs microseconds, which keeps
 * the turn's p99 in `npm run bench`.
 */
import { repairHomophones } from './homophones.js';
import { simplified } from './simplified.js';
import {
  APPROX_AFTER,
  CLAUSE_END,
  DIALECT,
  KEEP_AFTER,
  LONE_KEPT,
  LONE_KEPT_UNLESS_BEFORE,
  MEASURES,
  NUMERAL_DIGITS,
  NUMERAL_TENS,
  NUMERAL_UNITS,
  PROTECTED,
  TYPOS,
  type SpellingRow,
} from './normalise-table.js';
import { digitByDigit, numeralRange, numeralValue, type NumberValue } from './numerals.js';

export type { NumberValue } from './numerals.js';

/** One rewrite: `text.slice(start, end)` was `original.slice(from, to)`. */
export interface Span {
  start: number;
  end: number;
  from: number;
  to: number;
  kind: 'spelling' | 'numeral' | 'homophone';
  /** For a numeral: its value, a range's bounds, whether it is approximate. */
  value?: NumberValue;
  /** For a homophone: the characters it replaced (the table's output there, as long as the repair). */
  was?: string;
}

export interface NormalisedText {
  /** What the rest of the bot reads. */
  text: string;
  /** What was typed, for provenance: a stored fact keeps the words said. */
  original: string;
  /** Every rewrite from the tables, in order. */
  spans: Span[];
}

const ROWS: readonly SpellingRow[] = [...DIALECT, ...TYPOS].slice().sort((a, b) => b.from.length - a.from.length);
const ROWS_BY_FIRST = groupByFirst(ROWS, (r) => r.from);
const PROTECTED_BY_FIRST = groupByFirst(
  [...PROTECTED].sort((a, b) => b.length - a.length),
  (w) => w,
);
const MEASURES_LONGEST = [...MEASURES].sort((a, b) => b.length - a.length);
const NUMERAL_CHAR = (ch: string) => NUMERAL_DIGITS[ch] !== undefined || NUMERAL_UNITS[ch] !== undefined || NUMERAL_TENS[ch] !== undefined;

/** Positions of the output in the original text, kept out of the returned object (it stays plain data). */
const positions = new WeakMap<NormalisedText, { startAt: number[]; endAt: number[] }>();

/** The text to read, with the table's rewrites; `original` and `spans` tell what was typed. */
/** A message is normalised several times a turn (whole, by piece, by reader): the last results are kept. */
const recentlyNormalised = new Map<string, NormalisedText>();
const RECENT = 512;

export function normaliseText(input: string): NormalisedText {
  const known = recentlyNormalised.get(input);
  if (known) return known;
  const result = normaliseTwice(input);
  if (recentlyNormalised.size >= RECENT) recentlyNormalised.delete(recentlyNormalised.keys().next().value!);
  recentlyNormalised.set(input, result);
  return result;
}

function normaliseTwice(input: string): NormalisedText {
  const once = normaliseOnce(input);
  // A row can take a character another row needed ("能唔能包" → "能不能包", whose 能包 is 能报 only on a second
  // reading): read once more, and keep that reading when it keeps every position (same length), so normalising
  // twice changes nothing more.
  const again = normaliseOnce(once.text).text;
  if (again === once.text || again.length !== once.text.length) return once;
  // (Only words change on the second reading; punctuation the first one wrote, "，" between list items, stays.)
  for (let i = 0; i < again.length; i++) if (again[i] !== once.text[i] && !/[\u4e00-\u9fa5]/.test(again[i]!)) return once;
  const result: NormalisedText = { ...once, text: again };
  positions.set(result, positions.get(once)!);
  return result;
}

function normaliseOnce(input: string): NormalisedText {
  // Character-level first: traditional characters to simplified (one for one), full-width ASCII to
  // half-width, ideographic space to space, zero-width gone.
  const plain = simplified(input);
  const chars: string[] = [];
  const at: number[] = [];
  for (let i = 0; i < input.length; i++) {
    const code = input.charCodeAt(i);
    if ((code >= 0x200b && code <= 0x200d) || code === 0xfeff) continue;
    chars.push(code >= 0xff01 && code <= 0xff5e ? String.fromCharCode(code - 0xfee0) : code === 0x3000 ? ' ' : plain[i]!);
    at.push(i);
  }
  // Trimmed, as the old normalise did.
  let first = 0;
  let last = chars.length;
  while (first < last && /\s/.test(chars[first]!)) first++;
  while (last > first && /\s/.test(chars[last - 1]!)) last--;
  const src = chars.slice(first, last).join('');
  const srcAt = at.slice(first, last);
  const origOf = (i: number) => (i < srcAt.length ? srcAt[i]! : i > 0 ? srcAt[i - 1]! + 1 : input.length);

  let out = '';
  const startAt: number[] = [];
  const endAt: number[] = [origOf(0)];
  const spans: Span[] = [];
  const copy = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      out += src[i];
      startAt.push(origOf(i));
      endAt.push(origOf(i) + 1);
    }
  };
  const rewrite = (from: number, to: number, text: string, kind: Span['kind'], value?: NumberValue) => {
    const start = out.length;
    out += text;
    for (let k = 0; k < text.length; k++) {
      startAt.push(origOf(from));
      endAt.push(origOf(to - 1) + 1);
    }
    spans.push({ start, end: out.length, from: origOf(from), to: origOf(to - 1) + 1, kind, ...(value && { value }) });
  };

  let i = 0;
  while (i < src.length) {
    const word = protectedAt(src, i);
    if (word) {
      copy(i, i + word.length);
      i += word.length;
      continue;
    }
    const mark = listMarkAt(src, i);
    if (mark) {
      // (A half-width comma: the full-width one would become one on a second reading, which must change nothing.)
      rewrite(i, i + mark.length, out ? ',' : '', 'spelling');
      i += mark.length;
      continue;
    }
    const row = rowAt(src, i, out);
    if (row) {
      rewrite(i, i + row.from.length, row.to, 'spelling');
      i += row.from.length;
      continue;
    }
    if (NUMERAL_CHAR(src[i]!)) {
      let j = i + 1;
      while (j < src.length && NUMERAL_CHAR(src[j]!) && !protectedAt(src, j)) j++;
      const numeral = readNumeral(src.slice(i, j), src.slice(j), out);
      if (numeral) rewrite(i, j, numeral.text, 'numeral', numeral.value);
      else copy(i, j);
      i = j;
      continue;
    }
    copy(i, i + 1);
    i++;
  }
  // Homophone slips last, on the table's output (same length, so every position still maps to what was typed;
  // and last, so normalising twice changes nothing more).
  const repaired = repairHomophones(out);
  if (repaired !== out) spans.push(...homophoneSpans(out, repaired, startAt, endAt));
  const result: NormalisedText = { text: repaired, original: input, spans };
  positions.set(result, { startAt, endAt });
  return result;
}

/** Each run of characters the homophone repair changed, as a span (the texts have the same length). */
function homophoneSpans(out: string, repaired: string, startAt: number[], endAt: number[]): Span[] {
  const spans: Span[] = [];
  for (let i = 0; i < out.length; i++) {
    if (out[i] === repaired[i]) continue;
    let j = i;
    while (j < out.length && out[j] !== repaired[j]) j++;
    spans.push({ start: i, end: j, from: startAt[i]!, to: endAt[j]!, kind: 'homophone', was: out.slice(i, j) });
    i = j;
  }
  return spans;
}

/** The text as it was before homophones were repaired: to tell which names the repair made. */
export function beforeHomophones(heard: NormalisedText): string {
  let text = heard.text;
  for (const span of heard.spans) if (span.kind === 'homophone' && span.was) text = text.slice(0, span.start) + span.was + text.slice(span.end);
  return text;
}

/**
 * A list's item mark: "1. 去年B等 2. 4A", "1、…" or "（1）…" at the start of a line or after a space.
 * It numbers what follows and says nothing itself ("2. 4A" is no 2月4日); it reads as a clause break.
 */
const LIST_MARK_AFTER_SPACE = /^(?:\d{1,2}[.．]\s+|[(（]\d{1,2}[)）]\s*)/;
// Marks in a row ("1)2)…") are one mark: what is left after one is no line start, yet would be after the first is gone.
const LIST_MARK_AT_LINE_START = /^(?:\d{1,2}[.．](?:\s+|(?=[^\d\s]))|\d[、)）]\s*|[(（]\d{1,2}[)）]\s*)+/;

function listMarkAt(src: string, i: number): string | undefined {
  const lineStart = i === 0 || src[i - 1] === '\n';
  if (!lineStart && !/\s/.test(src[i - 1] ?? '')) return undefined;
  // ("Suzhou, Oct 20. When are…": a number after an English word ends its sentence; it numbers nothing.)
  if (!lineStart && /[a-z]\s+$/i.test(src.slice(0, i))) return undefined;
  return ((lineStart ? LIST_MARK_AT_LINE_START : LIST_MARK_AFTER_SPACE).exec(src.slice(i)) ?? undefined)?.[0];
}

/** The words as typed behind `text.slice(start, end)` of a normalised text ("木有不良记录" for "没有不良记录"). */
export function originalOf(n: NormalisedText, start = 0, end = n.text.length): string {
  const map = positions.get(n);
  if (!map || start >= end) return n.text.slice(start, end);
  return n.original.slice(map.startAt[start]!, map.endAt[end]!);
}

/** The typed words behind a piece of the normalised text, or undefined when the piece is not in it. */
export function originalOfPiece(n: NormalisedText, piece: string): string | undefined {
  const at = n.text.indexOf(piece);
  return at < 0 ? undefined : originalOf(n, at, at + piece.length);
}

function readNumeral(typed: string, after: string, before: string): { text: string; value: NumberValue } | undefined {
  // "第三场", "周三", "这两个", "几十个": a numeral that is part of another word stays.
  // …but before 月/号/日 it is a day ("那九月二十号开呢": 那 is a particle there, not "that").
  const dated = LONE_KEPT_UNLESS_BEFORE.some((m) => after.startsWith(m));
  if (before && KEEP_AFTER.includes(before[before.length - 1]!) && !dated) return undefined;
  // "卅号", "廿五": a character of tens reads as the tens written out ("三十号", "二十五").
  const run = [...typed].map((ch) => NUMERAL_TENS[ch] ?? ch).join('');
  const measured = MEASURES_LONGEST.some((m) => after.startsWith(m));
  const approx = APPROX_AFTER.some((w) => after.startsWith(w));
  const withApprox = (value: NumberValue): NumberValue => (approx ? { ...value, approx: true } : value);
  const hasUnit = /[十百千]/.test(run);
  // "十年", "二十年": a number of years, never a year ("20年" reads as 2020).
  if (hasUnit && after.startsWith('年')) return undefined;
  if ([...run].length === 1) {
    // A lone character is a count only before a measure word ("两场", "十来个"); 一 is the article.
    const date = LONE_KEPT_UNLESS_BEFORE.some((m) => after.startsWith(m));
    if ((run === LONE_KEPT && !date) || !(measured || (run === '十' && approx))) return undefined;
    const n = numeralValue(run)!;
    return { text: String(n), value: withApprox({ min: n }) };
  }
  const digits = digitByDigit(run);
  const range = numeralRange(run);
  // "二〇二一", "二一年", "一九年": a year, digit by digit.
  if (digits && (digits.length === 4 || /[〇零]/.test(run) || (after.startsWith('年') && !range))) {
    return { text: digits, value: { min: Number(digits), year: true } };
  }
  if (range) return { text: `${range.min}~${range.max}`, value: withApprox(range) };
  const n = numeralValue(run);
  if (n === undefined || !hasUnit) return undefined;
  return { text: String(n), value: withApprox({ min: n }) };
}

function protectedAt(text: string, i: number): string | undefined {
  return PROTECTED_BY_FIRST.get(text[i]!)?.find((w) => text.startsWith(w, i));
}

function rowAt(text: string, i: number, before: string): SpellingRow | undefined {
  const prev = before[before.length - 1];
  return ROWS_BY_FIRST.get(text[i]!)?.find((row) => {
    if (!text.startsWith(row.from, i)) return false;
    const next = text[i + row.from.length];
    if (row.end && next !== undefined && !CLAUSE_END.includes(next)) return false;
    if (row.notBefore && next !== undefined && row.notBefore.includes(next)) return false;
    if (row.notAfter && prev !== undefined && row.notAfter.includes(prev)) return false;
    return true;
  });
}

function groupByFirst<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item)[0]!;
    if (!map.has(k)) map.set(k, []);
    map.get(k)!.push(item);
  }
  return map;
}
