/**
 * Traditional characters typed by a secretary (a Hong Kong or Taiwan keyboard: "幾時", "淨係", "個") read as
 * the simplified ones the rest of the bot reads, one for one, so every position still points at what was typed.
 * The table is built at build time from the kept library OpenCC (src/training/simplified-table.ts says why not
 * at run time: memory).
 */
import table from './simplified-table.json' with { type: 'json' };

const TABLE = table as Record<string, string>;
/** A character that may be traditional (a fast path for English and digits). */
const MAY_BE_TRADITIONAL = /[\u3400-\u9fff\uf900-\ufaff]/;

/** The text in simplified characters, one for one. */
export function simplified(text: string): string {
  if (!MAY_BE_TRADITIONAL.test(text)) return text;
  let out = '';
  let changed = false;
  for (const c of text) {
    const s = TABLE[c];
    if (s) changed = true;
    out += s ?? c;
  }
  return changed ? out : text;
}
