import type { Passage, SearchIndex } from '../rules/index.js';
import type { Translate } from './i18n.js';
import type { ProjectMatcher } from './parse.js';

/**
 * "参与单位能兼报吗": words of the question that the guide uses in only one or two sentences name
 * the clause the question is about, even when its other words ("兼报") point at a general topic.
 * Only for "may we" questions; the answer is that sentence, led by 不可以 when it forbids what follows the words.
 */
export interface SpecificAnswer {
  answer: string;
  clause: string;
}

/** Words that ask rather than name something: a term made with them is not specific. */
const ASKING = /[能可吗呢么啥否吧了不报要会是的我们你]/;
/** A yes/no question about being allowed to do something. */
/** Asks leave for one thing ("参与单位能兼报吗"), not how many ("最多能报几个"): a clause's own words answer it. */
const ASKS_LEAVE = /(能|可以|可|能否|允许)[^，,。？?几]{0,6}(吗|不|么)?[？?]?$|能不能|可不可以|是否/;
/** The guide forbids: 不可、不得、不能、不予. */
const FORBIDS = /不可|不得|不能|不予|禁止|不允许|不列入|不计入/;
const MIN_TERM = 4;
const MAX_TERM = 8;
const MAX_SENTENCES = 2;

export function specificClause(question: string, search: SearchIndex | undefined, matcher: ProjectMatcher, t: Translate): SpecificAnswer | undefined {
  if (!search || !ASKS_LEAVE.test(question) || /几|多少/.test(question)) return undefined;
  const masked = matcher.mask(question);
  const runs = masked.match(/[\u4e00-\u9fa5]+/g) ?? [];
  const sentences = sentencesOf(search);
  for (let length = MAX_TERM; length >= MIN_TERM; length--) {
    for (const run of runs) {
      for (let i = 0; i + length <= run.length; i++) {
        const term = run.slice(i, i + length);
        if (ASKING.test(term)) continue;
        const found = sentences.filter((s) => s.text.includes(term));
        if (!found.length || found.length > MAX_SENTENCES) continue;
        const first = found[0]!;
        const after = first.text.slice(first.text.indexOf(term) + term.length);
        const verdict = FORBIDS.test(after) ? t('answer.specificNo') : '';
        const section = first.passage.heading.split(' · ')[0] ?? '';
        return {
          answer: t('specific.answer', {
            verdict,
            quote: first.passage.text,
            clause: first.passage.clause,
            scope: section ? t('specific.scope', { section }) : '',
          }),
          clause: first.passage.clause,
        };
      }
    }
  }
  return undefined;
}

interface Sentence {
  text: string;
  passage: Passage;
}

const cache = new WeakMap<SearchIndex, Sentence[]>();

function sentencesOf(search: SearchIndex): Sentence[] {
  let sentences = cache.get(search);
  if (!sentences) {
    sentences = search.passages.flatMap((passage) =>
      passage.text
        .split(/[。；;！!\n]/)
        .filter((text) => text.trim())
        .map((text) => ({ text, passage })),
    );
    cache.set(search, sentences);
  }
  return sentences;
}
