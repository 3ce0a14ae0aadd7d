/**
 * "想深报品排学术交流", "在家一个沙龙 冲凸吗": a word of the programme typed with the wrong characters of the
 * same sound (pinyin input picks the first candidate). Any run of Chinese characters whose toneless pinyin is
 * that of a word in HOMOPHONE_WORDS, and which is not itself a word listed as a real one, is read as that word.
 * Same length in and out, so every position of the message still points at what was typed.
 *
 * Why a library: pinyin-pro carries the reading of every character (and picks among a character's readings by
 * its neighbours); a hand-made table of the few hundred characters our words sound like would miss the rest.
 */
import { pinyin } from 'pinyin-pro';
import { HOMOPHONE_WORDS, REAL_WORDS } from './homophone-words.js';

const CJK = /[\u4e00-\u9fa5]/;
const NUMERALS = '〇零一二两三四五六七八九十百千万';
const syllables = (text: string): string[] => pinyin(text, { toneType: 'none', type: 'array', v: true });

interface Entry {
  word: string;
  /** Only beside a project's or programme's name ("在家" is at home; "在家一个沙龙" is 再加). */
  nearName: boolean;
}

let byKey: Map<string, Entry> | undefined;
const words = () => HOMOPHONE_WORDS.map((r) => (typeof r === 'string' ? r : r.word));
let lengths: number[] = [];

function table(): Map<string, Entry> {
  if (byKey) return byKey;
  byKey = new Map();
  for (const row of HOMOPHONE_WORDS) {
    const [word, nearName] = typeof row === 'string' ? [row, false] : [row.word, true];
    byKey.set(syllables(word).join(' '), { word, nearName });
  }
  lengths = [...new Set(HOMOPHONE_WORDS.map((r) => (typeof r === 'string' ? r : r.word).length))].sort((a, b) => b - a);
  return byKey;
}

/** Whether a name of the programme sits within a few characters after the window (for `nearName` rows). */
const NAME_AFTER = /^.{0,8}?(学会|平台|交流|沙龙|期刊|论文|联合体|标准|评估|奖励|咨询|专项|乡村|之家|助力|科普|健康)/;

export function repairHomophones(text: string): string {
  if (!CJK.test(text)) return text;
  const map = table();
  const chars = [...text];
  // One syllable per character (pinyin-pro gives non-Chinese characters back as they are).
  const sounds = syllables(text);
  if (sounds.length !== chars.length) return text;
  // What is typed right stays whole: no window may take a character of a word of ours or a real word
  // ("联合体对" is not 联合+梯队, "体检报告" not 体+兼报, "年健康" not 年检+康).
  const kept = new Array<boolean>(chars.length).fill(false);
  for (const word of [...words(), ...REAL_WORDS]) {
    for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
      const from = [...text.slice(0, at)].length;
      for (let k = 0; k < [...word].length; k++) kept[from + k] = true;
    }
  }
  let changed = false;
  for (let i = 0; i < chars.length; i++) {
    if (!CJK.test(chars[i]!) || kept[i]) continue;
    for (const n of lengths) {
      if (i + n > chars.length) continue;
      const window = chars.slice(i, i + n).join('');
      const entry = map.get(sounds.slice(i, i + n).join(' '));
      if (!entry || kept.slice(i, i + n).some(Boolean) || ![...window].every((c) => CJK.test(c))) continue;
      // A numeral is never a slip: "五一六" is 5-1-6, not 五一流.
      if ([...window].some((c, k) => c !== entry.word[k] && NUMERALS.includes(c))) continue;
      if (entry.nearName && !NAME_AFTER.test(chars.slice(i + n).join(''))) continue;
      chars.splice(i, n, ...entry.word);
      changed = true;
      i += n - 1;
      break;
    }
  }
  return changed ? chars.join('') : text;
}
