/**
 * Traditional characters typed by a secretary (a Hong Kong or Taiwan keyboard: "幾時", "淨係", "個") read as
 * the simplified ones the rest of the bot reads. The kept library OpenCC (opencc-js, its t2cn dictionaries,
 * bundled: no I/O) converts; a message costs a few microseconds. Characters the conversion would take from
 * the Cantonese the normalisation table reads are kept (嗰 would become 𠮶).
 */
import * as OpenCC from 'opencc-js/t2cn';

const convert = OpenCC.Converter({ from: 'hk', to: 'cn' });

/** What the conversion must give back as typed: Cantonese characters the table has rows for. */
const KEPT: ReadonlyArray<readonly [string, string]> = [['𠮶', '嗰']];

/** Has a character outside plain ASCII that may be traditional (a fast path for English and digits). */
const MAY_BE_TRADITIONAL = /[\u3400-\u9fff\uf900-\ufaff]/;

/**
 * The text in simplified characters, one for one: the same length, so every position still points at what was
 * typed. When the conversion would change the length (a phrase rewritten), the text is left as typed.
 */
export function simplified(text: string): string {
  if (!MAY_BE_TRADITIONAL.test(text)) return text;
  let out = convert(text);
  for (const [from, to] of KEPT) out = out.split(from).join(to);
  return out.length === text.length ? out : text;
}
