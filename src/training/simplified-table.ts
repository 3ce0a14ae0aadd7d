/**
 * Builds handlers/understanding/simplified-table.json: every CJK character that OpenCC (opencc-js, a dev
 * dependency) writes differently in simplified characters, with the one it writes. Run by `node scripts/build.mjs`
 * before bundling and checked by a test (a stale table fails it). Deterministic; the file is committed.
 *
 * Why a table and not opencc-js at run time: its dictionaries cost about 6 MB of resident memory (measured here:
 * the bench's RSS with 10,000 profiles went from 144 to 151 MB, over its 150 MB target), while the messages need
 * only the one-for-one character mapping, about 4,000 characters.
 */
import { join } from 'node:path';
import * as OpenCC from 'opencc-js/t2cn';
import { writeIfChanged } from './write-if-changed.js';

export const SIMPLIFIED_TABLE = 'handlers/understanding/simplified-table.json';

/** Cantonese characters the normalisation table reads, which the conversion must leave (嗰 would become 𠮶). */
const KEPT = new Set(['嗰']);

export function buildSimplifiedTable(): Record<string, string> {
  const convert = OpenCC.Converter({ from: 'hk', to: 'cn' });
  const table: Record<string, string> = {};
  for (const [from, to] of [
    [0x3400, 0x4dbf],
    [0x4e00, 0x9fff],
    [0xf900, 0xfaff],
  ] as const)
    for (let code = from; code <= to; code++) {
      const c = String.fromCharCode(code);
      const s = convert(c);
      // (One for one only: a position in the message must still point at what was typed.)
      if (s !== c && s.length === 1 && !KEPT.has(c)) table[c] = s;
    }
  return table;
}

/** Writes the table when it changed; returns whether it did. */
export function writeSimplifiedTable(root: string): boolean {
  return writeIfChanged(join(root, SIMPLIFIED_TABLE), `${JSON.stringify(buildSimplifiedTable())}\n`);
}
