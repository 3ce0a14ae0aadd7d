import { evaluate, factsOf, type Truth } from './conditions.js';
import { describeFact, factLabels } from './facts.js';
import type { Guide } from './guide.js';
import type { Fact, Profile, ProjectId } from './profile.js';
import type { Cited, Condition } from './schema.js';

export type Verdict = 'eligible' | 'ineligible' | 'unknown';

export interface Reason {
  clause: string;
  text: string;
  /** The guide's own words for that clause. */
  quote: string;
  /** Whether the condition holds, fails or cannot be told yet. */
  status: Truth;
  /** Set when the verdict rests on a reading of an unclear clause (READING.md number). */
  reading?: number;
  /** Facts whose absence left it open. */
  missing?: Fact[];
}

export interface ProjectVerdict {
  verdict: Verdict;
  reasons: Reason[];
  /** Requirements no profile field covers, in the guide's words with their clause. */
  prepare: string[];
}

export type Verdicts = Record<ProjectId, ProjectVerdict>;

/** Reasons already worked out for this profile: the general conditions are shared by all projects. */
type Memo = Map<Condition, Reason>;

export function checkProject(guide: Guide, profile: Profile, id: ProjectId, memo: Memo = new Map()): ProjectVerdict {
  const failed: Reason[] = [];
  const open: Reason[] = [];
  const held: Reason[] = [];
  for (const { condition } of guide.conditionsOf(id)) {
    let reason = memo.get(condition);
    if (!reason) {
      reason = reasonFor(guide, profile, condition);
      memo.set(condition, reason);
    }
    (reason.status === 'no' ? failed : reason.status === 'unknown' ? open : held).push(reason);
  }
  const verdict: Verdict = failed.length ? 'ineligible' : open.length ? 'unknown' : 'eligible';
  const reasons = failed.length ? failed : open.length ? open : held;
  return { verdict, reasons, prepare: prepareList(guide, id) };
}

export function checkAll(guide: Guide, profile: Profile): Verdicts {
  const out = {} as Verdicts;
  const memo: Memo = new Map();
  for (const id of guide.projectIds) out[id] = checkProject(guide, profile, id, memo);
  return out;
}

const labelCache = new WeakMap<Guide, Record<Fact, string>>();
function labelsOf(guide: Guide): Record<Fact, string> {
  let labels = labelCache.get(guide);
  if (!labels) labelCache.set(guide, (labels = factLabels(guide.year)));
  return labels;
}

/**
 * A condition's reason depends only on the guide and the values of the facts it reads, and a
 * profile has few distinct values per fact: reasons are kept per condition and values (frozen,
 * shared), so a chat that is checked on every message does not word the same reasons again.
 * Measured by `npm run bench` (full check): about half the time of wording them afresh.
 */
const reasonCache = new WeakMap<Condition, Map<string, Reason>>();
const REASONS_PER_CONDITION = 64;

function reasonFor(guide: Guide, profile: Profile, condition: Condition): Reason {
  let byValues = reasonCache.get(condition);
  if (!byValues) reasonCache.set(condition, (byValues = new Map()));
  let key = '';
  for (const fact of factsOf(condition)) {
    const value = profile[fact];
    key += `${typeof value === 'object' ? JSON.stringify(value) : String(value)}|`;
  }
  let reason = byValues.get(key);
  if (!reason) {
    const outcome = evaluate(condition, profile);
    reason = Object.freeze(explain(guide, profile, condition, outcome.truth, outcome.missing));
    // Earlier awards come in many combinations: the cache stays small by starting afresh.
    if (byValues.size >= REASONS_PER_CONDITION) byValues.clear();
    byValues.set(key, reason);
  }
  return reason;
}

/**
 * The condition each reason was found for, kept beside it (not inside it, so the reason's JSON stays
 * as CONTRACT.md fixes it): another language words the same condition and values, not the text.
 */
const CONDITION = Symbol('condition');

export function conditionOfReason(reason: Reason): Condition | undefined {
  return (reason as { [CONDITION]?: Condition })[CONDITION];
}

/** "上一年度综合能力评价等级须不低于B等，当前为C等" */
function explain(guide: Guide, profile: Profile, condition: Condition, truth: Truth, missing: Fact[]): Reason {
  let text: string;
  if (truth === 'unknown') text = `${condition.requirement}；尚不清楚：${missing.map((f) => labelsOf(guide)[f]).join('、')}`;
  else {
    let known = '';
    for (const fact of factsOf(condition)) {
      const value = fact === 'priorProjects' ? priorThatMatters(guide, profile, condition, truth) : describeFact(profile, fact, guide.projectName);
      if (value !== undefined) known = known ? `${known}、${value}` : value;
    }
    text = truth === 'no' ? `${condition.requirement}，当前为${known || '不符合'}` : `${condition.requirement}（${known}，符合）`;
  }
  const reason: Reason = { clause: condition.clause, text, quote: condition.quote, status: truth };
  Object.defineProperty(reason, CONDITION, { value: condition });
  if (condition.reading !== undefined) reason.reading = condition.reading;
  if (truth === 'unknown') reason.missing = missing;
  return reason;
}

/**
 * Only the earlier awards the condition looks at: "2021年会员之家建设", not the society's whole
 * history. When none of them is held: "未获2021年会员之家建设".
 */
function priorThatMatters(guide: Guide, profile: Profile, condition: Condition, truth: Truth): string | undefined {
  const awards = awardsThatMatter(condition, profile, truth);
  if (!awards) return undefined;
  const words = awards.items.map((p) => `${p.year}年${guide.projectName(p.project)}`).join('、');
  return awards.held ? words : `未获${words}`;
}

/**
 * The earlier awards a condition's verdict turns on, for the reason's text: those held when it
 * fails (or all it names), else the ones not held. Undefined when earlier projects are unknown.
 */
export function awardsThatMatter(
  condition: Condition,
  profile: Profile,
  truth: Truth,
): { held: boolean; items: { year: number; project: string }[] } | undefined {
  const prior = profile.priorProjects;
  if (!prior) return undefined;
  const wanted = awardsReadBy(condition);
  const isHeld = (w: { year: number; project: string }) => prior.some((p) => p.project === w.project && p.year === w.year);
  const held = wanted.filter(isHeld);
  if (truth === 'no') return { held: true, items: held.length ? held : wanted };
  const notHeld = wanted.filter((w) => !isHeld(w));
  return notHeld.length ? { held: false, items: notHeld } : { held: true, items: held };
}

function awardsReadBy(condition: Condition): { year: number; project: string }[] {
  switch (condition.kind) {
    case 'not_funded_in':
      return [{ year: condition.year, project: condition.project }];
    case 'not_funded_in_all':
      return condition.years.map((year) => ({ year, project: condition.project }));
    case 'any_of':
      return condition.conditions.flatMap(awardsReadBy);
    default:
      return [];
  }
}

const prepareCache = new WeakMap<Guide, Map<ProjectId, string[]>>();

function prepareList(guide: Guide, id: ProjectId): string[] {
  let perGuide = prepareCache.get(guide);
  if (!perGuide) prepareCache.set(guide, (perGuide = new Map()));
  let list = perGuide.get(id);
  if (!list) {
    const project = guide.project(id);
    list = [...project.prepare, ...project.toAchieve, ...guide.data.generalPrepare].map(citedLine);
    perGuide.set(id, list);
  }
  return list;
}

/** A cited item as one line: its words, then its clause. */
export function citedLine(item: Cited): string {
  return `${item.text ?? item.quote}（${item.clause}）`;
}
