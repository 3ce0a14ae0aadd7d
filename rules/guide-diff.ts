import type { Guide } from './guide.js';

/** One difference between two guide files, at its path in the data, with the clause it belongs to. */
export interface GuideChange {
  kind:
    | 'project-added'
    | 'project-removed'
    | 'condition'
    | 'threshold'
    | 'combination'
    | 'deadline'
    | 'evidence'
    | 'quota'
    | 'contact'
    | 'prepare'
    | 'submission'
    | 'funding'
    | 'reading'
    | 'category'
    | 'guide';
  path: string;
  clause: string;
  old: unknown;
  new: unknown;
}

const THRESHOLDS = new Set(['grade', 'level', 'min', 'year', 'years', 'values', 'max', 'equals']);

/**
 * What changed between two guides, leaf by leaf: arrays of items with an `id` (deadlines,
 * combination rules) are matched by id, projects by their id, other arrays by position. Each change
 * carries the nearest clause above it. Identical data gives [].
 */
export function diffGuides(before: Guide, after: Guide): GuideChange[] {
  const out: GuideChange[] = [];
  walk(before.data, after.data, [], '', out);
  return out;
}

type Key = string | number;

function walk(a: unknown, b: unknown, path: Key[], clause: string, out: GuideChange[]): void {
  if (same(a, b)) return;
  const here = clauseOf(b) || clauseOf(a) || clause;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.every(hasId) && b.every(hasId) && (a.length || b.length)) {
      const ids = [...new Set([...a.map(idOf), ...b.map(idOf)])];
      for (const id of ids) {
        const x = a.find((i) => idOf(i) === id);
        const y = b.find((i) => idOf(i) === id);
        walk(x, y, [...path, `${id}`], here, out);
      }
      return;
    }
    for (let i = 0; i < Math.max(a.length, b.length); i++) walk(a[i], b[i], [...path, i], here, out);
    return;
  }
  if (isObject(a) && isObject(b)) {
    for (const key of [...new Set([...Object.keys(a), ...Object.keys(b)])]) {
      walk(a[key], b[key], [...path, key], here, out);
    }
    return;
  }
  out.push({ kind: kindOf(path, a, b), path: pathText(path), clause: here, old: a ?? null, new: b ?? null });
}

function kindOf(path: Key[], a: unknown, b: unknown): GuideChange['kind'] {
  const [top, second, third] = path;
  const keys = path.map(String);
  if (top === 'projects' && path.length === 2) return a === undefined ? 'project-added' : b === undefined ? 'project-removed' : 'condition';
  if (keys.includes('deadlines') || top === 'sharedDeadlines') return 'deadline';
  if (top === 'whoMayApply' || keys.includes('conditions')) return THRESHOLDS.has(keys.at(-1)!) ? 'threshold' : 'condition';
  if (top === 'combinationRules') return 'combination';
  if (keys.includes('evidence') || top === 'sharedEvidence') return 'evidence';
  if (top === 'quotas' || top === 'totalQuota') return 'quota';
  if (top === 'contacts') return 'contact';
  if (keys.includes('prepare') || keys.includes('toAchieve') || top === 'generalPrepare') return 'prepare';
  if (top === 'submission' || third === 'submission') return 'submission';
  if (top === 'funding') return 'funding';
  if (top === 'readings') return 'reading';
  if (top === 'categories') return 'category';
  void second;
  return 'guide';
}

/** `projects.standard.deadlines.standard-complete.at`, `quotas[3].max`. */
function pathText(path: Key[]): string {
  let out = '';
  for (const key of path) out += typeof key === 'number' ? `[${key}]` : out ? `.${key}` : key;
  return out || '(根)';
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const hasId = (v: unknown) => isObject(v) && typeof v.id === 'string';
const idOf = (v: unknown) => (v as { id: string }).id;
const clauseOf = (v: unknown) => (isObject(v) && typeof v.clause === 'string' ? v.clause : '');
const same = (a: unknown, b: unknown) => a === b || JSON.stringify(a) === JSON.stringify(b);
