/**
 * Builds handlers/understanding/homophone-table.json from homophone-words.ts: the toneless pinyin of each of the
 * programme's words (read in context), and, for every Chinese character that can be read as one of those
 * syllables in its common reading, that reading. Run by `node scripts/build.mjs` before bundling and checked by a test
 * (a stale table fails it). Deterministic; the file is committed.
 *
 * Why a table and not pinyin-pro at run time: the library's dictionary costs about 25 MB of resident memory
 * (measured here), which would break the bench's RSS target; the few hundred syllables the programme's words
 * use need a table of a few thousand characters.
 */
import { join } from 'node:path';
import { pinyin } from 'pinyin-pro';
import { writeIfChanged } from './write-if-changed.js';
import { HOMOPHONE_WORDS } from '../../handlers/understanding/homophone-words.js';
import type { HomophoneTable } from '../../handlers/understanding/homophones.js';

export const HOMOPHONE_TABLE = 'handlers/understanding/homophone-table.json';

const syllables = (text: string): string[] => pinyin(text, { toneType: 'none', type: 'array', v: true });

/**
 * A syllable as a southern (Jiangsu, Shanghai) speaker hears it: retroflex zh/ch/sh as z/c/s, and -eng/-ing as
 * -en/-in. Pinyin typed by ear then picks the flat-tongue character ("组力" for 助力, "森报" for 申报).
 */
export function merged(syllable: string): string {
  return syllable
    .replace(/^([zcs])h/, '$1')
    .replace(/eng$/, 'en')
    .replace(/ing$/, 'in');
}

export function buildHomophoneTable(): HomophoneTable {
  const words = HOMOPHONE_WORDS.map((row) => {
    const [word, nearName] = typeof row === 'string' ? [row, false] : [row.word, true];
    return { word, sounds: syllables(word), ...(nearName && { nearName: true }) };
  });
  const wanted = [...new Set(words.flatMap((w) => w.sounds))];
  const chars: Record<string, string[]> = {};
  for (let code = 0x4e00; code <= 0x9fa5; code++) {
    const c = String.fromCharCode(code);
    // (A character's common reading only: 家 read as jie would make 专家只 a 截止.)
    // (Read with the sounds Jiangsu speakers merge: 组力 is 助力, 申报 typed 森报.)
    const own = syllables(c).map(merged);
    const readings = wanted.filter((s) => own.includes(merged(s)));
    if (readings.length) chars[c] = readings;
  }
  return { words, chars };
}

/** Writes the table when it changed; returns whether it did. */
export function writeHomophoneTable(root: string): boolean {
  return writeIfChanged(join(root, HOMOPHONE_TABLE), `${JSON.stringify(buildHomophoneTable())}\n`);
}
