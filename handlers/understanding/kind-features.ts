/**
 * The features the kind classifier sees for one message: character 1–3-grams of the folded text
 * (with ^ and $ marking its ends, so "吗$" and "^/" are features of their own) plus a few cue
 * features (§…) that a handful of n-grams cannot see at once: a question word anywhere, a
 * supposition, a number, the interview question that is open, the topic of the last turn.
 * Shared by training (scripts/train-kinds.ts) and classification, so both see the same tokens.
 */

export interface KindContext {
  /** The interview question the bot had just asked (a profile field, `name`, `intended`…). */
  open?: string | undefined;
  /** A project was talked about in the previous turn (follow-ups like "那X呢"). */
  lastTopic?: boolean | undefined;
  lang?: 'zh-CN' | 'en' | undefined;
}

/** Full-width to half-width, one case, one space, every digit the same: "5月17号" and "11月30号" share n-grams. */
export function foldForKinds(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim().replace(/[0-9]/g, '0');
}

const QUESTION_WORD = /什么|啥|几|怎么|咋|多少|能不能|可不可以|是不是|有没有|要不要|够不|谁|哪|吗|呢|么|\?|what|when|how|which|who|can |do i|is it|are we/;
const SUPPOSE = /如果|要是|假如|假设|万一|若是|倘若|\bif\b|suppose|what if/;
const NUMBER = /[0-9零〇一二两三四五六七八九十百]/;
const LATIN = /[a-z]/;
const HAN = /\p{Script=Han}/u;

export function kindFeatures(text: string, context: KindContext = {}): string[] {
  const folded = foldForKinds(text);
  // By code point, so an emoji is one character and never half a surrogate pair.
  const chars = [...`^${folded}$`];
  const tokens: string[] = [];
  for (let n = 1; n <= 3; n++) for (let i = 0; i + n <= chars.length; i++) tokens.push(chars.slice(i, i + n).join(''));
  if (QUESTION_WORD.test(folded)) tokens.push('§qword');
  if (/[?吗呢吧么]$/.test(folded)) tokens.push('§qend');
  if (SUPPOSE.test(folded)) tokens.push('§suppose');
  if (NUMBER.test(folded)) tokens.push('§num');
  if (folded.startsWith('/')) tokens.push('§slash');
  if (LATIN.test(folded) && !HAN.test(folded)) tokens.push('§latin');
  tokens.push(folded.length <= 2 ? '§len:short' : folded.length <= 8 ? '§len:mid' : '§len:long');
  tokens.push(context.open ? '§open' : '§noopen');
  if (context.open) tokens.push(`§open:${context.open}`);
  if (context.lastTopic) tokens.push('§last');
  if (context.lang === 'en') tokens.push('§en');
  return tokens;
}
