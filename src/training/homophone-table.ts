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

export function buildHomophoneTable(): HomophoneTable {
  const words = HOMOPHONE_WORDS.map((row) => {
    const [word, nearName] = typeof row === 'string' ? [row, false] : [row.word, true];
    return { word, sounds: syllables(word), ...(nearName && { nearName: true }) };
  });
  const wanted = new Set(words.flatMap((w) => w.sounds));
  const chars: Record<string, string[]> = {};
  for (let code = 0x4e00; code <= 0x9fa5; code++) {
    const c = String.fromCharCode(code);
    // (A character's common reading only: 家 read as jie would make 专家只 a 截止.)
    const readings = syllables(c).filter((s) => wanted.has(s));
    if (readings.length) chars[c] = readings;
  }
  return { words, chars };
}

/** Writes the table when it changed; returns whether it did. */
export function writeHomophoneTable(root: string): boolean {
  return writeIfChanged(join(root, HOMOPHONE_TABLE), `${JSON.stringify(buildHomophoneTable())}\n`);
}
