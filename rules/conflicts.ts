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
  const { bit, broken } = compiled(guide);
  const mask = intended.reduce((m, i) => m | bit(i.project), 0);
  // The common case, nothing broken, is answered by the bitmask tests alone.
  if (!broken.some((isBroken) => isBroken(mask)) && intended.every((i) => i.count <= 1)) return conflicts;
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

/** A combination rule over sets of projects written as bitmasks (20 projects fit in one int). */
type MaskRule = (mask: number) => boolean;

const maskRules = new WeakMap<Guide, { bit: (id: ProjectId) => number; broken: MaskRule[] }>();

/** Rules of 二（三） compiled to bitmask tests, once per guide: the search below runs thousands. */
function compiled(guide: Guide) {
  let c = maskRules.get(guide);
  if (c) return c;
  const index = new Map(guide.projectIds.map((id, i) => [id, i] as const));
  const bit = (id: ProjectId) => 1 << index.get(id)!;
  const maskOf = (ids: readonly ProjectId[]) => ids.reduce((m, id) => m | bit(id), 0);
  const popcount = (m: number) => {
    let n = 0;
    for (; m; m &= m - 1) n++;
    return n;
  };
  const broken: MaskRule[] = [];
  for (const rule of guide.data.combinationRules) {
    if (rule.kind === 'mutually_exclusive') {
      const groups = rule.groups.map(maskOf);
      broken.push((m) => groups.filter((g) => (g & m) !== 0).length > 1);
    } else if (rule.kind === 'requires_one_of') {
      const p = bit(rule.project);
      const any = maskOf(rule.oneOf);
      broken.push((m) => (m & p) !== 0 && (m & any) === 0);
    } else if (rule.kind === 'at_most_of') {
      const ps = maskOf(rule.projects);
      const unless = rule.unless ? bit(rule.unless) : 0;
      broken.push((m) => (m & unless) === 0 && popcount(m & ps) > rule.max);
    }
    // max_count_each never breaks once counts are capped, which the search does first.
  }
  c = { bit, broken };
  maskRules.set(guide, c);
  return c;
}

/**
 * Allowed combinations closest to what the society wanted: counts lowered to their caps,
 * then the fewest projects dropped (or a required companion added), preferring to keep
 * projects it is eligible for. Projects `excluded` (the society cannot apply for them) are
 * dropped from every combination and never added. Empty when nothing conflicts.
 */
export function closestAllowed(
  guide: Guide,
  intended: Intention[],
  preferKeep: (id: ProjectId) => number = () => 0,
  limit = 3,
  excluded: (id: ProjectId) => boolean = () => false,
): Alternative[] {
  if (findConflicts(guide, intended).length === 0) return [];
  const { bit, broken } = compiled(guide);
  const reduced: ProjectId[] = [];
  const all = intended.map((i) => {
    const cap = countCap(guide, i.project);
    if (i.count <= cap) return i;
    reduced.push(i.project);
    return { project: i.project, count: cap };
  });
  const forced = all.filter((i) => excluded(i.project)).map((i) => i.project);
  const capped = all.filter((i) => !excluded(i.project));
  const bits = capped.map((i) => bit(i.project));
  const full = bits.reduce((m, b) => m | b, 0);
  const companions = companionOptions(guide, capped).filter((id) => (full & bit(id)) === 0 && !excluded(id));
  const found: Array<Alternative & { changes: number; score: number }> = [];
  let tries = 0;
  let stopAfter = capped.length;
  for (let drop = 0; drop <= stopAfter && tries < MAX_TRIES; drop++) {
    for (const removedIdx of combinations(capped.length, drop)) {
      if (++tries > MAX_TRIES) break;
      let kept = full;
      for (const i of removedIdx) kept &= ~bits[i]!;
      for (const added of [undefined, ...companions]) {
        const mask = added ? kept | bit(added) : kept;
        // Nothing left is a combination only when nothing could be kept at all.
        if ((mask === 0 && capped.length > 0) || broken.some((isBroken) => isBroken(mask))) continue;
        const keptItems = capped.filter((_, i) => !removedIdx.includes(i));
        const changes = drop + (added ? 1 : 0);
        const score = changes - keptItems.reduce((s, k) => s + preferKeep(k.project), 0) / 100;
        found.push({
          intended: added ? [...keptItems, { project: added, count: 1 }] : keptItems,
          removed: [...forced, ...removedIdx.map((i) => capped[i]!.project)],
          added: added ? [added] : [],
          reduced: reduced.filter((id) => !forced.includes(id)),
          changes,
          score,
        });
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
function companionOptions(guide: Guide, intended: Intention[]): ProjectId[] {
  const out: ProjectId[] = [];
  for (const rule of guide.data.combinationRules) {
    if (rule.kind !== 'requires_one_of' || !intended.some((i) => i.project === rule.project)) continue;
    for (const id of rule.oneOf) if (!out.includes(id)) out.push(id);
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

const mostCache = new WeakMap<Guide, Map<string, number>>();

/**
 * How many of `counted` (by default all of `ids`) one society may apply for together under 二（三）,
 * choosing freely among `ids`: the largest allowed set (one of each; counts are capped separately).
 * Every subset is tried as a bitmask; 20 projects are about a million masks of a few integer tests,
 * so the answer is cached per guide.
 */
export function mostTogether(guide: Guide, ids: readonly ProjectId[], counted: readonly ProjectId[] = ids): number {
  const key = `${[...ids].sort().join(',')}|${[...counted].sort().join(',')}`;
  let cache = mostCache.get(guide);
  if (!cache) mostCache.set(guide, (cache = new Map()));
  const known = cache.get(key);
  if (known !== undefined) return known;
  const { bit, broken } = compiled(guide);
  const bits = ids.map(bit);
  const scores = ids.map((id) => (counted.includes(id) ? 1 : 0));
  let best = 0;
  for (let subset = 1; subset < 1 << bits.length; subset++) {
    let mask = 0;
    let n = 0;
    for (let i = 0; i < bits.length; i++) {
      if (!(subset & (1 << i))) continue;
      mask |= bits[i]!;
      n += scores[i]!;
    }
    if (n > best && !broken.some((isBroken) => isBroken(mask))) best = n;
  }
  cache.set(key, best);
  return best;
}

/** The projects whose presence lifts a cap on some of `ids` (二（三）3's 一流学会): at_most_of rules' `unless`. */
export function capLiftedBy(guide: Guide, ids: readonly ProjectId[]): ProjectId[] {
  return [
    ...new Set(
      guide.data.combinationRules.flatMap((r) =>
        r.kind === 'at_most_of' && r.unless && !ids.includes(r.unless) && r.projects.some((id) => ids.includes(id)) ? [r.unless] : [],
      ),
    ),
  ];
}
