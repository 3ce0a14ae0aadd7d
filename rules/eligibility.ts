import { evaluate, factsOf, type Truth } from './conditions.js';
import { describeFact, FACT_LABELS } from './facts.js';
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
      const outcome = evaluate(condition, profile);
      reason = explain(guide, profile, condition, outcome.truth, outcome.missing);
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

/** "上一年度综合能力评价等级须不低于B等，当前为C等" */
function explain(guide: Guide, profile: Profile, condition: Condition, truth: Truth, missing: Fact[]): Reason {
  let text: string;
  if (truth === 'unknown') text = `${condition.requirement}；尚不清楚：${missing.map((f) => FACT_LABELS[f]).join('、')}`;
  else {
    let known = '';
    for (const fact of factsOf(condition)) {
      const value = describeFact(profile, fact, guide.projectName);
      if (value !== undefined) known = known ? `${known}、${value}` : value;
    }
    text = truth === 'no' ? `${condition.requirement}，当前为${known || '不符合'}` : `${condition.requirement}（${known}，符合）`;
  }
  const reason: Reason = { clause: condition.clause, text, quote: condition.quote, status: truth };
  if (condition.reading !== undefined) reason.reading = condition.reading;
  if (truth === 'unknown') reason.missing = missing;
  return reason;
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
