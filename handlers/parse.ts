import { isAcknowledgement, NO_PROBLEM, NO_SUCH_THING, PAST_AWARD, PLAN_ADD, PLAN_REMOVE, yearsIn } from './understand.js';
import { CORRECTING, GENERIC_WORD, NONE_RECEIVED, RHETORICAL, TROUBLE_DENIED } from './understanding/cues.js';
import { daySaid } from './understanding/day-said.js';
import { normaliseText } from './understanding/normalise.js';
import { splitClauses } from './understanding/split.js';
import { ENGLISH_CUES } from './understanding/english-cues.js';
import { PROJECT_IDS, type Fact, type Grade, type Guide, type OrgType, type Profile, type ProjectId } from '../rules/index.js';

/** Free-text understanding: forgiving of case, full-width characters, Chinese numerals and filler. */

/** Full-width ASCII to half-width, lower-cased, spaces squeezed. */
export function normalise(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\u200B-\u200D\uFEFF]/g, '')
    .replace(/\u3000/g, ' ')
    .trim();
}

const CN_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

/** "6", "六", "十二", "12" → number. */
export function parseNumber(text: string): number | undefined {
  const digits = /\d+/.exec(text);
  if (digits) return Number(digits[0]);
  // "一下", "一起", "一流" are not numbers.
  const m = /[零〇一二两三四五六七八九十]+/.exec(text.replace(/一(下|起|些|流|直|样|定|般|共|旦|点)/g, ''));
  if (!m) return undefined;
  const s = m[0];
  if (s.includes('十')) {
    const [tens, ones] = s.split('十');
    return (tens ? (CN_DIGITS[tens] ?? 1) : 1) * 10 + (ones ? (CN_DIGITS[ones] ?? 0) : 0);
  }
  return CN_DIGITS[s];
}

const NEGATIVE = /^(否|不是|不|没有|没|无|未|n|no|nope|false|0|×|不合格|不通过)|没有|没|未|无|不合格|不通过|不是|木有|冇|莫得/i;
// Only words that answer: "好的", "嗯", "ok" acknowledge and are never a yes (see understand.ts).
const POSITIVE =
  /^(是|是的|有|对|对的|合格|通过|已|已经|y|yes|true|✓|√)|有|合格|通过|已经|是的|良好|没问题|过了|过啦|过的|过关|(都|一直|每年|年年)(都)?过|报备了|备案了|已备案|办好了/i;
/** "不太清楚", "不记得了", "要查一下": no answer yet, never a "no". */
export const UNSURE =
  /^(先)?(跳过|skip|pass|不(太|是很|大|很)?(知道|清楚|确定|记得)|记不(清|得)|忘了|以后再说|回头再说|再说吧?|待定|稍后|晚点|等会儿?|要查一下|查一下|问一下|我问问)[了呢啊吧哦呀诶嘛。.!！~]*$/i;

/** Yes or no in Chinese or English; negatives win ("没有" contains "有"). */
/** A leading "by the way": "对了，", "哦对了", "还有，", "另外，", "顺便问下". */
const BY_THE_WAY = /^(哦|噢)?(对了|还有|另外|顺便(说|问)?(一?下)?)[，,\s]*/;

export function parseYesNo(text: string): boolean | undefined {
  // "对了，…", "还有，…": by the way, no yes.
  const t = normalise(text).toLowerCase().replace(BY_THE_WAY, '');
  if (!t || UNSURE.test(t) || isAcknowledgement(t)) return undefined;
  // Not known yet: "结果还没出来", "还在审".
  if (/还没出|没出来|还没(有)?结果|还在(审|办|走流程)|没下来|待定|还不知道/.test(t)) return undefined;
  // Double negatives: "没有不合格过", "不是没有".
  if (/没(有)?不(合格|通过)|从(来)?没(有)?不|不是没(有)?/.test(t)) return true;
  if (NO_PROBLEM.test(t) || /没错|不错/.test(t)) return true;
  // "不存在这种情况" to a question that is not about misconduct: unclear, asked again, never a "no".
  if (NO_SUCH_THING.test(t)) return undefined;
  if (NEGATIVE.test(t)) return false;
  if (POSITIVE.test(t)) return true;
  return undefined;
}

// ── simple English answers, read only in an English chat ─────────────────────

/** "not sure", "skip", "don't know": no answer yet. */
export const EN_UNSURE =
  /^(skip|pass|not sure|unsure|no idea|(i )?(don'?t|do not) know|(i )?(don'?t|do not) remember|later|maybe later|(i'?ll|let me|need to) check)[.!~]*$/i;

const en = (text: string) =>
  normalise(text)
    .toLowerCase()
    .replace(/[.!~]+$/, '')
    .trim();

/** "none", "no", "nothing": an empty answer. */
export function isNoneEn(text: string): boolean {
  return /^(none|no|nothing|neither|never|zero|nil|n\/a|none of them)$/.test(en(text));
}

/** "yes" / "no" and their usual variants. */
export function parseYesNoEn(text: string): boolean | undefined {
  const t = en(text);
  if (!t || EN_UNSURE.test(t) || isAcknowledgement(t)) return undefined;
  if (
    /^(no|n|nope|not|never|none|false|failed|fail|neither|(we )?(did not|didn'?t|do not|don'?t|does not|doesn'?t|has not|hasn'?t|have not|haven'?t))\b/.test(t)
  )
    return false;
  if (/^(yes|y|yeah|yep|yup|sure|true|passed|correct|right|of course|indeed|done|filed|(we )?(do|did|have|has))\b/.test(t)) return true;
  return undefined;
}

/** "B", "grade B", "none", "not evaluated" → grade. */
export function parseGradeEn(text: string): Grade | undefined {
  const t = en(text);
  if (/^(none|not evaluated|not rated|no grade|n\/a|(we )?(did not|didn'?t) (take part|participate))$/.test(t)) return 'none';
  const m = /^(?:grade\s*)?([abcd])(?:\s*grade)?$/.exec(t);
  return m ? (m[1]!.toUpperCase() as Grade) : undefined;
}

/** "level 4", "none", "not assessed" → 0–5 ("4A" is read by parseLevel). */
export function parseLevelEn(text: string): number | undefined {
  const t = en(text);
  if (/^(none|no|not assessed|unassessed|never assessed|n\/a|(we )?(were not|weren'?t|have not been|haven'?t been) assessed)$/.test(t)) return 0;
  const m = /^level\s*([1-5])\s*a?$/.exec(t);
  return m ? Number(m[1]) : undefined;
}

/** "society", "affiliated institution", "other" → organisation type. */
export function parseOrgTypeEn(text: string): OrgType | undefined {
  const t = en(text);
  if (/institution|affiliated/.test(t)) return 'affiliated_institution';
  if (/\b(other|company|enterprise|business|university|college|hospital|city|county|national)\b/.test(t)) return 'other';
  if (/\b(society|association|provincial)\b/.test(t)) return 'society';
  return undefined;
}

/**
 * An English chat's plain statements, turned into the Chinese cues the fact reader knows:
 * "apply for 标准制定" → "想报 标准制定", "our event is on 2022-10-15" → "our 活动 is on 2022-10-15".
 */
export function englishCues(text: string): string {
  // "we never got 会员之家" → "we 没拿过会员之家": no space left between the Chinese words put in and the
  // Chinese around them, which the splitter would take for a clause break.
  return ENGLISH_CUES.reduce((t, [re, to]) => (typeof to === 'string' ? t.replace(re, to) : t.replace(re, to)), text)
    .replace(/、年/g, '年')
    .replace(/([\u4e00-\u9fa5])\s+(?=[\u4e00-\u9fa5])/g, '$1');
}

/** A partner of the society's project: its type or name is never the society's own. */
const PARTNER = /合作(单位|方|伙伴)|协办|合办(单位|方)|承办(单位|方)|支持单位|联合(单位|方)|参与单位|对方|他们|人家|\bpartners?\b|co-?organi[sz]er|co-?host/i;
/** "南京大学下面的学会", "挂靠在东南大学": a body the society sits under, which says nothing of its own type. */
const HOSTED_BY = /(大学|高校|学院|医院|公司|企业|研究院|研究所)(下面|下属|底下|里面|里)的|挂靠/;
/** "省科协下面的事业单位办的会", "跟一个事业单位合办": a unit that hosts or partners an event, not the writer's own type. */
const UNIT_OF_EVENT = /(事业单位|直属单位|研究院|研究所)(?:来|负责)?(办|主办|承办|协办|合办|牵头|组织|举办)|(跟|和|与|同|由)[^，,。]{0,10}(事业单位|直属单位)/;

/** "B等", "b", "评为B", "没参加" → grade. */
export function parseGrade(text: string): Grade | undefined {
  // "不是A等，是B等": what is denied is not the answer.
  let t = normalise(text)
    .toUpperCase()
    .replace(/不是\s*[ABCD]\s*等?/g, '');
  // "20年A 21年B": the latest year given is last year's grade.
  const byYear = [...t.matchAll(/(\d{2,4})\s*年[^ABCD\d]{0,6}([ABCD])(?![A-Z])/g)];
  if (byYear.length > 1) t = byYear.sort((a, b) => Number(b[1]!.slice(-2)) - Number(a[1]!.slice(-2)))[0]![2]!;
  if (/没(有)?参加|未参加|没评|未评|没(有)?参评|未参评|没参与|没有评价|无等级|^无$|^没有$|NONE/.test(t)) return 'none';
  // (A letter after a digit is an assessment level, "3A", never a grade.)
  const m = /(?:^|[^A-Z])(?<!(?:^|[^\d])[1-5一二三四五]\s*)([ABCD])(?:\s*[等级类]|$|[^A-Z])/.exec(t) ?? /^([ABCD])$/.exec(t);
  if (m) return m[1] as Grade;
  const cn = /([甲乙丙丁])等/.exec(t);
  if (cn) return ({ 甲: 'A', 乙: 'B', 丙: 'C', 丁: 'D' } as const)[cn[1] as '甲'];
  return undefined;
}

/** "4A", "四A", "5A级", "AAAA", "未评估" → 0–5. */
export function parseLevel(text: string): number | undefined {
  const t = normalise(text)
    .toUpperCase()
    .replace(/不是\s*([1-5一二三四五]\s*A|A{2,5})\s*级?/g, '');
  if (/未(参加)?评估|没(有)?(参加)?评估|没评过|无评估|^0$|^无$|^没有$/.test(t)) return 0;
  if (/几\s*A|多少\s*A/.test(t)) return undefined; // "要几A": a question, not an answer
  const a = /(?:^|[^A-Z])(A{1,5})(?:级|$|[^A-Z])/.exec(t);
  // "AAAA" counts the letters; a lone "A" is a level only when it is the whole answer.
  if (a && !/\d|[一二三四五]/.test(t) && (a[1]!.length >= 2 || /^A级?$/.test(t))) return a[1]!.length;
  // "4A", "四A"; not the 1 and a of "2021 and" (a digit of a longer number, a letter of a word).
  const m = /(?<!\d)([1-5]|[一二三四五])\s*A(?![A-Z])/.exec(t) ?? /^([1-5]|[一二三四五])\s*(级|星)?$/.exec(t);
  if (m) return /\d/.test(m[1]!) ? Number(m[1]) : CN_DIGITS[m[1]!];
  return undefined;
}

/** Not a provincial society: a city or county society, a national one, a company, a university… */
const OTHER_ORG = /其他|其它|企业|公司|高校|大学|医院|[市县区]级|[市县区]学会|市.{0,8}(学会|协会)|全国(性)?(学会|协会)|中国.{0,10}(学会|协会)|^other$/i;

export function parseOrgType(text: string): OrgType | undefined {
  const t = normalise(text);
  if (/不是.{0,6}(事业单位|直属|学会|协会|企业|公司)/.test(t)) return undefined;
  if (/直属|事业单位/.test(t)) return 'affiliated_institution';
  if (OTHER_ORG.test(t) && !/省级?学会|省.{0,10}(学会|协会|研究会|促进会)/.test(t)) return 'other';
  if (/省级?学会|学会|协会|研究会|促进会|^society$/i.test(t)) return 'society';
  if (OTHER_ORG.test(t)) return 'other';
  return undefined;
}

/** A matcher for project names, aliases and close typos, built from the guide data. */
export interface ProjectMatcher {
  /**
   * Every project mentioned, in order of appearance. A group name ("一流平台", "乡村振兴") stands
   * for all of its sub-projects, unless `groups: false`.
   */
  find(text: string, opts?: { groups?: boolean }): ProjectId[];
  /** Best single project for a short answer, tolerating a typo. */
  best(text: string): ProjectId | undefined;
  /** A short word (2–4 characters) that is part of one project's names only: "评估" → 科技评估. */
  shortName(word: string): ProjectId | undefined;
  /** Every project one of whose names (or its group's) holds the word: "平台" → the three platforms. */
  owners(word: string): ProjectId[];
  /** The text with every project name blanked out, so "决策咨询" is not read as "咨询". */
  mask(text: string): string;
  /**
   * The sub-projects each short shared word of a list or plan stands for, when it names no one project:
   * "乡村和健康各报一个" → [[助力乡村产业发展, 助力美丽乡村建设]]. Which one is meant is for the person to say.
   */
  shared(text: string): ProjectId[][];
  /** A project name typed with one wrong character somewhere in a question ("一流学汇", "标准制订"). */
  fuzzy(text: string): ProjectId | undefined;
}

/**
 * "一流平台学会建设" → also "一流平台学会", "一流平台", "平台学会"; "科技助力乡村振兴实事专项" → also
 * "科技助力乡村振兴", "乡村振兴". Secretaries drop the trailing 建设 and the leading 一流/科技助力.
 */
function groupTerms(name: string): string[] {
  const short = name.replace(/(学会)?建设$|实事专项$|专项$/, '');
  const unbuilt = name.replace(/建设$/, '');
  // "平台子项目", "乡村振兴子项目": the group's core with 子项目.
  const core = short.replace(/^一流|^科技助力/, '');
  return [...new Set([name, short, unbuilt, short.replace(/^科技助力/, ''), unbuilt.replace(/^一流/, ''), `${core}子项目`, `${short}子项目`])].filter(
    (t) => t.length >= 4,
  );
}

/** Words after a category's name that make it the category: "学会建设里能报哪些". */
const CATEGORY_SUFFIXES = ['里', '里面', '类', '类别', '方面', '这块', '那块', '这一类', '中'];

/** "乡村两个", "乡村的俩": a short word and the number of projects it stands for. */
const SHARED_WORD_COUNTED = /的?(两|俩|二|三|四|[2-4](?!\d))个?(?=都|一起|全|[、，,+/和。.!！\s]|$|吧|了)/g;
/** "平台的能报两个吗", "乡村的可以报几个": a count asked of a group's word; the word is the whole group. */
const COUNT_ASKED_OF_WORD = /的?(?:还)?(?:能|可以|可|最多能?)(?:报|申报|选)(?:两|俩|二|三|四|几|[2-4](?!\d))个/g;
/** What follows the last item of a list: "能都报吗", "都要", "两个". */
const AFTER_LIST_ITEM = /(各|分别|每|能|可以|可不可以|能不能|都|一起|同时|也|还|要|想|报|申报|吗|呢|[?？]|这|那|两|俩|\d).*$/;

/** "评估的委托协议", "评估几号要完成": two characters, then a thing of it (not its grade, result or state) or a question of its dates or papers. */
const SHORT_NAME_OWNS =
  /(?<=^|[^\u4e00-\u9fa5]|那|这|和|跟|与|报|做|搞|个)([\u4e00-\u9fa5]{2})(?:(?:项目)?的(?!等级|级别|结果|情况|话|时候|是|为)(?=[\u4e00-\u9fa5]{2})|(?:项目)?(?=几号|什么时候|啥时候|何时|截止|要交|交什么|交啥|申报要|申报时|怎么报|要完成|几月))/g;

/** "三个平台", "两个乡村的": a count, then the word it counts. */
// ("俩乡村的": 俩 is two without its 个.)
const COUNTED_THEN_WORD = /(俩|(?:两|二|三|四|[2-4](?!\d))(?=个))个?的?([\u4e00-\u9fa5]{2,4})/g;
const chineseCount = (n: string) => Number(n) || ({ 两: 2, 俩: 2, 二: 2, 三: 3, 四: 4 }[n] ?? 0);

export function projectMatcher(guide: Guide): ProjectMatcher {
  const byTerm = new Map<string, Set<ProjectId>>();
  const add = (term: string, id: ProjectId) => {
    const key = normalise(term).toLowerCase();
    if (!byTerm.has(key)) byTerm.set(key, new Set());
    byTerm.get(key)!.add(id);
  };
  for (const id of PROJECT_IDS) {
    const p = guide.project(id);
    const names = new Set([p.name, ...p.name.split(' · '), ...p.aliases]);
    for (const name of names) add(name, id);
    // "学术学会也加": a name without its leading 一流, as groupTerms drops it from a group's name; never a
    // category's own name ("学会建设" of 一流学会建设) nor shorter than four characters.
    const categories = new Set(guide.data.categories.map((c) => c.name));
    for (const name of names) {
      const bare = name.replace(/^一流/, '');
      if (bare !== name && bare.length >= 4 && !categories.has(bare) && /学会$/.test(bare)) add(bare, id);
    }
    if (p.group) for (const term of groupTerms(p.group)) add(term, id);
    add(id, id);
  }
  // A category's own name stands for its sub-projects, as a group's does ("服务平台建设能报几个"); the
  // four-character ones (学会建设, 学术建设) are everyday words too, and name no set.
  for (const c of guide.data.categories)
    for (const term of new Set([c.name, c.name.replace(/建设$/, '')]))
      if (term.length >= 5 || (term !== c.name && term.length >= 4)) for (const id of c.projects) add(term, id);
  // …but "学会建设里", "学术建设类" name the category plainly.
  for (const c of guide.data.categories) for (const suffix of CATEGORY_SUFFIXES) for (const id of c.projects) add(`${c.name}${suffix}`, id);
  // Longest first, so 一流学会建设 is not read as 一流学会 + 建设, nor 一流科普学会 as 科普学会.
  const terms = [...byTerm].map(([term, ids]) => [term, [...ids]] as const).sort((a, b) => b[0].length - a[0].length);
  const scan = (text: string, groups: boolean) => {
    let rest = normalise(text)
      .toLowerCase()
      .replace(NOT_A_PROJECT, (w) => '\u0000'.repeat(w.length));
    const hits: Array<[number, readonly ProjectId[]]> = [];
    for (const [term, ids] of terms) {
      let at = rest.indexOf(term);
      while (at >= 0) {
        if (groups || ids.length === 1) hits.push([at, ids]);
        rest = rest.slice(0, at) + '\u0000'.repeat(term.length) + rest.slice(at + term.length);
        at = rest.indexOf(term);
      }
    }
    return { hits, rest };
  };
  // Two characters that belong to one sub-project of a group and to none of its siblings:
  // "乡村振兴里产业那个" is 助力乡村产业发展, "一流平台科普那个" is 一流科普学会.
  const own = new Map<ProjectId, string[]>();
  const termsOf = (id: ProjectId) => [...byTerm].filter(([, ids]) => ids.size === 1 && ids.has(id)).map(([term]) => term);
  const bigrams = (t: string) => [...t].slice(0, -1).map((c, i) => c + t[i + 1]);
  for (const id of PROJECT_IDS) {
    const p = guide.project(id);
    if (!p.group) continue;
    const siblings = PROJECT_IDS.filter((o) => o !== id && guide.project(o).group === p.group);
    const theirs = new Set(siblings.flatMap(termsOf).flatMap(bigrams));
    const groupWords = new Set(groupTerms(p.group).flatMap(bigrams));
    own.set(
      id,
      [...new Set(termsOf(id).flatMap(bigrams))].filter((b) => !theirs.has(b) && !groupWords.has(b) && !/[a-z_ ]/.test(b)),
    );
  }
  const narrow = (found: readonly ProjectId[], text: string): readonly ProjectId[] => {
    if (found.length < 2) return found;
    const hits = found.filter((id) => own.get(id)?.some((b) => text.includes(b)));
    return hits.length === 1 ? hits : found;
  };
  // "标准、评估、决策咨询": in a list of project names, a short item that is part of one project's
  // names only ("评估" of 科技评估) names that project; alone, "评估" is the society's 评估等级.
  /** Every project one of whose terms holds the word (the one lookup behind lists, counts and short names). */
  const holders = (word: string): Set<ProjectId> => new Set([...byTerm].filter(([term]) => term.includes(word)).flatMap(([, ids]) => [...ids]));
  const listed = (plain: string, hits: Array<[number, readonly ProjectId[]]>): Array<[number, readonly ProjectId[]]> => {
    // A list: two names recognised, or one in a list of three items ("团标、评估和咨询").
    const items = plain.split(/[、，,/／和及与跟+()（）]/);
    // (Or two items beside one name: "标准和评估能都报吗".)
    if (hits.length < 2 && !(hits.length === 1 && items.length >= 2)) return [];
    const extra: Array<[number, readonly ProjectId[]]> = [];
    let at = 0;
    for (const raw of items) {
      const start = at;
      at += raw.length + 1;
      // "标准和评估能都报吗": the item is the words before what is asked or said of the list.
      const item = raw.replace(AFTER_LIST_ITEM, '');
      if (item.length < 2 || item.length > 4 || scan(item, true).hits.length || !/^[\u4e00-\u9fa5]+$/.test(item)) continue;
      const near = hits.some(([pos]) => Math.abs(pos - start) <= 12);
      const owners = holders(item);
      if (near && owners.size === 1) extra.push([start, [...owners]]);
    }
    return extra;
  };
  // "乡村两个": a short word shared by exactly as many projects as the count said with it names them all.
  const counted = (rest: string): Array<[number, readonly ProjectId[]]> => {
    const extra: Array<[number, readonly ProjectId[]]> = [];
    for (const m of rest.matchAll(SHARED_WORD_COUNTED)) {
      // The word just before the count, two to four characters ("那就乡村两个" is 乡村).
      for (let len = 2; len <= 4 && len <= m.index; len++) {
        const word = rest.slice(m.index - len, m.index);
        if (!/^[\u4e00-\u9fa5]+$/.test(word)) break;
        const owners = holders(word);
        if (owners.size < 2) continue;
        const many = sharedBy(word, owners, chineseCount(m[1]!));
        if (many) extra.push([m.index - len, many]);
        break;
      }
    }
    // "平台的能报两个吗": the group whose name holds the word, whatever count is asked.
    for (const m of rest.matchAll(COUNT_ASKED_OF_WORD)) {
      for (let len = 2; len <= 4 && len <= m.index; len++) {
        const word = rest.slice(m.index - len, m.index);
        if (!/^[\u4e00-\u9fa5]+$/.test(word)) break;
        if (GENERIC_WORD.test(word) || /学会$/.test(word)) continue;
        const groups = [...new Set(PROJECT_IDS.map((id) => guide.project(id).group).filter((g): g is string => !!g && g.includes(word)))];
        if (groups.length !== 1) continue;
        extra.push([m.index - len, PROJECT_IDS.filter((id) => guide.project(id).group === groups[0])]);
        break;
      }
    }
    // "三个平台": the count before the word.
    for (const m of rest.matchAll(COUNTED_THEN_WORD)) {
      for (let len = 4; len >= 2; len--) {
        const word = m[2]!.slice(0, len);
        if (word.length < len) continue;
        const owners = holders(word);
        const many = owners.size >= 2 ? sharedBy(word, owners, chineseCount(m[1]!)) : undefined;
        if (many) {
          extra.push([m.index, many]);
          break;
        }
      }
    }
    return extra;
  };
  // The projects a word stands for when a count is said with it: all its owners when they are that many,
  // else the one group whose name holds the word and has that many ("三个平台" is 一流平台's three).
  const sharedBy = (word: string, owners: Set<ProjectId>, n: number): ProjectId[] | undefined => {
    if (owners.size === n) return [...owners];
    const groups = [...new Set(PROJECT_IDS.map((id) => guide.project(id).group).filter((g): g is string => !!g && g.includes(word)))];
    const sized = groups.map((g) => PROJECT_IDS.filter((id) => guide.project(id).group === g)).filter((ids) => ids.length === n);
    return sized.length === 1 ? sized[0] : undefined;
  };
  // "评估的委托协议", "奖励的材料": a short word that is part of one project's names only, owning a thing
  // (X的 + a noun), names that project; alone, "评估" is the society's 评估等级 ("评估的等级", "评估的结果" too).
  const possessed = (rest: string): Array<[number, readonly ProjectId[]]> =>
    [...rest.matchAll(SHORT_NAME_OWNS)].flatMap((m) => {
      const owners = holders(m[1]!);
      return owners.size === 1 ? [[m.index, [...owners]] as [number, readonly ProjectId[]]] : [];
    });
  const find = (text: string, opts: { groups?: boolean } = {}) => {
    const ids: ProjectId[] = [];
    const plain = normalise(text).toLowerCase();
    const groups = opts.groups ?? true;
    const { hits, rest } = scan(text, true);
    // Narrowed on the words outside every name: "一流学会" beside "平台学会" is no hint of 一流学术学会.
    const outside = rest.toLowerCase();
    // Each of the counted projects is named on its own, so they count with `groups: false` too.
    const each = counted(rest).flatMap(([at, found]) => found.map((id) => [at, [id]] as [number, readonly ProjectId[]]));
    for (const [, found] of [...hits, ...listed(plain, hits), ...each, ...possessed(rest)].sort((a, b) => a[0] - b[0])) {
      const narrowed = narrow(found, outside);
      if (!groups && narrowed.length > 1) continue;
      for (const id of narrowed) if (!ids.includes(id)) ids.push(id);
    }
    return ids;
  };
  const mask = (text: string) => scan(text, true).rest.replace(/\u0000+/g, '□');
  const best = (text: string) => {
    const exact = find(text, { groups: false });
    if (exact.length) return exact[0];
    if (find(text).length) return undefined; // a group name: several sub-projects, none singled out
    const t = normalise(text).toLowerCase();
    if (t.length < 2) return undefined;
    let top: [number, ProjectId] | undefined;
    for (const [term, ids] of terms) {
      if (term.length < 3 || /^[a-z_]+$/.test(term) || ids.length > 1) continue;
      const distance = levenshtein(t, term);
      const allowed = term.length >= 6 ? 2 : 1;
      if (distance <= allowed && (!top || distance < top[0])) top = [distance, ids[0]!];
    }
    return top?.[1];
  };
  const fuzzy = (text: string) => {
    const t = normalise(text).toLowerCase();
    let top: [number, number, ProjectId] | undefined; // [distance, -term length, id]
    for (const [term, ids] of terms) {
      if (term.length < 4 || ids.length > 1 || /^[a-z_]+$/.test(term)) continue;
      // Within one edit, the text holds all but at most one of the term's characters: a cheap
      // test that spares the edit distances for almost every term.
      let present = 0;
      for (const ch of term) if (t.includes(ch)) present++;
      if (present < term.length - 1) continue;
      // A dropped character only counts in longer names: "会员之" is not "会员之家".
      for (let len = term.length >= 5 ? term.length - 1 : term.length; len <= term.length + 1; len++) {
        for (let at = 0; at + len <= t.length; at++) {
          // With two characters either side: "联合主办" reaches past the window "学会联合".
          if (NOT_A_TYPO.test(t.slice(at, at + len)) || NOT_A_TYPO_NEAR.test(t.slice(Math.max(0, at - 2), at + len + 2))) continue;
          const d = editsUpToOne(t.slice(at, at + len), term);
          if (d <= 1 && (!top || d < top[0] || (d === top[0] && -term.length < top[1]))) top = [d, -term.length, ids[0]!];
        }
      }
    }
    return top?.[2];
  };
  const owners = (word: string): ProjectId[] => {
    const item = normalise(word).toLowerCase();
    if (item.length < 2 || item.length > 4 || !/^[\u4e00-\u9fa5]+$/.test(item)) return [];
    return [...holders(item)];
  };
  const shortName = (word: string): ProjectId | undefined => {
    const found = owners(word);
    return found.length === 1 ? found[0] : undefined;
  };
  const shared = (text: string): ProjectId[][] => {
    const out: ProjectId[][] = [];
    for (const raw of normalise(text)
      .toLowerCase()
      .split(/[、，,。；;/／和及与跟+()（）\s]/)) {
      const item = raw.replace(PLAN_VERB_BEFORE, '').replace(AFTER_LIST_ITEM, '');
      if (item.length < 2 || item.length > 4 || !/^[\u4e00-\u9fa5]+$/.test(item) || scan(item, true).hits.length) continue;
      const owners = holders(item);
      // A group's own word stands for the group ("平台" → the three platforms); another word for its few owners.
      const group = PROJECT_IDS.map((id) => guide.project(id).group).find((g) => !!g && g.includes(item));
      const ids = group ? PROJECT_IDS.filter((id) => guide.project(id).group === group) : owners.size <= 3 ? [...owners] : [];
      if (ids.length >= 2) out.push(ids);
    }
    return out;
  };
  return { find, best, mask, fuzzy, shortName, owners, shared };
}

/** A plan's verb before its object: "想报乡村", "再加个平台". */
const PLAN_VERB_BEFORE = /^(我们|今年|还|再|也|想|要|打算|准备|计划)*(报|申报|申请|加报|加|添|搞|做)(个|一个)?/;

/** Words a mistyped project name never is: "一个学会" is not "一流学会", "这个项目" not a project. */
const NOT_A_TYPO = /[一两几每这那哪各][个些项]|我们|你们|他们|学会的/;
/** Words a mistyped name never runs into: "学会联合主办" is no 学会联合体. */
const NOT_A_TYPO_NEAR = /主办|承办|协办/;

/**
 * 0, 1, or 2 meaning "more than one": the edit distance only as far as fuzzy matching needs it.
 * Linear in the length, where the full distance is quadratic: matching stays cheap on long
 * messages (npm run bench measures the worst event-loop delay).
 */
export function editsUpToOne(a: string, b: string): 0 | 1 | 2 {
  if (a === b) return 0;
  if (Math.abs(a.length - b.length) > 1) return 2;
  const [s, l] = a.length <= b.length ? [a, b] : [b, a];
  let i = 0;
  while (i < s.length && s[i] === l[i]) i++;
  // Same length: one substitution; one longer: one insertion.
  return (s.length === l.length ? s.slice(i + 1) === l.slice(i + 1) : s.slice(i) === l.slice(i + 1)) ? 1 : 2;
}

/** Edit distance, for one or two mistyped characters in a project name. */
export function levenshtein(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** "2021年拿过会员之家", "2020、2021年都获得发展助力" → prior projects; "没拿过" → []. */
export function parsePriorProjects(text: string, matcher: ProjectMatcher, guideYear: number): Profile['priorProjects'] | undefined {
  const t = normalise(text);
  const found: NonNullable<Profile['priorProjects']> = [];
  for (const { text: clause, negated } of splitClauses(t, { questions: 'apart' })) {
    // "2021年拿过发展助力，2020年没有": a year denied is no award.
    if (negated) continue;
    const years = yearsIn(clause, guideYear).filter((y) => y < guideYear);
    const projects = matcher.find(clause, { groups: false });
    for (const year of years) for (const project of projects) found.push({ year, project });
  }
  if (found.length) return found;
  if (/没(有)?(拿|获|得|立项|做|申报)|未(获|曾)|都没有|没有过|^没有$|^无$|^都没有$|^没$|^否$|^none$/i.test(t)) return [];
  return undefined;
}

/** A journal run by another body: the society's supervising unit, a university, a partner ("挂靠单位主办的"). */
const JOURNAL_OF_ANOTHER =
  /(挂靠单位|主管单位|业务主管|依托单位|合作单位|合作方|大学|学院|高校|研究所|研究院|医院|出版社|别的单位|其他单位|别人|他们|人家|对方|兄弟学会)(的)?(主办|办的|在办|出的|名下)/;
const INTEND = new RegExp(`${PLAN_ADD.source}|计划|申报|拟`);
/** The programme's name, whose 计划 is no plan of the society's. */
const PROGRAMME_NAME = /提升学会服务科技创新能力计划|提升计划/g;
/** In a question ("一流学会怎么申报"), only a clear plan counts as an intention. */
export const STRONG_INTEND =
  /想报|想申报|打算|准备报|准备申报|计划|要报(?![备送告])|拟报|加上|再加|也报|就报|报个|今年(就|也|还|再|要)?(报|申报)(?![备送告到哪什啥吗不了过])|还是(报|申报)|改报/;
const PRIOR = PAST_AWARD;
/** An application that was not funded: "去年报了标准没批下来". */
const FAILED = /没批|没中|没立项|没通过|没批下来|落选|没评上|没选上|被拒/;

/** Facts a secretary volunteers in one message; only what is clearly stated. */
export interface Extracted {
  profile: Profile;
  /** Projects the message says they mean to apply for. */
  intended: ProjectId[];
  /** Sub-projects of a group named with intent but not singled out ("想报一流平台"). */
  vague: ProjectId[];
  /** YYYY-MM-DD of an event, when a date is mentioned with 会/活动/举办. */
  eventDate?: string;
  /** Past awards named without a year ("拿过会员之家"): asked, never guessed. */
  priorWithoutYear: ProjectId[];
  /**
   * Past awards denied ("发展助力我们没拿过", "决策咨询不是20年"): a year, or every year when none is
   * said. An award told earlier and denied now is withdrawn (handlers/withdraw.ts).
   */
  priorDenied: AwardDenied[];
  /** The society's name, when the message says it ("我们是省营养学会"). */
  name?: string;
  /**
   * Facts told in words the guide's definition does not settle ("专职的都是退休返聘的" against
   * 专职化工作人员（社会招聘或者劳务派遣）): not recorded; the bot quotes the definition and asks.
   */
  unsettled?: Array<{ fact: Fact; words: string; why: 'definition' | 'below' }>;
  /**
   * "没评上4A", "评价没到B等": a bound, not a value. Never stored; a what-if reads it as the level or
   * grade just below the one named.
   */
  below?: { assessmentLevel?: number; evaluationGrade?: Exclude<Grade, 'none'> };
}

/**
 * Clauses of a message as they stand in it: punctuation, connectors, new lines and spaces all separate
 * facts, as in one sentence (stage 2 of understanding, understanding/split.ts).
 */
export function clausesOf(text: string): string[] {
  return splitClauses(text, { questions: 'apart' }).map((c) => c.said);
}

/** Words that are never part of a name: "we are not a society", "society of horticulture last year". */
const NOT_A_NAME_WORD = String.raw`(?!(?:and|we|our|not|no|never|also|just|only|a|an|the|last|grade|level|in|with|but|rated|graded)\b)`;
/** A society's name in English after "we are", "this is", "I'm from", in any case. */
const EN_NAME_INTRODUCED = new RegExp(
  String.raw`\b(?:we are|we're|this is|i'?m from|i am from|here is|writing from|(?:i'?m|i am) (?:the )?(?:secretary|secretary-general|contact person|staff member) (?:of|at|for|from))\s+(?:the\s+|an?\s+)?(` +
    // words before Society (at least one), or "Society of X"
    String.raw`(?:(?:${NOT_A_NAME_WORD}[a-z&'-]+\s+){1,5}?(?:society|association|federation|academy)(?:\s+(?:of|for|on)(?:\s+${NOT_A_NAME_WORD}[a-z&'-]+){1,4})?` +
    String.raw`|(?:society|association|federation|academy)\s+(?:of|for|on)(?:\s+${NOT_A_NAME_WORD}[a-z&'-]+){1,4}))\b`,
  'i',
);
/** "Jiangsu Provincial Acupuncture Society here": a Jiangsu name, then "here". */
const EN_NAME_HERE =
  /(?:\b|^(?:(?:hi|hello|hey|dear [a-z]+|good (?:morning|afternoon))(?: there)?[,!.]?\s+)?)((?:the\s+)?jiangsu\s+(?:[a-z&'-]+\s+){0,6}?(?:society|association|federation|academy)(?:\s+(?:of|for|on)(?:\s+[a-z&'-]+){1,4})?)(?:\s+here\b|(?<=^(?:(?:hi|hello|hey|dear [a-z]+|good (?:morning|afternoon))(?: there)?[,!.]?\s+)?(?:the\s+)?jiangsu[^.,;!]*)(?=\s*[.,;!]))/i;
/** "hello, society of civil engineering, grade A": a name of the "Society of X" form right after a greeting. */
const EN_NAME_GREETED =
  /^(?:hi|hello|hey|dear [a-z]+|good (?:morning|afternoon))(?: there)?[,!.]?\s+(?:this is\s+|it'?s\s+|we'?re\s+|we are\s+)?(?:the\s+)?((?:jiangsu\s+)?(?:provincial\s+)?(?:society|association|federation|academy)\s+(?:of|for|on)(?:\s+(?!grade\b|level\b|rated\b|and\b)[a-z&'-]+){1,4})(?=\s*[,.;!]|$)/i;
const SMALL_WORDS = new Set(['of', 'for', 'on', 'and', 'the']);
const titleCase = (name: string) =>
  name
    .split(/\s+/)
    .map((w, i) => (i && SMALL_WORDS.has(w.toLowerCase()) ? w.toLowerCase() : w[0]!.toUpperCase() + w.slice(1)))
    .join(' ');

/** Words that describe a kind of body, never name one: "a provincial-level society" is no society's name. */
const DESCRIBING_WORD =
  /^(the|a|an|jiangsu|provincial|provincial-level|province-level|level|scientific|science|academic|professional|learned|registered|small|local|member|our)$/i;

/** The English name is only words of description ("provincial-level society", "a science society"). */
function describesOnly(name: string): boolean {
  const words = name.split(/\s+/);
  return words.slice(0, -1).every((word) => DESCRIBING_WORD.test(word));
}

/** "我们是省营养学会" → 江苏省营养学会. */
export function parseSocietyName(text: string): string | undefined {
  // "我们是Jiangsu Computer Society", "we are the Jiangsu Nutrition Society": kept as written.
  const en =
    /\b(?!(?:We|We're|This|Our|The|It)\b)((?:Jiangsu\s+)?(?:Provincial\s+)?[A-Z][A-Za-z&'-]*(?:\s+(?:[A-Z][A-Za-z&'-]*|of|and|for|the))*?\s+(?:Society|Association|Institute|Federation|Academy)(?:\s+(?:of|for|on)(?:\s+[A-Z][A-Za-z&'-]*)+)?)\b/.exec(
      text,
    );
  if (en && /我们|我会|本会|we are|we're|this is|our society/i.test(text) && !describesOnly(en[1]!)) return en[1];
  // "we are the jiangsu society of horticulture": typed in lower case, after the words that introduce it.
  const lower = EN_NAME_INTRODUCED.exec(text) ?? EN_NAME_HERE.exec(text) ?? EN_NAME_GREETED.exec(text);
  if (lower && !describesOnly(lower[1]!)) return titleCase(lower[1]!.replace(/^the\s+/i, ''));
  const own = ownNameSpan(text);
  if (!own) return undefined;
  // "江苏计算机学会" is 江苏省计算机学会.
  return own.startsWith('江苏省') ? own : own.startsWith('江苏') ? `江苏省${own.slice(2)}` : `江苏${own}`;
}

/**
 * Everyday words that hold a project's short name and are no project: "评审标准是什么" asks how applications
 * are judged, not about 标准制定. Blanked before names are looked for.
 */
const NOT_A_PROJECT = /(评审|评价|评选|考核|验收|收费|资助|经费|补助|打分|遴选)标准/g;

/** Words just before a name that make it another society's: "兄弟学会", "隔壁的", "人家". */
const ANOTHER_BEFORE_NAME =
  /(兄弟|隔壁|别的|其他|其它|人家|他们|对方|友会|合作)(学会|协会|单位)?的?$|不是我们(的|拿的)?[，,\s]*(而)?是$|(和|跟|与|同|联合|协同|帮|给|替|请|找|邀请)$/;

/** The society's own name as written in the text ("省健康科普促进会"), not a partner's ("省生态学会牵头", "省医学会下面一个小学会"). */
export function ownNameSpan(text: string): string | undefined {
  const names = [
    ...text.matchAll(
      /((?:江苏省?|省)[\u4e00-\u9fa5·]{1,20}?(?:学会|协会|研究会|促进会))(?!牵头|主办|合办|承办|协办|参与|合作|一起|联合|那边|他们|下面|下属|的项目|拿|获|得的|立项|申报的)/g,
    ),
  ];
  if (!names.length) return introducedName(text);
  // ("我们其实是省级学会，叫省科普创作协会": 省级学会 is the kind of body; the name is the next one.)
  const kind = (m: RegExpMatchArray) => /^省级(学会|协会)$/.test(m[1]!);
  for (const m of names) {
    if (kind(m)) continue;
    if (/^省级/.test(m[1]!) || /省科协/.test(m[1]!) || /下面|下属|一个|我们|他们|牵头|参与/.test(m[1]!)) return undefined;
    // "是兄弟学会省噪声学会的", "隔壁的省土木学会": a name said of another society is not ours.
    if (ANOTHER_BEFORE_NAME.test(text.slice(Math.max(0, m.index! - 8), m.index))) return undefined;
    return m[1];
  }
  return undefined;
}

/**
 * "您好，气象学会的，省级的": a society introducing itself by its name without 省, at the start of a message
 * (after a greeting or 我们是/这里是 at most). Not a project's name ("一流学术学会"), not another society's.
 */
const INTRODUCED_NAME =
  /^(?:(?:您好|你好|老师好|老师您好|hi|hello)[，,\s!！]*)?(?:我们是|我是|这里是|这边是)?((?:(?!一流|报|想|要|和|跟|与|也|还|再|加|市|县|区|的|是|了|个|我们|本|这|那|兄弟|隔壁|全国|中国)[\u4e00-\u9fa5]){2,10}?(?:学会|协会|研究会|促进会))(?:的|这边|这里)?(?=[，,。.!！\s]|$)/i;

function introducedName(text: string): string | undefined {
  return INTRODUCED_NAME.exec(text)?.[1];
}

/**
 * "我们是江苏省健康科普促进会，去年评了个B": the words of the society's own name (健康, 科普) name no project
 * and no award; the name reads as 本会 wherever projects are looked for.
 */
export function withoutOwnName(text: string): string {
  const own = ownNameSpan(text);
  return own ? text.replace(own, '本会') : text;
}

/** Question words that contain 有/是 but state nothing ("有什么条件", "需要报备吗"). */
const QUESTION_WORDS = /有什么|有没有|有哪些|有啥|是什么|是否|是不是|要不要|需不需要|需要|吗|呢|什么|怎么|啥|咋|多少|几/g;

/** A clause that asks whether one has something: "有专职人员吗", "需要有CN刊号么". */
const ASKS_WHETHER_HAVE = /^(那|请问)?(要|需要|必须|得|一定要)?有[^，,。有]{1,12}(吗|么|不)[?？]?(这个)?(影响|有影响)?(吗)?[?？]?$/;

/** A pass or a fail said alone: "合格的", "也通过了". */
// ("我们年年过的", "一直都合格": with its subject and how often.)
const BARE_PASS = /^(我们|我会|本会)?(每年|年年|一直|历年|也|都|而且|并且|结论|结果)*(是)?(都)?(合格|通过|过了|过的|过|没过|不合格|没通过)(的|了|啦)?$/;

/** Asks whether one may apply: "能报", "还能申报", "能不能报". */
const ASKS_THIS_YEAR = /能(不能)?(报|申报|申请)|可以(报|申报|申请)|可不可以/;

/** A clause about another society or its people: "隔壁学会", "他们", "人家". */
const OF_ANOTHER = new RegExp(`${'(别的|其他|其它|另一?个|人家|兄弟|隔壁)(省级)?(学会|协会|研究会|促进会)'}|他们|人家|对方`);

/** "是省化工学会拿的": a society named as the one that got it. */
const ANOTHER_NAMED_GOT = /是[^，,。我]{0,12}(学会|协会|研究会|促进会)(拿|获得|得|立项|申报)的/;
/** "…拿的", "…立项的": says who got an award (a correction when it is not the society writing). */
const GOT_BY = /(拿|获得|得|立项|申报)的/;

/** "X(那个)(其实)是Y的": X said to be Y's (Y read by OTHER_OWNER). */
const BELONGS_ELSEWHERE =
  /^([^，,。？?]{0,16}?)(?:那个|这个|那项|这项)?(?:其实|实际上|实际)?(?:是|属于|归)(?!不是)([^，,。？?]{2,16}?)(?:的|拿的|获得的|立项的|申报的|拿到的|得的)?$/;
/** A clause whose subject is the society writing: "我们是…", "本会是…". */
const SELF_SUBJECT = /^(你好|您好)?[，,\s]*(我们|我会|本会|咱们|我|我们学会|这里|这边)(也|就|都)?$/;

/** "会员之家那个不是我们，是省土木学会": not ours, but another's, in one clause. */
const NOT_OURS_BUT =
  /^([^，,。？?]{0,16}?)(?:那个|这个|那项|这项)?(?:其实)?不是我们(?:的|拿的|获得的)?[，,\s]*(?:而)?是([^，,。？?]{2,16}?)(?:的|拿的|获得的|立项的)?$/;

/** Who else an award may be said to belong to: a neighbour, a partner, another society by name. */
const OTHER_OWNER = /隔壁|兄弟|别的|其他|其它|人家|合作|对方|他们|友会|(?:省|江苏)[\u4e00-\u9fa5]{1,12}(?:学会|协会|研究会|促进会)/;

/** The words before "是Y的" when a clause says an award is another's (Y someone else, never 我们 alone), else undefined. */
export function anothersAward(clause: string): string | undefined {
  const m = BELONGS_ELSEWHERE.exec(clause) ?? NOT_OURS_BUT.exec(clause);
  // ("我们是省土木学会" says who is writing; "省级学会" is a kind, nobody in particular.)
  if (!m || !OTHER_OWNER.test(m[2]!) || /^(我们|我会|本会|咱们)(自己)?(的)?$/.test(m[2]!) || /^省级/.test(m[2]!)) return undefined;
  if (SELF_SUBJECT.test(m[1]!.trim())) return undefined;
  return m[1]!;
}

/**
 * A clause about another society: an award said to be another's ("会员之家是兄弟学会的", "X不是我们，是省土木学会",
 * "那是隔壁学会拿的"), withdrawn from this society's; or only another's facts ("隔壁学会21年拿过会员之家"), which are
 * not this one's. `subject`: the words naming what is withdrawn.
 */
function aboutAnother(clause: string, correcting: boolean): { withdraws: boolean; subject: string } | undefined {
  // ("期刊是合作单位主办的，不是我们主办": who runs a journal or an event is a fact of its own, not an award's owner.)
  if (/主办|承办|协办/.test(clause)) return undefined;
  const elsewhere = anothersAward(clause);
  if (elsewhere !== undefined) return { withdraws: true, subject: elsewhere };
  if (!(OF_ANOTHER.test(clause) || ANOTHER_NAMED_GOT.test(clause)) || /我们|我会|本会|咱们/.test(clause)) return undefined;
  // "其实这两个都是兄弟学会拿的": 拿的 says who got it, a correction by itself.
  const withdraws = (correcting || GOT_BY.test(clause)) && (PRIOR.test(clause) || /拿的|获得的|得的|立项的|的$/.test(clause));
  return { withdraws, subject: clause };
}

/** "是别的学会", "人家协会": another society, not the one writing. */
const OTHER_SOCIETY = /(别的|其他|其它|另一?个|人家|兄弟|隔壁)(省级)?(学会|协会|研究会|促进会)/;

export interface AwardDenied {
  /** None: every award of `year` ("2020年没有"). */
  project?: ProjectId;
  /** The year denied; none: every year (but those in `keep`). */
  year?: number;
  keep?: number[];
  /** Said in words that also drop a plan ("会员之家删掉"): an award only when the project is not planned. */
  unlessPlanned?: boolean;
}

/** "科技奖励是20年的", "会员之家应该是21年": an award's year restated, not one more year (也, 都, 还 add one). */
const RESTATED_YEAR = /(?<!也|都|还)(是|应该是|其实是|只有|只是|只在|就只有)\s*((20)?\d{2}|去|前)\s*年(?!.{0,4}(也|都|还))/;

/** "升到4A以后", "4A是明年的目标", "争取评上A": a level or grade hoped for. */
// ("4A是我们正在申请的", "在评4A", "4A还在申报中": a level being applied for is no level held.)
const HOPED_FOR =
  /(升|升到|达到|评上|评到|拿到)[^，,。]{0,4}(以后|之后|的话)|明年|将来|目标|争取|希望|正在(申请|申报|评|参评|争取)|在(申请|申报|参评)|还在评|申请中|申报中|参评中|评审中/;

/** "被评了个B", "评上了C", "我们评的C": a grade as a bare letter after a verb of rating. */
const RATED_LETTER = /评(?!估)[了上为的得过]{0,2}了?个?\s*[ABCD](?![A-Z0-9])/i;

/** "没评上4A", "评估没到4A", "达不到4A", "没有4A": below the level named. */
const LEVEL_BELOW =
  /(?:没|未|没有|不)(?:评上|评到|达到|拿到|到|够|上)\s*([1-5一二三四五])\s*A|(?:达不到|够不上|低于|没有)\s*([1-5一二三四五])\s*A|连\s*([1-5一二三四五])\s*A\s*级?\s*都(?:不是|没有|没|不到|达不到|够不上)/i;
/** "没评上B等", "评价没到B", "低于B等": below the grade named. */
const GRADE_BELOW =
  /(?:没|未|没有|不)(?:评上|评到|达到|拿到|到|够)\s*([ABCD])(?![A-Z])\s*等?|(?:达不到|够不上|低于)\s*([ABCD])(?![A-Z])\s*等?|连\s*([ABCD])(?![A-Z])\s*等?\s*都(?:不是|没有|没|不到|达不到|够不上)/i;

/** Ways of hiring that the guide's 专职化工作人员（社会招聘或者劳务派遣）does not name. */
const STAFF_OUTSIDE_DEFINITION = /返聘|借调|挂职|志愿者|实习|退休/;

/** "2019年那个不对", "19年的记错了": the year said is wrong. */
// ("我记成21年了": the year it was mistaken for.)
const WRONG_YEAR = /不对|有误|错了|搞错|记错|弄错|写错|说错|记成|写成|说成|打成|当成|记混/;

/** "那条", "这一条", "那条记录": an entry of what was recorded. */
const RECORD_ENTRY = /(那|这)一?条|记录/;

/** Words that take back what was told: "那个撤回", "去掉", "不算". */
const WITHDRAWN = /撤回|撤销|收回|去掉|删掉|删了|删除|划掉|不算|作废|拿掉/;

/** A year of a past award in any of its forms ("2020年", "20年", "二〇二〇年", "去年", "前年"), for YEAR_HAD_NONE. */
const AWARD_YEAR = /(?:(?:19|20)?\d{2}|二〇[一二][〇一二三四五六七八九]|去|前)\s*年度?|(?<!\d)(?:19|20)\d{2}(?![\d年])/g;
/**
 * "2020年没有", "20年的不算", "二〇二〇年那次没批下来": a year said to have had no award, naming no project (the
 * clause with its year masked as Y). Every award stored for that year is withdrawn (handlers/withdraw.ts).
 */
const YEAR_HAD_NONE =
  /^(?:不对|不是|说错了|搞错了|记错了|其实|哦|噢)?[，,\s]*Y(?:那次|那个|那年|那一年|的)?(?:其实|实际上|倒是)?(?:也)?(?:是)?(?:(?:没有?|冇|未)(?:被)?(?:拿|拿到|攞|获得|获批|批|立项|立上|中|评上)?(?:过|到|的|上|下来|着)?|不算|不对|错了|是错的)[啊哦呢哈吧喔]?$/;

/**
 * "会员之家（2021年）、科技奖励（2019年）", "2021年会员之家、2019年科技奖励": items of a list that each name a
 * project and a year are each their own award. Undefined unless at least two items do (then the years are
 * shared: "会员之家、科技奖励2020、2021年都拿过").
 */
function pairedAwards(clause: string, matcher: ProjectMatcher, year: number): NonNullable<Profile['priorProjects']> | undefined {
  // "20年21年分别拿了会员之家和科技奖励": as many years as projects, said "respectively", pair in order.
  if (RESPECTIVELY.test(clause)) {
    const ids = matcher.find(clause, { groups: false });
    const years = yearsIn(clause, year).filter((y) => y < year);
    if (ids.length > 1 && ids.length === years.length) return ids.map((project, i) => ({ year: years[i]!, project }));
  }
  // A year in brackets needs no 年: "会员之家(2021)".
  const items = clause.replace(/\(\s*(20\d{2})\s*\)/g, '$1年').split(/[、；;]|还有|以及|(?<=年)\s*和|和(?=\s*(?:20)?\d{2}\s*年)/);
  const pairs: NonNullable<Profile['priorProjects']> = [];
  let whole = 0;
  for (const item of items) {
    const ids = matcher.find(item, { groups: false });
    const years = yearsIn(item, year).filter((y) => y < year);
    if (ids.length && years.length) whole++;
    for (const y of years) for (const p of ids) pairs.push({ year: y, project: p });
  }
  return whole >= 2 ? pairs : undefined;
}

/** "分别", "respectively": the items of two lists pair in order. */
const RESPECTIVELY = /分别|各自|依次|respectively/i;

/** The facts state a profile fact, a plan or an event day. */
export function statesAnything(facts: Extracted): boolean {
  return Object.keys(facts.profile).length > 0 || facts.intended.length > 0 || !!facts.eventDate || !!facts.unsettled?.length;
}

export function extractFacts(text: string, matcher: ProjectMatcher, year: number): Extracted {
  const t = normalise(text);
  const profile: Profile = {};
  const intended: ProjectId[] = [];
  const vague: ProjectId[] = [];
  const prior: NonNullable<Profile['priorProjects']> = [];
  const priorWithoutYear: ProjectId[] = [];
  const priorDenied: AwardDenied[] = [];
  const unsettled: NonNullable<Extracted['unsettled']> = [];
  const below: NonNullable<Extracted['below']> = {};
  let lastPast: number[] = [];
  let spokeOfInspection = false;
  /** The projects the clause before and this one name ("会员之家那个不是我们，是省土木学会"). */
  let namedBefore: ProjectId[] = [];
  let namedNow: ProjectId[] = [];
  /** The clause before spoke of the medical experts (a total in the next one counts them). */
  let expertsTalked = false;
  let lastNamed: ProjectId[] = [];
  /** The past years of the clause just before ("发展助力19年那个撤回，是别的学会的"). */
  let previousPast: number[] = [];
  const name = parseSocietyName(t);
  // "我们是江苏省计算机学会": a provincial society by its own name (said first, as the name comes first;
  // a unit type said in words below overrides it).
  if (name && /(学会|协会|研究会|促进会|\bSociety|\bAssociation)$|\b(Society|Association) (of|for|on)\b/.test(name)) profile.orgType = 'society';
  // "2021年拿过发展助力，2020年没有": the second clause is read with its predicate carried over, negated.
  for (const { text: raw } of splitClauses(withoutOwnName(t), { questions: 'apart' })) {
    const clause = raw.trim();
    if (!clause) continue;
    // "会员之家是兄弟学会的", "(会员之家那个不是我们，)是省土木学会", "会员之家其实是合作单位拿的": an award said to
    // be another's is withdrawn (of the project named, else the one named just before); never a plan.
    namedBefore = namedNow;
    namedNow = matcher.find(clause, { groups: false });
    // "隔壁学会21年拿过会员之家": another society's facts are not this one's; an award said to be another's is
    // withdrawn (of the project named, else the one named just before), never a plan.
    const another = aboutAnother(clause, CORRECTING.test(t));
    if (another) {
      if (another.withdraws) {
        const own = matcher.find(another.subject, { groups: false });
        const years = yearsIn(clause, year).filter((y) => y < year);
        const ofYears = years.length ? years : own.length ? [] : previousPast;
        for (const p of own.length ? own : namedBefore.length ? namedBefore : lastNamed)
          if (ofYears.length) for (const y of ofYears) priorDenied.push({ project: p, year: y });
          else priorDenied.push({ project: p });
        if (own.length) lastNamed = own;
      }
      previousPast = [];
      continue;
    }
    // "有没有专职的我得问问": a fact asked about or put off is not stated.
    if (
      /有没有|是不是|是否|需不需要|要不要|用不用|得问|问问|问一下|查一下|不清楚|不确定|不知道|记不清|记不得|不记得|忘了|想不起|拿不准|说不准|吃不准/.test(
        clause,
      ) &&
      !/[ABCD]\s*等|\dA/i.test(clause)
    )
      continue;
    // "有专职人员吗", "要有CN刊号吗": asks whether a fact is needed; it states nothing.
    if (ASKS_WHETHER_HAVE.test(clause)) continue;
    // "专职人员没有问题": a problem denied says the fact is fine, not that it is absent.
    let said = clause.replace(NO_PROBLEM, '良好').replace(QUESTION_WORDS, ' ');
    if (
      /不是.{0,6}(事业单位|直属|学会|协会)|秘书处|秘书/.test(said) ||
      (PARTNER.test(said) && !/(我们|我会|本会|本单位)是/.test(said)) ||
      UNIT_OF_EVENT.test(said)
    ) {
      // "不是事业单位", "我是学会秘书处的": says who is writing, not what the unit is.
      // "合作单位是省农科院（事业单位）", "省科协下面的事业单位办的会": a partner's or host's type, not ours.
    } else if (/直属事业单位|事业单位/.test(said)) profile.orgType = 'affiliated_institution';
    // ("我们是一家企业"; not "我们是南京大学年会的协办单位", "我们是南京大学下面的学会": the unit type must be what we are.)
    else if (/(我们|我|本单位)是.{0,6}(企业|公司|高校|大学|医院)(的?(单位|机构))?[。！!~]*$/.test(said.trim())) profile.orgType = 'other';
    // "我们是省营养学会"; not "也是登录学会网系统吗".
    else if (
      // (Not "不对不对，是一流科普学会": a project's name is no unit; names are masked first.)
      (/(^|我们|我|本会|咱们)(也|都|其实|实际上|本来|确实|就)?是(?!说|指|不是)[^说指]{0,10}(省级学会|学会|协会|研究会|促进会)(?!网|系统|平台|官网)/.test(
        matcher.mask(said),
      ) &&
        !OTHER_SOCIETY.test(said)) ||
      /^省级学会$/.test(clause)
    ) {
      // ("我们是南京大学下面的学会", "挂靠在东大": a society hosted by a university may well be a provincial one;
      // which it is was not said, so nothing is stored.)
      if (!HOSTED_BY.test(said)) profile.orgType = parseOrgType(clause) === 'other' ? 'other' : 'society';
    }
    // "没评上4A", "评价没到B等", "达不到4A": a bound, not the level or grade named (never stored as it).
    const levelBelow = LEVEL_BELOW.exec(clause);
    const gradeBelow = levelBelow ? null : GRADE_BELOW.exec(clause);
    if (levelBelow) below.assessmentLevel = parseLevel(`${levelBelow[1] ?? levelBelow[2] ?? levelBelow[3]}A`);
    if (gradeBelow) below.evaluationGrade = (gradeBelow[1] ?? gradeBelow[2] ?? gradeBelow[3])!.toUpperCase() as Exclude<Grade, 'none'>;
    if (levelBelow || gradeBelow) continue;
    // "想知道升到4A以后能不能报", "4A是明年的目标": a level or grade hoped for is no fact now.
    const hoped = HOPED_FOR.test(clause);
    const older = yearsIn(clause, year).some((y) => y < year - 1) && !yearsIn(clause, year).includes(year - 1);
    if (
      (/评价|等级|[ABCD]\s*等|[甲乙丙丁]等|没参加评价|未参加评价/i.test(clause) ||
        /去年.{0,3}是?\s*[ABCD](?![A-Z])/i.test(clause) ||
        // "21年B，评估4A", "2021年是个C": a grade written after its year alone.
        /(?<!\d)(\d{2}|\d{4})\s*年度?\s*(是|评了?|评的|拿了?)?\s*个?\s*[ABCD](?![A-Za-z\d])/i.test(clause) ||
        RATED_LETTER.test(clause)) &&
      !/评估/.test(clause) &&
      !older &&
      !hoped
    ) {
      // "没参加评价", "我们没有学会综合能力评价": no grade at all.
      const g = /(没|未|无)(有)?(参(加|评|与))?.{0,8}评价/.test(clause) ? 'none' : parseGrade(clause.replace(/^.*?(评价|等级)/, ''));
      if (g) profile.evaluationGrade = g;
    }
    if (/评估|(?<!\d)[1-5一二三四五]\s*A(?![a-z])|AAA/i.test(clause) && !/评估项目|科技评估|第三方评估|委托评估/.test(clause) && !hoped) {
      const level = /(没|未)(有)?(参加过?|参评|做过|评过)?.{0,6}评估/.test(clause) ? 0 : parseLevel(clause.replace(/^.*?评估(等级)?/, ''));
      // ("2020年没有评估": not assessed that year says nothing of the level held now, which lasts for years.)
      const ofOneYear = level === 0 && yearsIn(clause, year).length > 0;
      if (level !== undefined && !ofOneYear) profile.assessmentLevel = level;
    }
    // "年检参加了而且合格的": a bare pass or fail right after the 年检 is the 年检's.
    if (!/年检/.test(said) && spokeOfInspection && BARE_PASS.test(said)) said = `年检${said}`;
    spokeOfInspection = /年检/.test(said);
    if (/年检/.test(said)) {
      const after =
        said
          .replace(/^.*?年检/, '')
          .trim()
          .split(/\s/)[0] ?? '';
      // "没过年检", "过了年检": the verb before the word.
      // "不归民政厅年检", "不参加年检": no 年检 passed (a what-if's fact; stored only as said).
      // "我们没有民政厅年检的" (no 年检 at all; not "没有年检不合格的情况", a double negative).
      const before =
        /(没|未)(有)?(过|通过|参加)年检|不(归|参加|用|需要)[^，,。]{0,6}年检|(没|未)有?(参加|做)?过?(省)?(民政厅?|民政部门)的?年检(?![^，,。]{0,4}(不合格|没过|不过))/.test(
          said,
        )
          ? false
          : /(过了|通过了|参加了)年检/.test(said)
            ? true
            : undefined;
      const yes =
        before !== undefined
          ? before
          : /没参加|未参加/.test(said)
            ? false
            : // "年检没出啥问题", "没有被卡", "没挂", "都没说什么": trouble denied is a pass, never a fail.
              TROUBLE_DENIED.test(clause.slice(Math.max(0, clause.indexOf('年检')))) ||
                /^(ok|okay|过|过啦|过关|过关了|没问题|没事)(的|了|啦|哒|滴)?$/i.test(after)
              ? true
              : after
                ? parseYesNo(after)
                : /参加|合格|通过/.test(said)
                  ? parseYesNo(said)
                  : undefined;
      if (yes !== undefined) profile.annualInspectionPassed = yes;
    }
    if (/诚信|信用|不良(记录|行为)?|弄虚作假|违规|虚开|虚报|挪用|套取|骗取|截留|规规矩矩|守规矩|没出过(什么)?(事|问题|岔子)|没犯过(什么)?(事|错)/.test(said)) {
      // ("诚信这块也干干净净": clean in any of the words for it.)
      profile.integrityIssues = /没|无|良好|未|从不|清白|不存在|规范|规矩|干净|挺好|很好|好得很/.test(said)
        ? false
        : /有|存在|出过|查出|违规使用|弄虚作假过|被通报|被处理|被认定|认定为|审计|被查|查处|处罚|被罚|虚开|虚报|挪用|套取|骗取|截留/.test(said) &&
            !/万一|如果|假如|要是/.test(said)
          ? true
          : profile.integrityIssues;
      if (profile.integrityIssues === undefined) delete profile.integrityIssues;
    }
    // The guide's 专职化工作人员 is "社会招聘或者劳务派遣": either way of hiring is full-time staff.
    // ("专职那个说错了，其实是兼职", "不是专职，是兼职的": 专职 denied or owned as a mistake is no 专职.)
    if (/专职|劳务派遣|社会招聘|全职/.test(said)) {
      // ("原来是兼职，不算专职": 专职 denied in any word of denial, with 兼职 said in the message.)
      if (/(不是|不算|算不上|并非|不属于|谈不上|不能算)(专职|全职)|(专职|全职)[^，,。]{0,6}(说错|不对|搞错|记错|写错|弄错)/.test(said)) {
        if (/兼职/.test(t)) profile.fullTimeStaff = false;
      } else profile.fullTimeStaff = !/没有|无|没|未/.test(said);
    } else if (/(是|只有|只是|就是|全部|都)[^，,。不吗]{0,8}兼职|^兼职(的|人员)?$/.test(said) && !/不是兼职|也有兼职|还有兼职|有些兼职/.test(said))
      profile.fullTimeStaff = false;
    // A change of plan names a journal project, never a journal held ("品牌学术交流不报了换成学术期刊": its 不 is
    // of applying).
    if (/CN|刊号|期刊|内刊/i.test(said) && !INTEND.test(said) && !PLAN_REMOVE.test(said)) {
      // ("CN刊号的是我们挂靠单位主办的，不是我们": a journal another body runs is none of the society's.)
      if (
        /(没有|无|没|未|不)(主办)?.{0,6}(CN|刊号|期刊)|(CN|刊号|期刊).{0,4}(没有|无)|内刊|协办|承办|不是我们(学会)?(主办|办)?的?(?=[，,。.；;!！]|$)|不是我们(学会)?(主办|办)/i.test(
          said,
        ) ||
        JOURNAL_OF_ANOTHER.test(said)
      )
        profile.cnJournal = false;
      // ("我们学会主办得有一本期刊": a journal said without CN or 公开发行 may be an in-house one; the CN
      // question is asked, nothing is recorded from it.)
      else if (/(主办|有|办)(了|着)?.{0,8}(CN|刊号|期刊)/i.test(said) && /CN|刊号|公开发行/i.test(said)) profile.cnJournal = true;
    }
    if (/(没有|未|没|不|还没).{0,6}(报备|备案)/.test(said)) profile.awardFiled = false;
    else if (/已.{0,10}(报备|备案)|(报备|备案)(了|过|好)|备过案|备了案/.test(said)) profile.awardFiled = true;
    // A total ("一共9个") counts the experts only where they are talked about: this clause or the one before
    // ("医学专家有6个，一共6个"); "我们一共想报3个项目", "现在有2个专职" count no experts.
    const ofExperts = /专家|医生/.test(clause);
    const total =
      ofExperts || expertsTalked
        ? /(?:一共|总共|共|现在|合共)\D{0,3}?(\d+(?:\s*~\s*\d+)?|[一二两三四五六七八九十]+)\s*(?:来|多|余)?\s*(?:名|个|位|人)(?!\s*(?:项目|专职|兼职|场|次|年))/.exec(
            clause,
          )
        : null;
    // "医学专家是21年组建的，有10个": a bare count right after a piece about the experts is theirs.
    const bareCount =
      !ofExperts && expertsTalked
        ? /^(?:有|共有|一共有|现在有)?\s*(\d+(?:\s*~\s*\d+)?|[一二两三四五六七八九十]+)\s*(?:来|多|余)?\s*(?:名|个|位|人)(?:左右)?[。.!！~]*$/.exec(
            clause.trim(),
          )
        : null;
    expertsTalked = ofExperts;
    const experts =
      total ??
      bareCount ??
      /(\d+(?:\s*~\s*\d+)?|[一二两三四五六七八九十]+)\s*(?:来|多|余)?\s*(?:名|个|位|人)?\s*(?:医学|医疗|医生)?专家/.exec(clause) ??
      /(?:医学|医疗)?专家.{0,8}?(\d+(?:\s*~\s*\d+)?|[一二两三四五六七八九十]+)\s*(?:来|多|余)?\s*(?:名|个|位|人)/.exec(clause);
    // "专家不是12个，是5个": the number denied is not the count; "再招3个专家，一共9个" counts the total.
    if (
      experts &&
      (experts === total || !/再(找|加|招|请|来)|还差|还要|还需|缺/.test(clause)) &&
      !/不是\s*\S{0,2}$/.test(clause.slice(0, experts.index + experts[0].indexOf(experts[1]!)))
    )
      profile.medicalExperts = parseNumber(experts[1]!) ?? 0;
    else if (/(没有|无)(医学|医疗)?专家/.test(clause)) profile.medicalExperts = 0;
    // "21年拿的是会员之家不是发展助力": the project after 不是 is what was not awarded.
    const denied = /不是/.test(clause) ? matcher.find(clause.replace(/^.*?不是/, ''), { groups: false }) : [];
    // "二〇二一年那个是会员之家，不是发展助力": an award of that year denied, the year said here or just before.
    const deniedYears = yearsIn(clause, year).filter((y) => y < year);
    const denyYears = deniedYears.length ? deniedYears : lastPast;
    if (denied.length && denyYears.length) for (const p of denied) for (const y of denyYears) priorDenied.push({ project: p, year: y });
    const named = matcher.find(clause, { groups: false }).filter((p) => !denied.includes(p));
    const past = yearsIn(clause, year).filter((y) => y < year);
    if (past.length) lastPast = past;
    previousPast = past;
    // (A failure said elsewhere in the message is not of a clause that restates or affirms a year: "…没批下来，只有21年的".)
    const failed =
      FAILED.test(clause) || (FAILED.test(t) && !/拿过|拿了|获得|立项了|立了项|认定|批了|批下来了|有的?$/.test(clause) && !RESTATED_YEAR.test(clause));
    // "不是21年": the year denied is not an award year.
    // "发展助力19年那个撤回": an award withdrawn, when the clause speaks of one (a year, 拿过); "标准制定去掉" is a plan.
    // "会员之家那条删掉": 那条 is an entry of the record, an award, not a plan.
    const withdrawn = WITHDRAWN.test(clause) && (past.length > 0 || PRIOR.test(clause) || RECORD_ENTRY.test(clause));
    const negated =
      withdrawn ||
      failed ||
      // ("2021年也没有立过项", "二一年没整过会员之家": any verb of getting or doing it, 过 or not.)
      /没(有)?(拿|获|得|立|做|整|搞|弄|干|承担|申报|报|批|被批|通过立项|中)|未(获|曾|批|立)|从没|从来没|^不是|(没有|没)(的|过|啊|哦)?$|不是.{0,3}(\d{2,4}|去|前)\s*年|不是(我们|我会|本会|咱们)(自己)?(的|拿|获|得|立项)|(\d{2,4}|去|前)\s*年的?(也)?(不是|不对|没有|没)的?$/.test(
        clause,
      );
    // ("报了没立上", "申请过没批下来": an application in the past that failed is no plan.)
    const refused = /不(报|申报|申请|要)|没报|没申报|后来没|(报|申报|申请)(了|过)[^，,。]{0,3}(没|未)(立|批|中|通过|下来)/.test(clause);
    // (The programme's own name is no plan: "没拿过提升计划经费" has no 计划 of the society's.)
    const planWords = clause.replace(PROGRAMME_NAME, '提升');
    const planned =
      !refused &&
      !RHETORICAL.test(clause) &&
      !(past.length && !/今年/.test(clause)) &&
      ((said === clause ? INTEND : STRONG_INTEND).test(planWords) || /试试|再试|还想|也想/.test(planWords));
    // "21年拿过科技奖励 今年还想报", "发展助力拿过，20年": a clause that names no project speaks of the one before.
    // "…学会联合体，去年评价是C": a year that dates another fact is not about that project.
    const datesAnother = !PRIOR.test(clause) && /评价|等级|评估|年检|诚信|[ABCD]\s*等|\dA/i.test(matcher.mask(clause));
    const inherits = (PRIOR.test(clause) || (past.length && !datesAnother) || planned) && !matcher.find(clause).length && !denied.length;
    const projects = named.length ? named : inherits ? lastNamed : [];
    if (named.length) lastNamed = named;
    // "会员之家不算，科技奖励也撤回": withdrawing words with no word of awards are about the plan if the
    // project is planned, else about its award (handlers/withdraw.ts decides, knowing the profile).
    if (WITHDRAWN.test(clause) && !withdrawn) for (const p of named) priorDenied.push({ project: p, unlessPlanned: true });
    // "科技奖励是21年不是20年": the year before 不是 is the award's, the one after is denied.
    const notAt = clause.indexOf('不是');
    const keptYears = notAt > 0 && /是/.test(clause.slice(0, notAt)) ? yearsIn(clause.slice(0, notAt), year).filter((y) => y < year) : [];
    const deniedAfter = keptYears.length ? yearsIn(clause.slice(notAt), year).filter((y) => y < year && !keptYears.includes(y)) : [];
    const ofAward = projects.length ? projects : lastNamed;
    if (deniedAfter.length && ofAward.length) {
      for (const p of ofAward) {
        for (const y of keptYears) prior.push({ year: y, project: p });
        for (const y of deniedAfter) priorDenied.push({ project: p, year: y });
        priorDenied.push({ project: p, keep: keptYears });
      }
      continue;
    }
    // "2019年那个不对，是2020年": the year said wrong is denied (of the award named or talked about), never told.
    if (past.length && WRONG_YEAR.test(clause) && !RESTATED_YEAR.test(clause) && ofAward.length && !datesAnother) {
      for (const p of ofAward) for (const y of past) priorDenied.push({ project: p, year: y });
      continue;
    }
    // A year beside a project is an award only when no other fact is dated by it and nothing is asked
    // of this year ("去年评价是C等能报一流学会吗" names no award).
    const awarded = (PRIOR.test(clause) || (past.length && !datesAnother && !ASKS_THIS_YEAR.test(clause))) && !/今年|本年/.test(clause) && !negated;
    if (projects.length && awarded) {
      // "科技奖励是20年的": the year of that award restated, so any other year of it said before goes.
      // (Not when a year of it was just said to be wrong: then only that year goes.)
      const oneWrong = (p: ProjectId) => priorDenied.some((d) => d.project === p && d.year !== undefined);
      if (past.length && RESTATED_YEAR.test(clause)) for (const p of projects) if (!oneWrong(p)) priorDenied.push({ project: p, keep: past });
      // "会员之家（2021年）、科技奖励（2019年）": a list whose items each give their own year pairs them.
      const pairs = named.length > 1 ? pairedAwards(clause, matcher, year) : undefined;
      if (pairs) prior.push(...pairs);
      else for (const y of past) for (const p of projects) prior.push({ year: y, project: p });
      if (past.length) for (const p of projects) priorWithoutYear.splice(priorWithoutYear.indexOf(p) >>> 0, priorWithoutYear.includes(p) ? 1 : 0);
      else if (PRIOR.test(clause)) for (const p of projects) if (!priorWithoutYear.includes(p) && !prior.some((q) => q.project === p)) priorWithoutYear.push(p);
    } else if (!named.length && past.length && priorWithoutYear.length && !negated) {
      for (const y of past) for (const p of priorWithoutYear) prior.push({ year: y, project: p });
      priorWithoutYear.length = 0;
    } else if (!projects.length && !lastNamed.length && past.length && YEAR_HAD_NONE.test(clause.replace(AWARD_YEAR, 'Y'))) {
      // "不对，2020年没有，只有2021年": no award that year, of whatever was stored for it.
      for (const y of past) priorDenied.push({ year: y });
    } else if (projects.length && negated && !planned) {
      // "没拿过发展助力", "决策咨询那个不是20年": not an award of that year (or of any year, when none is said).
      for (const p of projects) {
        if (past.length) for (const y of past) priorDenied.push({ project: p, year: y });
        // ("科技奖励那个其实最后没批下来，不算": an award said not granted after all is withdrawn, of any year;
        // a bare "申请了没批下来" tells of an application, not of an award told before.)
        else if (!failed || WITHDRAWN.test(t) || /其实|实际上/.test(clause)) priorDenied.push({ project: p });
      }
    } else if (projects.length && (planned || intended.length)) {
      // "想报团标和一流学汇": a name with one wrong character beside the ones recognised.
      const typo = named.length ? matcher.fuzzy(matcher.mask(clause)) : undefined;
      for (const p of typo ? [...projects, typo] : projects) if (!intended.includes(p)) intended.push(p);
    } else if (!projects.length && planned) {
      const group = matcher.find(clause);
      // "特设学术交流": a typo of one sub-project, not the group "学术交流".
      const typo = matcher.fuzzy(clause);
      if (typo && (!group.length || group.includes(typo))) {
        if (!intended.includes(typo)) intended.push(typo);
      } else for (const p of group) if (!vague.includes(p)) vague.push(p);
    }
    // "往年都没拿过": none at all. "21年没拿过奖励项目" says nothing about the other years and projects.
    // ("20、21年都没有获得过": every award year named, with 都, is none at all too.)
    const everyAwardYear = [year - 2, year - 1].every((y) => past.includes(y)) && /都|啥|什么|任何/.test(clause);
    if (
      NONE_RECEIVED.test(clause) &&
      // (Its own names: "发展助力？…never got 提升计划 funding before" says none at all, whatever was named before.)
      !named.length &&
      (!past.length || everyAwardYear)
    )
      profile.priorProjects = [];
  }
  if (prior.length) profile.priorProjects = prior;
  const eventDate = parseEventDate(t, year);
  // "我们没评上4A": the level is asked, with its buttons; nothing is recorded from the bound.
  if (below.assessmentLevel !== undefined && profile.assessmentLevel === undefined)
    unsettled.push({ fact: 'assessmentLevel', words: text.trim().slice(0, 40), why: 'below' });
  if (below.evaluationGrade && !profile.evaluationGrade) unsettled.push({ fact: 'evaluationGrade', words: text.trim().slice(0, 40), why: 'below' });
  // "专职人员有两个，都是退休返聘的": a way of hiring the definition does not name is no yes (nor a no).
  if (profile.fullTimeStaff === true && STAFF_OUTSIDE_DEFINITION.test(t) && !/劳务派遣|社会招聘/.test(t)) {
    delete profile.fullTimeStaff;
    unsettled.push({ fact: 'fullTimeStaff', words: text.trim().slice(0, 40), why: 'definition' });
  }
  return {
    profile,
    intended,
    vague,
    priorWithoutYear,
    priorDenied,
    ...(eventDate && { eventDate }),
    ...(name && { name }),
    ...(unsettled.length && { unsettled }),
    ...(Object.keys(below).length && { below }),
  };
}

/** "年会10月15日举办" → 2022-10-15 (the guide's year when none is given); only a day said in full is a fact to store. */
export function parseEventDate(text: string, year: number): string | undefined {
  return readEventDay(text, year)?.date;
}

/** The day an event is held, as read from a message; `part` when only part of a month was said. */
export interface EventDay {
  /** YYYY-MM-DD. For a part of a month, the first day of that part (see MONTH_PARTS). */
  date: string;
  /** "12月初", "11月下旬", "12月份": only this part of the month was said. */
  part?: 'early' | 'mid' | 'late' | 'month';
}

/** Words that say the date is the event's: 会/活动/举办… */
const EVENT_CUE = /会|活动|举办|召开|开|沙龙|论坛|办|举行|开展|场|(?<!制)定(在|于|了)?(?=\s*\d{1,2}\s*月)/;
/** In a question or a what-if, moving the event says so too: "要是推到12月初呢". */
// ("不改了，还是十月十五号苏州": the day kept after talk of moving it is the event's too.)
const MOVED_CUE =
  /改到|拖到|拖延到|顺延到|改在|改成|推到|推迟到|推迟|延到|延期到|挪到|放到|提前到|定在|定到|不改了|不变了|照旧|还是(?=\s*\d{1,2}\s*月)|(?:还是)?(?:按|照|用)?(?:原来|原先|原定|之前|先前|本来)(?:定)?的(?=\s*\d{1,2}\s*月)/;

/** …and so does finishing by then: "标准要是12月才发布来得及吗" (checked against the project's completion day). */
const DONE_CUE = /发布|出版|印发|完成|做完|搞完|弄完|干完|办完|做好|弄好|完事|完工|搞掂|搞定|结束|结项|验收|(报告|成果|结题)[^，,。]{0,16}交/;

/**
 * A part of a month, read as the first day of that part: the day a check counts from. The
 * completion day (11月30日) is a month's last day, so a part of a month lies wholly before or wholly
 * after it and the first day decides the same way the last would; and a due date counted from the
 * first day is never later than the true one.
 */
/** "明年一月底", "下一年3月": the year after. */
const NEXT_YEAR = /明年|下一?年|来年/;

const MONTH_PARTS: ReadonlyArray<readonly [RegExp, NonNullable<EventDay['part']>, number]> = [
  [/^(初|上旬|月初)/, 'early', 1],
  [/^(中旬|中)/, 'mid', 11],
  [/^(下旬|底|末|月底|月末)/, 'late', 21],
];

/**
 * The one reading of an event's day, shared by the statement, the question and the what-if paths:
 * Chinese numerals (十一月二十号, 九月卅号) are read by normalise. With `vague` (a question or a
 * what-if, never a fact to store), a part of a month ("12月初", "11月底", "12月份开") and a moved
 * date without 会/活动 ("推到12月初") are read too.
 */
export function readEventDay(text: string, year: number, opts: { vague?: boolean } = {}): EventDay | undefined {
  const all = normaliseText(text).text;
  // The clause the date is in says whose day it is: "理事长在外地开会，下周一5月16号才回南京签字盖章" is
  // no event's day (the 会 is in another clause). A message without a date reads whole.
  const at = /\d{1,2}\s*[月\-/.]/.exec(all)?.index;
  const clause = at === undefined ? all : clauseAround(all, at);
  // (A clause of the date alone, "10月15号，在南京办", is read with the message.)
  const bare = clause.replace(/(20\d{2}\s*[年\-/.])?\s*\d{1,2}\s*[月\-/.]\s*(\d{1,2}\s*[日号]?)?/, '').trim().length <= 3;
  const t = bare ? all : clause;
  // "哦不，提前到8月31号": a move said plainly is of the event too (never of handing in: "延期到5月20号交").
  const cued =
    EVENT_CUE.test(t.replace(SOCIETY_WORD, '')) ||
    (opts.vague && (MOVED_CUE.test(t) || DONE_CUE.test(t))) ||
    (MOVED_CUE.test(t) && !/交|提交|截止|申报|寄|送/.test(t)) ||
    // ("sorry, Suzhou, Oct 20": a day said as a correction, of no handing in, is the event's day corrected.)
    (CORRECTING.test(t) && !/交|提交|截止|申报|寄|送|年检|评估|评价|拿过|获得|立项/.test(t));
  if (!cued) return undefined;
  // "明年一月底": the year after the guide's (a date said without a year is in the guide's year).
  const yearSaid = (y: string | undefined, at: number) => (y ? Number(y) : NEXT_YEAR.test(t.slice(Math.max(0, at - 4), at)) ? year + 1 : year);
  const said = daySaid(t, { year });
  if (said) return dayOf(said.yearGiven ? said.y : yearSaid(undefined, said.index), said.m, said.d);
  if (!opts.vague) return undefined;
  // "12月初", "11月下旬", "12月份开的会": not a year ("2022年12月" keeps its year), not "5月18日".
  const p = /(?:(20\d{2})\s*年)?\s*(\d{1,2})\s*月(份)?(.{0,2})/.exec(t);
  if (!p) return undefined;
  const found = MONTH_PARTS.find(([re]) => re.test(p[4] ?? ''));
  const day = dayOf(yearSaid(p[1], p.index), Number(p[2]), found ? found[2] : 1);
  return day && { ...day, part: found ? found[1] : 'month' };
}

/** 会 as part of a body's name (学会, 研究会, 理事会) or a sitting of it (开会 of the board) is no event word. */
const SOCIETY_WORD = /学会|协会|研究会|促进会|理事会|委员会|常务会|在外地开会|去开会|出去开会/g;

/** The clause around a position: from the punctuation before it to the punctuation after. */
function clauseAround(text: string, at: number): string {
  const before = Math.max(...[...'，,。；;！!？?\n'].map((c) => text.lastIndexOf(c, at)));
  const afterAll = [...'，,。；;！!？?\n'].map((c) => text.indexOf(c, at)).filter((i) => i >= 0);
  const after = afterAll.length ? Math.min(...afterAll) : text.length;
  return text.slice(before + 1, after);
}

function dayOf(y: number, mo: number, d: number): EventDay | undefined {
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined;
  return { date: `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}` };
}
