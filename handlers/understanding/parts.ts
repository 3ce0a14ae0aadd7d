import type { Guide, ProjectId } from '../../rules/index.js';
import type { Lang } from '../i18n.js';
import type { ProjectMatcher } from '../parse.js';
import { TAG_ASKING } from './question-words.js';

/**
 * Where one question ends and the next begins: "几号前交、交给谁", "…条件，有没有经费", "…？几月底前完成？",
 * "截止时间和网址" (a 和 parts only where both sides ask something different: see below).
 */
const BREAK_WITHOUT_AND = String.raw`[，,、？?；;。！!\n]+|(?<=[\u4e00-\u9fa5])\s+(?=[\u4e00-\u9fa5])|还有(?=.)|另外|以及|顺便问一?下|再问一?下`;
const PART_BREAK = new RegExp(String.raw`${BREAK_WITHOUT_AND}|(?<=[\u4e00-\u9fa5])和(?=[\u4e00-\u9fa5])`);

/** The same, without the 和: for a question that compares the two sides of it. */
const PART_BREAK_NO_AND = new RegExp(BREAK_WITHOUT_AND);
/** "一样吗", "不一致", "有什么区别": the two sides of a 和 are compared. */
const COMPARED = /一样|一致|相同|不同|区别|差别/;

/** "分别", "各自", "都": one question asked of both sides of a 和. */
const BOTH_ASKED = /分别|各自|各是|都是/;
/** The words of asking: a piece without any asks nothing. */
const QUESTION_FORM =
  /[?？]|吗|呢|么|什么|啥|几|哪|多少|怎么|咋|如何|是否|能否|可否|谁|要不要|有没有|(?<!不)是不是|能不能|可不可以|行不行|够不够|多久|何时|(\S)不\1|没有?[?？]?$|吧$/;

/** English: punctuation with an optional "and", or an "and" before a question word. */
const EN_PART_BREAK = /[,?;]+\s*(?:and\s+)?|\s+and\s+(?=(?:where|when|what|who|whom|how|which|do|does|did|can|could|is|are|should|must|may)\b)/i;

/** A piece that ends in what is asked for: "…的条件", "…的考核要求", "截止时间". */
const ASKED_FOR = /(条件|要求|材料|时间|截止日期|网址|联系人|经费|流程|名额|地址)$/;

/** "沙龙办15场够吗", "专家8个够不够": a count asked about, a question of its own beside others. */
const ASKS_YES_NO = /(\d|[一二两三四五六七八九十]+)\s*(个|场|人|名|位|项|次).{0,4}(吗|么|够不够|行不行|可不可以|对不对)[?？]?$/;

/** "科技评估呢", "那决策咨询呢": the question before, asked of another project. */
const SAME_OF = /^(那|那么|还有)?[^，,。？?]{2,16}呢[?？]?$/;

/**
 * The questions a message asks, each as it would be asked alone. A part that names no project is
 * about the projects the part before it named ("健康专项要几个专家？几月底前完成？"); a part that
 * asks nothing ("我们B等") leads into the next one. One part when the message asks one thing.
 */
/** "电子版呢", "那纸质的呢": only a topic, asked with 呢. */
const BARE_TOPIC = /^(那|那么)?[^，,。？?\s]{1,6}(呢|嘞|咧)[?？]?$/;

export function questionParts(text: string, guide: Guide, matcher: ProjectMatcher, intentOf: (text: string) => string | undefined, lang: Lang): string[] {
  // In English, parts are parted by punctuation and a leading "and" ("When is the deadline, and where…").
  // "When is the deadline and where do we send…": an "and" before a question word parts too.
  // ("电子版和纸质版不一样行不行": a 和 between the two things compared parts nothing.)
  // (Nor "电子版和纸质版分别最晚什么时候交": one question of both.)
  const breaks = COMPARED.test(text) || BOTH_ASKED.test(text) ? PART_BREAK_NO_AND : PART_BREAK;
  const pieces = (lang === 'en' ? text.split(EN_PART_BREAK) : text.split(breaks)).map((p) => p.trim()).filter(Boolean);
  if (pieces.length < 2) return [text];
  const parts: string[] = [];
  let lead = '';
  /** A part is the one before asked of another project: the same kind, yet a question of its own. */
  let askedOfAnother = false;
  for (const piece of pieces) {
    // ("我们两个都想报，中不中": a bare tag asks of the part before it, not a question of its own.)
    if (parts.length && !lead && TAG_ASKING.test(piece)) {
      parts[parts.length - 1] = `${parts[parts.length - 1]}，${piece}`;
      continue;
    }
    const words = lead ? `${lead}，${piece}` : piece;
    // "标准制定几号截止，科技评估呢": the same question as the part before, of another project.
    // (A short name there too: "标准制定几号截止，评估的呢".)
    const sameOf = !lead && parts.length && !intentOf(piece) && SAME_OF.test(piece) ? namedOrShort(matcher, piece, guide) : [];
    const before = sameOf.length ? matcher.mask(parts[parts.length - 1]!) : '';
    if (before.split('□').length === 2) {
      parts.push(before.replace(/□+/, namesOf(guide, sameOf)).replace(/□/g, ''));
      askedOfAnother = true;
      continue;
    }
    // ("电子版呢，还剩几天": a first piece that only names what is asked about leads the question after it.)
    // (Nor a piece that asks nothing, whatever its words: "我们理事长下周一才回南京签字盖章" leads.)
    // (A short noun phrase asks by itself: "截止时间和网址".)
    // ("一流科技服务学会的条件和认定后的考核要求": a noun phrase of what is asked for, however long.)
    const asks = lang === 'en' || piece.length < 10 || QUESTION_FORM.test(piece) || ASKED_FOR.test(piece);
    if ((!intentOf(piece) && !ASKS_YES_NO.test(piece)) || (!parts.length && BARE_TOPIC.test(piece)) || !asks) {
      lead = words;
      continue;
    }
    parts.push(words);
    lead = '';
  }
  if (lead && parts.length) parts[parts.length - 1] = `${parts[parts.length - 1]}，${lead}`;
  // Split only where each part, as it stands, asks something of its own, and not all the same.
  // "沙龙办15场够吗，材料交哪里": a yes-or-no part of no topic of its own is a part of its own kind.
  const intents = parts.map((part) => intentOf(part) ?? (ASKS_YES_NO.test(part) ? 'yes-no' : undefined));
  if (parts.length < 2 || intents.some((i) => !i) || (new Set(intents).size < 2 && !askedOfAnother)) return [text];
  let named: ProjectId[] = [];
  return parts.map((part) => {
    const own = matcher.find(part);
    if (own.length) {
      named = own;
      return part;
    }
    return named.length ? `${namesOf(guide, named)}${part}` : part;
  });
}

/** The projects a follow-up names, or the one its short word is part of ("评估的呢" → 科技评估). */
function namedOrShort(matcher: ProjectMatcher, piece: string, guide: Guide): ProjectId[] {
  const named = matcher.find(piece, { groups: false });
  if (named.length) return named;
  const word = piece.replace(/^(那|那么|还有)|的?呢[?？]?$/g, '');
  const short = matcher.shortName(word);
  if (short) return [short];
  // "平台的呢": a short word a whole group shares names the group ("一流平台学会建设").
  const grouped = matcher.find(word);
  if (grouped.length) return grouped;
  // (Of a group whose own name holds the word: "平台" is 一流平台学会建设's, not the 服务平台建设 category's.)
  const owners = matcher.owners(word).filter((id) => guide.project(id).group?.includes(word));
  const groups = new Set(owners.map((id) => guide.project(id).group));
  return owners.length > 1 && groups.size === 1 ? owners : [];
}

/** The words for projects named before: a whole group by the group's name. */
function namesOf(guide: Guide, ids: ProjectId[]): string {
  const groups = new Set(ids.map((id) => guide.project(id).group));
  const group = groups.size === 1 ? [...groups][0] : undefined;
  if (ids.length > 1 && group) return group;
  return ids.map(guide.projectName).join('、');
}
