/**
 * Stage 2 of understanding (issue 20): a message → its clauses, one fact or one question each, with an
 * elided predicate carried over: "2021年拿过发展助力，2020年没有" is two facts, the second
 * "2020年没有拿过发展助力" and negated. Reads normalised text (stage 1). Pure text; no guide needed.
 */

import { MISTAKE_WORDS, OWNING_FILLER } from './cues.js';

export interface Clause {
  /** The clause as read: what it says, with a carried predicate filled in. */
  text: string;
  /** The clause as it stands in the message (for provenance and for echoing back). */
  said: string;
  /** It states a negation ("2020年没有拿过发展助力", "年检没过"); a question form (有没有) is not one. */
  negated: boolean;
  /** Its predicate was carried over from the clause before ("2020年没有" → "…没有拿过发展助力"). */
  carried: boolean;
  /** It is, or belongs to, a question ("D等，一流平台还能报吗"): its facts are a what-if. */
  question: boolean;
  /** A question kept together: its pieces in order ("几号前交", "交给谁"). */
  parts?: string[];
}

export interface SplitOptions {
  /**
   * 'together' (default): a question's pieces stay one clause, so "D等，一流平台还能报吗" is not read
   * as the fact "D等" beside a question. 'apart': every piece is a clause of its own (the fact reader
   * sees each piece and decides itself what a question's pieces state).
   */
  questions?: 'together' | 'apart';
}

/** Ends a sentence. */
const SENTENCE_END = /([。！!？?；;\n]+)/;
/** Separates clauses inside a sentence. */
const CLAUSE_SEP = /[，,]/;
/** "但是", "而且": a new clause starts; the word itself states nothing. */
const CONNECTOR = /(?:但是|可是|而且|并且|另外)/;
/** "不过" is "but" unless something passes or fails just before it ("年检不过", "只不过"). */
const BUT = /(?<!只|年检|检查|考核|审核|验收|评审|评估|通)不过(?=..)/;
/** A question: a question mark, a final particle, or a question word. */
const QUESTION =
  /[?？]|[吗呢嘛][。.!！~]*$|什么|怎么|多少|几[个场号月天点位项名次份年]|哪|谁|能不能|可不可以|是不是|有没有|够不够|行不行|对不对|要不要|需不需要|合格不合格|多久|何时|是否/;
/** Says something: without one of these a piece before 、 is an item of a list ("2020、2021年都拿过", "会员之家、发展助力"). */
const PREDICATE = /有|没|无|不|未|是|过|了|合格|通过|[ABCD]\s*等|\dA|拿|获|报|评|办|交|要|想|打算|准备/i;
/** A negation that is stated; "有没有", "是不是" ask, "没有不合格" and "不是没有" affirm, "不良记录" is a noun. */
const NEGATION = /没有|没|未|无(?!论)|不是|不(?!良|但|仅|只|论|管|然|错|少|同)/;
const NOT_NEGATION = /有没有|是不是|能不能|够不够|行不行|对不对|要不要|需不需要|合格不合格|可不可以|没(有)?不(?!良)|不是没|从没有不|无论|没问题/;

/**
 * A piece that says nothing alone and belongs to the next one when they are separated by a space:
 * "2021年 拿过 会员之家", "我们 想报 标准".
 */
const LEAD_IN =
  /^((20)?\d{2}[、和,]?)+年?$|^(去年|前年|今年|往年)$|^(我们|我们是|我们学会|我会|本会|咱们)$|^(想|打算|准备|要|再|也|还|计划)?(报|申报|申请|加|添)$|^(拿过|获得过?|得过|立项了?|认定过)$|^(评价|综合评价|综合能力评价|等级|评估|评估等级|年检|民政年检|诚信|专职)$/;

/** A verb of an award or a plan at the end of a piece, its object after it. */
const VERB_THEN_OBJECT = /(拿过|获得过?|得过|想报|想申报|打算报|准备报)$/;

/** A time that can stand for a whole clause's subject: "2020年", "19、20年", "去年". */
const TIME = String.raw`(?:(?:(?:20)?\d{2}\s*年?|大前年|前年|去年|今年|上一?年)(?:\s*[、和跟与及]\s*(?=\d|前|去|大|今|上))?)+`;
/** "2020年没有", "前年也没": a time and a negation, the predicate elided. */
const ELIDED_NEGATIVE = new RegExp(`^(${TIME})\\s*(?:的话)?(也|都|却|就|倒是?|还)?(没有|没|未|无|不是)(?:的|啊|呢|了|哦)?$`);
/** "2020年也是", "前年也有", "20年也一样": a time and "too", the predicate elided. */
const ELIDED_POSITIVE = new RegExp(`^(${TIME})\\s*(也|都|同样)(是|有|一样|拿过|拿了|有的)?(?:的|啊|呢|了|哦)?$`);
/** A clause whose predicate may be carried: what it is about, a time, then what it says ("发展助力21年拿过"). */
const TIMED = new RegExp(`^(.*?)(${TIME})\\s*(.+)$`);
/** "标准制定也不是", "科技奖励也没有": a subject and "not either", the predicate elided (after a negated clause). */
const ELIDED_ALSO_NOT = /^(.{2,16}?)\s*(也|都|同样)(不是|没有|没|未|不算)(的|啊|呢|了|哦|哈)?$/;
/** Where a negated clause's predicate starts: "会员之家|不是我们拿的". */
const NEGATION_AT = /不是|没有|没|未|不算/;
/** What a carried predicate loses: its adverb and its negation ("也没拿过" → "拿过"). */
const PREDICATE_HEAD = /^(也|都|却|就|还|倒是?|同样)?(没有|没|未|无|不是)?/;

/** "科技奖励2021年拿过今年还能报吗": a past award, then what is asked or said of this year, unbroken. */
const PAST_THEN_NOW = /((?:拿过|拿了|获得过?|得过|立项了|立项过|做过|认定过)[^，,。；;？?！!\s]{0,12}?)(?=(那|那么)?(今年|现在|还能|还可以|能不能))/g;

/**
 * Facts typed in one run with nothing between them: "去年b等评估4a今年想报品牌", "年检合格没有专职人员",
 * "去年没参加评价年检合格". Each fact has a head word (年检, 评估, 专职…) with its negation before it;
 * a run is cut before a head of another fact once the words before it state something (a value or a
 * negation), so "年检和评估都过了" stays whole. Also cut: a grade or level followed by this year's plan.
 */
const FACT_HEADS: ReadonlyArray<readonly [string, RegExp]> = [
  ['inspection', /年检/],
  ['level', /(?<!科技|第三方|委托)评估|(?<![\d.])[1-5]\s*A(?![A-Za-z])|A{3,5}(?![A-Za-z])/],
  ['grade', /综合(能力)?评价|评价|[ABCD]\s*等/],
  ['staff', /专职|兼职/],
  ['journal', /期刊|刊号|CN/i],
  ['integrity', /诚信|不良记录|违规|弄虚作假/],
  ['experts', /专家/],
  ['filed', /报备|备案/],
];
/** A head with the negation or verb that belongs to it: "没有专职", "没参加评价". */
const HEAD = new RegExp(`(?:没有|没|无|未|有|不是)?(?:参加过?|参评)?(?:${FACT_HEADS.map(([, re]) => re.source).join('|')})`, 'gi');
const headOf = (words: string) => FACT_HEADS.find(([, re]) => new RegExp(re.source, 'i').test(words))?.[0];
/** Words that state something: a value or a negation. */
const STATES = /合格|通过|过了|过的|没过|不合格|[ABCD]\s*等|[1-5]\s*A|A{3,}|有|没|无|未|是\S|\d/i;
/** A grade or level, then this year's plan: "4a今年想报品牌". */
const THEN_PLAN = /([ABCD]\s*等|(?<![\d.])[1-5]\s*A级?|合格|通过|过了)(?=今年|想报|想申报|打算|准备|计划)/gi;

/** One run of characters with no separator in it, cut before each new fact. */
function cutRun(run: string): string {
  const cuts: number[] = [];
  let from = 0;
  let head: string | undefined;
  for (const m of run.matchAll(HEAD)) {
    const kind = headOf(m[0]);
    if (head && kind !== head && m.index > from && STATES.test(run.slice(from, m.index))) {
      cuts.push(m.index);
      from = m.index;
    }
    head = kind;
  }
  let out = run;
  for (const at of cuts.reverse()) out = `${out.slice(0, at)}，${out.slice(at)}`;
  return out.replace(THEN_PLAN, '$1，');
}

/** The text as the splitter reads it: "20，21年" joined into one list, a past award cut from this year's words, run-on facts apart. */
export function presplit(text: string): string {
  return text
    .replace(/(\d{2})\s*[,，]\s*(?=\d{2}\s*年)/g, '$1、')
    .replace(PAST_THEN_NOW, '$1，')
    .replace(/[^，,。；;！!？?、\s]+/g, cutRun);
}

/** The clauses of a message (normalised text). */
export function splitClauses(text: string, opts: SplitOptions = {}): Clause[] {
  const together = (opts.questions ?? 'together') === 'together';
  // "20，21年都拿过": two years of one list, not two clauses.
  const joined = presplit(text);
  const out: Clause[] = [];
  const pieces = joined.split(SENTENCE_END);
  for (let s = 0; s < pieces.length; s += 2) {
    const sentence = pieces[s]!;
    const end = pieces[s + 1] ?? '';
    const question = QUESTION.test(sentence + end);
    const parts = piecesOf(sentence);
    if (!parts.length) continue;
    if (question && together && parts.length > 1) {
      const said = sentence.trim();
      out.push({ text: said, said, negated: isNegated(said), carried: false, question, parts: parts.map((p) => p.text) });
      continue;
    }
    let owned: Piece | undefined;
    for (const part of parts) {
      // "2019年拿过品牌，哦不对，是2018年": the value said just before is replaced, the mistake said no more.
      if (!question && MISTAKE_ONLY.test(part.text)) {
        owned = part;
        continue;
      }
      const before = out[out.length - 1];
      const mended = !question && before && !before.question ? selfCorrected(before, owned ? `不对${part.text}` : part.text) : undefined;
      if (mended) out[out.length - 1] = { ...before!, text: mended };
      else {
        if (owned) out.push(carry(owned, out[out.length - 1], question));
        out.push(carry(part, out[out.length - 1], question));
      }
      owned = undefined;
    }
    if (owned) out.push(carry(owned, out[out.length - 1], question));
  }
  return out;
}

/** A piece that only owns a mistake: "哦不对", "说错了", "不是不是". */
const MISTAKE_ONLY = new RegExp(`^${OWNING_FILLER}?\\s*(?:${MISTAKE_WORDS}|不是不是|不是)[了啊哦]?[。.!！~]*$`);
/** The kinds of value a mistake can be owned of, each as it is written. */
const VALUE_KINDS: readonly RegExp[] = [/(?:20)?\d{2}\s*年/, /[ABCD]\s*等/i, /(?<![\d.])[1-5]\s*A级?/i, /\d{1,4}\s*(?:个|人|位|名|场|家|项)/];
/** "不对是2018年", "说错了，应该8个": owning a mistake, then the value meant and nothing else. */
const OWNED_THEN_VALUE = new RegExp(
  `^${OWNING_FILLER}?\\s*${MISTAKE_WORDS}[了啊哦]?[，,\\s]*(?:应该|其实|实际上?)?(?:是|有)?\\s*(${VALUE_KINDS.map((re) => re.source).join('|')})(?:才对|的|吧|哈|啊)?[。.!！~]*$`,
  'i',
);

/**
 * The clause before with its value replaced by the one meant, when the piece owns a mistake and gives
 * one value, and the clause before has exactly one value of that kind; else undefined.
 */
function selfCorrected(before: Clause, piece: string): string | undefined {
  const meant = OWNED_THEN_VALUE.exec(piece)?.[1];
  if (!meant) return undefined;
  const kind = VALUE_KINDS.find((re) => new RegExp(`^(?:${re.source})$`, 'i').test(meant));
  if (!kind) return undefined;
  const found = [...before.text.matchAll(new RegExp(kind.source, 'gi'))];
  if (found.length !== 1) return undefined;
  const at = found[0]!.index;
  return before.text.slice(0, at) + meant + before.text.slice(at + found[0]![0].length);
}

/** Whether a clause states a negation. */
export function isNegated(clause: string): boolean {
  return NEGATION.test(clause.replace(new RegExp(NOT_NEGATION.source, 'g'), ' '));
}

/** A piece as read (lead-ins joined without their space) and as it stands in the message. */
interface Piece {
  text: string;
  said: string;
}

/** A sentence's pieces: commas, connectors, 、 between two statements, spaces between Chinese facts. */
function piecesOf(sentence: string): Piece[] {
  const out: Piece[] = [];
  for (const comma of sentence.split(CLAUSE_SEP)) {
    for (const joined of splitOnConnectors(comma)) for (const listed of splitOnEnumeration(joined)) out.push(...splitOnSpaces(listed));
  }
  return out;
}

function splitOnConnectors(text: string): string[] {
  const out: string[] = [];
  let rest = text;
  for (;;) {
    const m = CONNECTOR.exec(rest) ?? BUT.exec(rest);
    if (!m) break;
    out.push(rest.slice(0, m.index));
    rest = rest.slice(m.index + m[0].length);
  }
  out.push(rest);
  return out;
}

/** "年检合格、没有违规" is two statements; "2020、2021年都拿过" and "会员之家、发展助力都拿过" are one list. */
function splitOnEnumeration(text: string): string[] {
  const items = text.split('、');
  const out: string[] = [items[0]!];
  for (const item of items.slice(1)) {
    const last = out[out.length - 1]!;
    if (PREDICATE.test(last) && PREDICATE.test(item)) out.push(item);
    else out[out.length - 1] = `${last}、${item}`;
  }
  return out;
}

/** Spaces separate facts ("评估4A 年检过了"), English words stay together, a lead-in joins the next piece. */
function splitOnSpaces(text: string): Piece[] {
  const chunks = text
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .reduce<string[]>((list, chunk) => {
      const last = list[list.length - 1];
      if (last !== undefined && /^[a-z'&-]+$/i.test(chunk) && /[a-z]$/i.test(last)) list[list.length - 1] = `${last} ${chunk}`;
      else list.push(chunk);
      return list;
    }, []);
  const out: Piece[] = [];
  let lead: Piece | undefined;
  chunks.forEach((chunk, i) => {
    const piece = lead ? { text: lead.text + chunk, said: `${lead.said} ${chunk}` } : { text: chunk, said: chunk };
    // (A verb whose object follows in English: "2020年拿过 development aid".)
    if (LEAD_IN.test(chunk) || (VERB_THEN_OBJECT.test(chunk) && /^[a-z]/i.test(chunks[i + 1] ?? ''))) {
      lead = piece;
      return;
    }
    out.push(piece);
    lead = undefined;
  });
  if (lead) out.push(lead);
  return out;
}

/** "2020年没有" after "2021年拿过发展助力": the predicate carried over, negated. */
function carry({ text, said }: Piece, before: Clause | undefined, question: boolean): Clause {
  const plain: Clause = { text, said, negated: isNegated(text), carried: false, question };
  // "会员之家不是我们拿的，标准制定也不是": the negated predicate of the clause before, said of another subject.
  const alsoNot = ELIDED_ALSO_NOT.exec(text);
  if (alsoNot && before?.negated && !ELIDED_NEGATIVE.test(text) && !(before.question && QUESTION.test(before.said))) {
    const at = before.text.search(NEGATION_AT);
    const carried = `${alsoNot[1]}${alsoNot[2]}${before.text.slice(at)}`;
    // (Only when the predicate carried says more than the piece: "年检也没有" after "…没有" carries nothing.)
    if (at > 0 && carried.length > text.length) return { text: carried, said, negated: true, carried: true, question };
  }
  const negative = ELIDED_NEGATIVE.exec(text);
  const positive = negative ? null : ELIDED_POSITIVE.exec(text);
  // Not from a piece that asks ("能报吗，20年没有"); a piece of a question sentence that states carries
  // ("发展助力2020年立项了、2021年没有，今年能报吗").
  if (!before || (before.question && QUESTION.test(before.said)) || !(negative || positive)) return plain;
  const timed = TIMED.exec(before.text);
  if (!timed) return plain;
  const [, topic, , rest] = timed;
  const core = rest!.replace(PREDICATE_HEAD, '');
  if (!core || !PREDICATE.test(core) || ELIDED_NEGATIVE.test(before.text) || ELIDED_POSITIVE.test(before.text)) return plain;
  // ("2021年合格，2021年也拿过": a piece with a verb of its own carries no other predicate.)
  if (positive?.[3] && /拿/.test(positive[3]) && !core.includes('拿')) return plain;
  const time = (negative ?? positive)![1]!;
  // "也是" after a negation is the same negation: "21年没拿过，20年也是".
  const negated = !!negative || before.negated;
  const carried = `${topic}${time}${negated ? '没有' : '也'}${core}`;
  // (Only when the predicate carried says more than the piece: "2021年 也是" after "2021年4A" says 4A again, no more.)
  if (carried.length <= said.length) return plain;
  return { text: carried, said, negated, carried: true, question };
}
