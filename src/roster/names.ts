/**
 * Invisible format characters (Unicode category Cf: zero-width space, word joiner, the bidi
 * controls such as U+202E, the BOM, soft hyphen): they make two names that look the same differ,
 * or make a name display as something it is not. Never meaningful in a society's name or a cell.
 */
const FORMAT_CHARS = /\p{Cf}/gu;

/** A cell or name as it is stored and shown: NFKC (full-width forms folded), no format characters, trimmed. */
export function normaliseText(text: string): string {
  return text.normalize('NFKC').replace(FORMAT_CHARS, '').trim();
}
