/**
 * "想深报品排学术交流", "在家一个沙龙 冲凸吗": a word of the programme typed with the wrong characters of the
 * same sound (pinyin input picks the first candidate). Any run of Chinese characters that can be read with the
 * toneless pinyin of a word in HOMOPHONE_WORDS, and which is not itself a word listed as a real one, is read as
 * that word. Same length in and out, so every position of the message still points at what was typed.
 *
 * The sounds come from homophone-table.json, built from the words with pinyin-pro at build time
 * (src/training/homophone-table.ts says why not at run time: memory).
 */
import table from './homophone-table.json' with { type: 'json' };
import { REAL_WORDS } from './homophone-words.js';

/** homophone-table.json: each word with its syllables, and each character's readings among those syllables. */
export interface HomophoneTable {
  words: Array<{ word: string; sounds: string[]; nearName?: boolean }>;
  chars: Record<string, string[]>;
}

const TABLE = table as HomophoneTable;
const CJK = /[\u4e00-\u9fa5]/;
const NUMERALS = '〇零一二两三四五六七八九十百千万';
/** Longest first: "不良记录" before a two-character word inside it. */
const WORDS = [...TABLE.words].sort((a, b) => b.word.length - a.word.length);
const KEPT_WORDS = [...TABLE.words.map((w) => w.word), ...REAL_WORDS];

/** Whether a name of the programme sits within a few characters after the window (for `nearName` rows). */
const NAME_AFTER = /^.{0,8}?(学会|平台|交流|沙龙|期刊|论文|联合体|标准|评估|奖励|咨询|专项|乡村|之家|助力|科普|健康)/;

const soundsLike = (c: string, sound: string) => TABLE.chars[c]?.includes(sound) ?? false;

/** The words a character can start, by its sound or as itself (built once: the loop below runs on every message). */
const BY_FIRST = new Map<string, HomophoneTable['words']>();
for (const entry of WORDS) {
  const keys = new Set([`=${entry.word[0]}`, `~${entry.sounds[0]}`]);
  for (const key of keys) BY_FIRST.set(key, [...(BY_FIRST.get(key) ?? []), entry]);
}
const STARTING = new Map<string, HomophoneTable['words']>();
function startingAt(c: string): HomophoneTable['words'] {
  let known = STARTING.get(c);
  if (!known) STARTING.set(c, (known = wordsStartingAt(c)));
  return known;
}
function wordsStartingAt(c: string): HomophoneTable['words'] {
  const found = [...(BY_FIRST.get(`=${c}`) ?? [])];
  for (const sound of TABLE.chars[c] ?? []) for (const entry of BY_FIRST.get(`~${sound}`) ?? []) if (!found.includes(entry)) found.push(entry);
  return found.sort((a, b) => b.word.length - a.word.length);
}

/** Messages are normalised several times a turn (whole, by piece); the last few results are kept. */
const recent = new Map<string, string>();
const RECENT = 256;

export function repairHomophones(text: string): string {
  if (!CJK.test(text)) return text;
  const known = recent.get(text);
  if (known !== undefined) return known;
  const out = repair(text);
  if (recent.size >= RECENT) recent.delete(recent.keys().next().value!);
  recent.set(text, out);
  return out;
}

function repair(text: string): string {
  const chars = [...text];
  let kept: boolean[] | undefined;
  // What is typed right stays whole: no window may take a character of a word of ours or a real word
  // ("联合体对" is not 联合+梯队, "体检报告" not 体+兼报, "年健康" not 年检+康). Worked out only when a window is found.
  const keptAt = (i: number): boolean => {
    if (!kept) {
      kept = new Array<boolean>(chars.length).fill(false);
      for (const word of KEPT_WORDS) {
        for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
          const from = [...text.slice(0, at)].length;
          for (let k = 0; k < [...word].length; k++) kept[from + k] = true;
        }
      }
    }
    return kept[i]!;
  };
  let changed = false;
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    // (Not right after a numeral: "百九一留" is read as a number first, and the next pass must read it the same.)
    if (!CJK.test(c) || (i > 0 && NUMERALS.includes(chars[i - 1]!))) continue;
    for (const entry of startingAt(c)) {
      const n = entry.word.length;
      if (i + n > chars.length) continue;
      let fits = true;
      for (let k = 0; k < n && fits; k++) {
        const ch = chars[i + k]!;
        // (A numeral stands for a syllable only inside a longer word, never first: "不两记录" is 不良记录, "一六" no 一流.)
        fits = ch === entry.word[k] || (soundsLike(ch, entry.sounds[k]!) && (!NUMERALS.includes(ch) || (k > 0 && n >= 3)));
      }
      if (!fits) continue;
      let window = '';
      for (let k = 0; k < n; k++) window += chars[i + k];
      if (window === entry.word) continue;
      let taken = false;
      for (let k = 0; k < n && !taken; k++) taken = keptAt(i + k);
      if (taken) continue;
      if (entry.nearName && !NAME_AFTER.test(chars.slice(i + n).join(''))) continue;
      chars.splice(i, n, ...entry.word);
      changed = true;
      i += n - 1;
      break;
    }
  }
  return changed ? chars.join('') : text;
}
