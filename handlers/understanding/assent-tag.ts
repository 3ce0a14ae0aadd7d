/**
 * "那换成这个吧，行吗", "加上科技评估吧，好不好？": a change decided with 吧, then a bare tag asking assent.
 * The decision is told, not asked, so the tag is set aside before the message is read. Without 吧
 * ("再加个科技评估，行不行") the tag asks leave, and the message stays a question.
 */
import { saysPlan } from '../plan.js';
import { TAG_ASKING } from './question-words.js';

/** A piece that ends a suggestion or decision with 吧. */
const DECIDED = /吧[。.!！~]*$/;

/** The text without a trailing assent tag after a plan decided with 吧; else the text as it is. */
export function withoutAssentTag(text: string): string {
  const m = /^(.*?)[，,\s]+([^，,\s]+)$/.exec(text.trim());
  if (!m) return text;
  const [, decided, tag] = m;
  const lastPiece = decided!.split(/[，,。；;\s]+/).at(-1) ?? '';
  return TAG_ASKING.test(tag!) && DECIDED.test(lastPiece) && saysPlan(lastPiece) ? decided! : text;
}
