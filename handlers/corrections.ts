import { FACTS, type Fact, type Profile } from '../rules/index.js';
import { yearsIn } from './understand.js';
import { extractFacts, parseNumber } from './parse.js';
import { advance, askPending, questionFor, reaskPending } from './interview.js';
import { askStep } from './interview-state.js';
import { learn } from './learn.js';
import type { QuestionDef } from './questions.js';
import type { Turn } from './turn.js';
import { correctionValue } from './understanding/correction-value.js';

/** An award denied with no project named: "没获得过", "没有拿过", "木有". */
const AWARD_DENIED =
  /^(其实|我们)?(没|没有|未|从没|从来没)(有)?(拿到|拿|获得|获批|获|得到|得|立项|批)?(过|到)?(的|啊|呢|哈)?[。.!！]*$|^(没有|没)(这|那)(回事|个)/;

/** Which fact a correction names when it gives no value ("把年检改一下"). */
const FACT_KEYWORDS: Array<[RegExp, Fact]> = [
  [/评估/, 'assessmentLevel'],
  [/评价|等级|几等/, 'evaluationGrade'],
  [/年检/, 'annualInspectionPassed'],
  [/诚信|不良/, 'integrityIssues'],
  [/专职/, 'fullTimeStaff'],
  [/期刊|刊号/, 'cnJournal'],
  [/报备|奖项/, 'awardFiled'],
  [/专家/, 'medicalExperts'],
  [/往年|以前|之前.*项目|立项/, 'priorProjects'],
  [/单位类型|单位性质|类型/, 'orgType'],
];

/** The same in an English chat: "change grade to B", "correct inspection". */
const FACT_KEYWORDS_EN: Array<[RegExp, Fact]> = [
  [/assess/i, 'assessmentLevel'],
  [/grade|evaluat/i, 'evaluationGrade'],
  [/inspection/i, 'annualInspectionPassed'],
  [/integrity|misconduct/i, 'integrityIssues'],
  [/staff/i, 'fullTimeStaff'],
  [/journal/i, 'cnJournal'],
  [/award/i, 'awardFiled'],
  [/expert/i, 'medicalExperts'],
  [/prior|previous|earlier/i, 'priorProjects'],
  [/organi[sz]ation|org type|type/i, 'orgType'],
];
const EN_CORRECTION = /^(change|correct|set|update|fix|edit)\b/i;

/** The profile fact a message names by its words ("专家人数", "评价等级"), if any. */
export function factNamed(text: string): Fact | undefined {
  return FACT_KEYWORDS.find(([re]) => re.test(text))?.[1];
}

/** The fact an English correction names ("change grade to B"), if the message is one. */
export function englishCorrection(text: string): Fact | undefined {
  return EN_CORRECTION.test(text) ? FACT_KEYWORDS_EN.find(([re]) => re.test(text))?.[1] : undefined;
}

/** "change grade to B": the new value when it can be read, else the question again. */
export function correctInEnglish(turn: Turn, fact: Fact, text: string): void {
  const def = questionFor(turn, fact);
  if (!def) return turn.say(turn.t('correction.unclear'));
  const value = text
    .replace(/^.*?\b(to|is|as|=)\s+/i, '')
    .replace(EN_CORRECTION, '')
    .trim();
  const change = value && value !== text ? def.parse(value) : undefined;
  if (change && learn(turn, { profile: change, intended: [] }, true)) return advance(turn);
  reask(turn, fact, def);
}

/** "把年检改一下": the field is named but not the new value, so ask that question again. */
export function reaskNamedFact(turn: Turn, text: string): void {
  // "多算了两个", "漏了两个": the count said last, less or more by that many.
  const moved = countMoved(turn, text);
  if (moved && learn(turn, { profile: moved, intended: [] }, true, text)) return advance(turn);
  // "说错了 是B", "改成A": a value that only one fact can take.
  const value = correctionValue(text);
  // "不对，是8个": a count of people is the one fact counted in people (medical experts).
  const bare = /^[ABCD]\s*等?$/i.test(value)
    ? 'evaluationGrade'
    : /^([1-5]|[一二三四五])\s*A\s*级?$/i.test(value)
      ? 'assessmentLevel'
      : /^\d{1,3}\s*(个|人|名|位)$/.test(value) && lastSaidFact(turn) !== 'medicalExperts' && turn.state.profile.medicalExperts !== undefined
        ? 'medicalExperts'
        : undefined;
  const change = bare && questionFor(turn, bare)?.parse(value);
  if (change && learn(turn, { profile: change, intended: [] }, true, text)) return advance(turn);
  const fact = FACT_KEYWORDS.find(([re]) => re.test(text))?.[1];
  const def = fact && questionFor(turn, fact);
  if (fact && def) {
    // "专家人数不对，是5个不是12个": the field and its new value; with no value, the question again.
    // "搞错了，年检参加了而且合格的": the fact as the words state it, else the value after 是/改成.
    const stated = extractFacts(text, turn.matcher, turn.guide.year).profile[fact];
    const named = stated !== undefined ? ({ [fact]: stated } as Partial<Profile>) : value && value !== text ? def.parse(value) : undefined;
    if (named && learn(turn, { profile: named, intended: [] }, true, text)) return advance(turn);
    return reask(turn, fact, def);
  }
  // "不对，是八个", "搞错了，我们木有": no field named, so the value is for the fact said last.
  const last = lastSaidFact(turn);
  // "撤回刚才那句，没获得过": the awards said last are withdrawn.
  const denies = AWARD_DENIED.test(
    value
      .split(/[，,。；;\s]+/)
      .filter(Boolean)
      .pop() ?? '',
  );
  if (last === 'priorProjects' && denies) {
    const said = turn.matcher.find(turn.state.sources.priorProjects?.text ?? '', { groups: false });
    if (learn(turn, { profile: {}, intended: [], priorDenied: said.map((project) => ({ project })) }, true, text)) return advance(turn);
  }
  // "撤回刚才那句，没获得过" when no award was stored (its year was still asked): nothing to withdraw.
  if (denies && /拿|获|得|立项|批/.test(value) && !turn.state.profile.priorProjects?.length) {
    turn.say(turn.t('correction.noAwardStored'));
    return reaskPending(turn);
  }
  // Only a bare value is for the fact said last ("不对，是八个", "搞错了，我们木有"); longer words are
  // about something else ("改成我们第一主办，全国学会协办" is no unit type).
  const bareValue = (
    value
      .split(/[，,。\s]+/)
      .filter(Boolean)
      .pop() ?? ''
  ).replace(/^(我们|我会|本会|其实)/, '');
  const lastChange =
    last === 'priorProjects' ? awardYearMoved(turn, value) : last && bareValue && bareValue.length <= 4 ? questionFor(turn, last)?.parse(bareValue) : undefined;
  if (lastChange && learn(turn, { profile: lastChange, intended: [] }, true, text)) return advance(turn);
  turn.say(turn.t('correction.unclear'));
}

/**
 * "说错了，是20年拿的" after "21年拿过发展助力": the year of the award(s) said last moves; the other
 * awards stay. Undefined when the words give no year, or name a project (then they are read as usual).
 */
function awardYearMoved(turn: Turn, value: string): Partial<Profile> | undefined {
  const years = yearsIn(value, turn.guide.year).filter((y) => y < turn.guide.year);
  const said = turn.state.sources.priorProjects?.text ?? '';
  const moved = turn.matcher.find(said, { groups: false });
  if (years.length !== 1 || turn.matcher.find(value).length || !moved.length) return undefined;
  const kept = (turn.state.profile.priorProjects ?? []).filter((p) => !moved.includes(p.project));
  return { priorProjects: [...kept, ...moved.map((project) => ({ year: years[0]!, project }))] };
}

/** "多算了两个" (fewer), "少算了2个", "漏了两个" (more): said of the one count the profile keeps, the medical experts. */
const COUNT_OVER = /(?:多算|多说|多写|多数|多报|多打)了?\s*(\d+|[一两二三四五六七八九十])\s*(?:个|人|位|名)?/;
const COUNT_UNDER = /(?:少算|少说|少写|少数|少报|少打|漏算|漏|落)了?\s*(\d+|[一两二三四五六七八九十])\s*(?:个|人|位|名)/;

function countMoved(turn: Turn, text: string): Partial<Profile> | undefined {
  const now = turn.state.profile.medicalExperts;
  if (now === undefined || (lastSaidFact(turn) !== 'medicalExperts' && !/专家/.test(text))) return undefined;
  const over = COUNT_OVER.exec(text);
  const under = over ? null : COUNT_UNDER.exec(text);
  const by = parseNumber((over ?? under)?.[1] ?? '');
  if (!by) return undefined;
  const next = over ? now - by : now + by;
  return next >= 0 ? { medicalExperts: next } : undefined;
}

/** The fact the chat itself stated most recently (the roster's facts are not "said"). */
function lastSaidFact(turn: Turn): Fact | undefined {
  // Entries are in the order they were stored: among equal times the later one was said last.
  const said = Object.entries(turn.state.sources).filter(([key, s]) => s.from === 'chat' && (FACTS as readonly string[]).includes(key));
  const last = said.reduce<(typeof said)[number] | undefined>((best, entry) => (!best || entry[1].at >= best[1].at ? entry : best), undefined);
  return last?.[0] as Fact | undefined;
}

/** Ask a fact's question again, saying what is recorded now. */
function reask(turn: Turn, fact: Fact, def: QuestionDef): void {
  askStep(turn.state, { kind: 'fact', fact });
  const now = turn.describe(turn.state.profile, fact);
  askPending(turn, def, false, now ? turn.t('interview.nowRecorded', { value: now }) : '');
}
