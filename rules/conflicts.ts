import type { Guide } from './guide.js';
import type { Intention, ProjectId } from './profile.js';
import type { CombinationRule } from './schema.js';

export interface Conflict {
  /** The projects involved; for a missing companion, the one that needs it. */
  projects: ProjectId[];
  clause: string;
  text: string;
  rule: string;
  reading?: number;
}

/** One entry per broken combination rule of 二（三）. */
export function findConflicts(guide: Guide, intended: Intention[]): Conflict[] {
  const conflicts: Conflict[] = [];
  for (const rule of guide.data.combinationRules) {
    const projects = brokenBy(rule, intended);
    if (!projects) continue;
    const conflict: Conflict = { projects, clause: rule.clause, text: rule.text, rule: rule.id };
    if (rule.reading !== undefined) conflict.reading = rule.reading;
    conflicts.push(conflict);
  }
  return conflicts;
}

/** The projects that break the rule, or undefined when it holds. */
function brokenBy(rule: CombinationRule, intended: Intention[]): ProjectId[] | undefined {
  const has = (id: ProjectId) => intended.some((i) => i.project === id);
  switch (rule.kind) {
    case 'mutually_exclusive': {
      const hit = rule.groups.map((group) => group.filter(has)).filter((g) => g.length > 0);
      return hit.length > 1 ? hit.flat() : undefined;
    }
    case 'requires_one_of':
      return has(rule.project) && !rule.oneOf.some(has) ? [rule.project] : undefined;
    case 'at_most_of': {
      if (rule.unless && has(rule.unless)) return undefined;
      const hit = rule.projects.filter(has);
      return hit.length > rule.max ? hit : undefined;
    }
    case 'max_count_each': {
      const hit = intended.filter((i) => rule.projects.includes(i.project) && i.count > rule.max).map((i) => i.project);
      return hit.length ? hit : undefined;
    }
  }
}

export interface Alternative {
  intended: Intention[];
  removed: ProjectId[];
  added: ProjectId[];
  /** Projects whose count was lowered to the rule's maximum. */
  reduced: ProjectId[];
}

const MAX_TRIES = 20_000;

/**
 * Allowed combinations closest to what the society wanted: counts lowered to their caps,
 * then the fewest projects dropped (or a required companion added), preferring to keep
 * projects it is eligible for. Empty when nothing conflicts.
 */
export function closestAllowed(
  guide: Guide,
  intended: Intention[],
  preferKeep: (id: ProjectId) => number = () => 0,
  limit = 3,
): Alternative[] {
  if (findConflicts(guide, intended).length === 0) return [];
  const reduced: ProjectId[] = [];
  const capped = intended.map((i) => {
    const cap = countCap(guide, i.project);
    if (i.count <= cap) return i;
    reduced.push(i.project);
    return { project: i.project, count: cap };
  });
  const companions = companionOptions(guide, capped);
  const found: Array<Alternative & { changes: number; score: number }> = [];
  let tries = 0;
  let stopAfter = capped.length;
  for (let drop = 0; drop <= stopAfter && tries < MAX_TRIES; drop++) {
    for (const removedIdx of combinations(capped.length, drop)) {
      if (++tries > MAX_TRIES) break;
      const kept = capped.filter((_, i) => !removedIdx.includes(i));
      const removed = removedIdx.map((i) => capped[i]!.project);
      for (const added of [[], ...companions]) {
        if (kept.some((k) => added.includes(k.project))) continue;
        const candidate = [...kept, ...added.map((project) => ({ project, count: 1 }))];
        if (candidate.length === 0 || findConflicts(guide, candidate).length > 0) continue;
        const changes = removed.length + added.length;
        const score = changes - kept.reduce((s, k) => s + preferKeep(k.project), 0) / 100;
        found.push({ intended: candidate, removed, added, reduced, changes, score });
        stopAfter = Math.min(stopAfter, drop + 1);
      }
    }
  }
  const fewest = Math.min(...found.map((f) => f.changes));
  return found
    .filter((f) => f.changes === fewest)
    .sort((a, b) => a.score - b.score)
    .slice(0, limit)
    .map(({ score: _score, changes: _changes, ...alt }) => alt);
}

function countCap(guide: Guide, id: ProjectId): number {
  let cap = Infinity;
  for (const rule of guide.data.combinationRules) {
    if (rule.kind === 'max_count_each' && rule.projects.includes(id)) cap = Math.min(cap, rule.max);
  }
  return cap;
}

/** Single additions that could satisfy a requires_one_of rule. */
function companionOptions(guide: Guide, intended: Intention[]): ProjectId[][] {
  const out: ProjectId[][] = [];
  for (const rule of guide.data.combinationRules) {
    if (rule.kind !== 'requires_one_of' || !intended.some((i) => i.project === rule.project)) continue;
    for (const id of rule.oneOf) out.push([id]);
  }
  return out;
}

function* combinations(n: number, k: number, start = 0, acc: number[] = []): Generator<number[]> {
  if (acc.length === k) {
    yield [...acc];
    return;
  }
  for (let i = start; i < n; i++) {
    acc.push(i);
    yield* combinations(n, k, i + 1, acc);
    acc.pop();
  }
}
