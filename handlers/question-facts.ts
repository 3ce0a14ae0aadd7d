/**
 * The team's first principle for a message that asks: a question's facts are a what-if, never stored.
 * This decides, without touching the state, which facts of such a message are recorded at once, which
 * only shape the answer, and whether the society spoke of itself (then the what-if is offered with 是／不是).
 *
 * Recorded at once: a correction, the answer to the question the interview has open, who is writing
 * (a name, "我们是省科协直属事业单位"), an event day, a plan told in a piece that does not ask, and the facts
 * of a sentence that ends without asking ("我们去年B等，4A。一流学会要什么条件？").
 */
import type { Fact } from '../rules/index.js';
import type { Extracted } from './parse.js';
import { STRONG_INTEND } from './parse.js';
import { MAY_WE_ADD, SELF, TOLD_PLAN } from './understanding/cues.js';
import { HYPOTHETICAL } from './what-if.js';
import { spacedWords } from './understanding/english.js';

export interface QuestionFactsInput {
  text: string;
  /** Every fact the message states, asking pieces included. */
  facts: Extracted;
  correcting: boolean;
  /** The fact the interview has asked about and not yet heard. */
  open: string | undefined;
  isQuestion: (piece: string) => boolean;
  /** The project names an asking piece keeps: "能不能报科技奖励，我们21年拿过" speaks of 科技奖励. */
  namesIn: (piece: string) => string;
  extract: (text: string) => Extracted;
  /** A piece as the plan cues read it (English words of a plan in the Chinese cue words). */
  readAs?: (piece: string) => string;
  /** The projects a piece names: one named only in an asking piece ("Can we also do X?") is asked about, never planned. */
  idsIn?: (piece: string) => string[];
}

export interface QuestionFacts {
  /** What the telling pieces state (all the facts, when correcting). */
  told: Extracted | undefined;
  /** The facts of `told` recorded at once. */
  record: Fact[];
  /** Whether `told` is recorded at all (its facts, plan, event day or name). */
  tells: boolean;
  /** The plan recorded, whoever spoke. */
  intended: Extracted['intended'];
  /** Facts that only shape the answer. */
  assumed: Fact[];
  /** The society spoke of itself, so a what-if about it is offered to be recorded. */
  self: boolean;
}

/** Where a message parts into pieces: at punctuation, and in Chinese at spaces too (English words are spaced). */
const piecesOf = (text: string) => (spacedWords(text) ? /[，,。；;]+\s*|[.?!](?=\s|$)\s*/ : /[，,。；;\s]+/);

/** An open question: how, what, when, where, how many. */
const OPEN_ASK = /什么|啥|咋|怎么|怎样|如何|几|哪|多少|\b(when|what|how|which|where|who)\b/i;
/** A yes/no question, which may rest on the facts told beside it: "能报吗", "行不行", "够不够". */
const YES_NO_ASK =
  /吗|(?<!怎|什|多|那|这)么|能不能|可不可以|行不行|能否|是否|可以不|行不|成不|够不|对不对|有没有|是不是|要不要|能报|可以报|(不|没)[?？。!！]*$|\b(can|could|may|is it|are we|do we qualify)\b/i;

const WHO_WRITES = /^(我们|我|本单位|我单位)(是|属于)/;

/** Where the asking starts, after what is told: "请问", "想问一下", "咨询一下", "my question is". */
const ASK_STARTS = /[，,。\s](?:请问|想问一?下?|我想问一?下?|问一下|想咨询一?下?|咨询一下)|\b(?:my question is|i'?d like to ask|i want to ask)\b/i;

export function sortQuestionFacts(input: QuestionFactsInput): QuestionFacts {
  const { text, facts, correcting, open, isQuestion } = input;
  const stated = Object.keys(facts.profile) as Fact[];
  const pieces = text.split(piecesOf(text)).filter(Boolean);
  const tellingPieces = pieces.filter((piece) => !isQuestion(piece));
  const telling = tellingPieces.length
    ? pieces
        .map((piece) => (isQuestion(piece) ? input.namesIn(piece) : piece))
        .filter(Boolean)
        .join('，')
    : '';
  const told = correcting ? facts : telling ? input.extract(telling) : undefined;
  const hypothetical = HYPOTHETICAL.test(text);
  const ownAward = !!told?.profile.priorProjects?.length;
  const self = !hypothetical && (correcting || ownAward || !!facts.name || !!told?.eventDate || SELF.test(text));
  // "今年准备申报科技评估，几号截止": a plan told in a piece that does not ask is a plan, whoever says it.
  // "我们也报标准，可以吗", "再加个评估行不行": asking whether one may add a project is no plan yet.
  const readAs = input.readAs ?? ((piece: string) => piece);
  const toldPlan = !hypothetical && tellingPieces.some((piece) => TOLD_PLAN.test(readAs(piece)));
  const askedOnly = (id: string) =>
    !!input.idsIn &&
    pieces.some((piece) => isQuestion(piece) && input.idsIn!(piece).includes(id)) &&
    !tellingPieces.some((piece) => input.idsIn!(piece).includes(id));
  // (Words told before 请问 are told, "再加一个" among them: only what follows may ask leave to add.)
  const askedFrom = ASK_STARTS.exec(text);
  const askingText = !hypothetical && askedFrom && askedFrom.index > 0 ? text.slice(askedFrom.index) : text;
  const intended =
    (self || toldPlan) && STRONG_INTEND.test(readAs(text)) && !MAY_WE_ADD.test(readAs(askingText)) ? facts.intended.filter((id) => !askedOnly(id)) : [];
  // "我们是省营养学会，…", "我们是省科协直属事业单位，想问下能报啥": who is writing is said of itself.
  const saysWho = !!told?.name || tellingPieces.some((piece) => WHO_WRITES.test(piece));
  // "我们去年B等，4A。一流学会要什么条件？": a sentence that ends without asking, before the question, is a
  // statement of its own; its facts are told, not assumed.
  const sentences = text.split(/[。！!？?\n]+|\.(?=\s|$)/).filter((sentence) => sentence.trim());
  // "…秘书处有两个专职的，今年想报一流学会，请问这样搭配行不行啊": what comes before 请问 (想问, 咨询一下) is told too.
  const beforeAsking = ASK_STARTS.exec(text);
  const toldBefore = !hypothetical && beforeAsking && beforeAsking.index > 0 ? [text.slice(0, beforeAsking.index)] : [];
  const statements = [
    ...(hypothetical || sentences.length < 2
      ? []
      : sentences.filter((sentence) => !sentence.split(piecesOf(sentence)).some((piece) => piece.trim() && isQuestion(piece.trim())))),
    ...toldBefore.filter((words) => !words.split(piecesOf(words)).some((piece) => piece.trim() && isQuestion(piece.trim()))),
  ];
  const inStatements = new Set(statements.length ? Object.keys(input.extract(statements.join('，')).profile) : []);
  // "…去年评了个B等，评估是4A，年检合格，想报一流学会，咋弄": pieces that tell, beside pieces that only ask
  // how, what or when, are statements: an open question takes nothing as its premise. A yes/no question
  // ("我们B等，能报一流学会吗") may rest on them, so those are still only assumed and offered.
  const asking = pieces.filter((piece) => isQuestion(piece.trim()));
  const openAsksOnly =
    !hypothetical && tellingPieces.length > 0 && asking.length > 0 && asking.every((piece) => OPEN_ASK.test(piece) && !YES_NO_ASK.test(piece));
  const record = told
    ? (Object.keys(told.profile) as Fact[]).filter(
        (f) => (self && correcting) || f === open || (f === 'orgType' && saysWho) || inStatements.has(f) || openAsksOnly,
      )
    : [];
  const assumed = stated.filter((f) => !record.includes(f));
  const tells = !!told && (record.length > 0 || (self && (intended.length > 0 || !!told.eventDate || !!told.name)));
  return { told, record, tells, intended, assumed, self };
}
