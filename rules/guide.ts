import { parse as parseYaml } from 'yaml';
import type { ZodError } from 'zod';
import { PROJECT_IDS, type ProjectId } from './profile.js';
import { describeIssue } from './validation.js';
import { guideSchema, type Condition, type DeadlineDef, type GuideData, type ProjectDef, type ProjectSelector } from './schema.js';

/** A condition as it applies to one project, general (二（二）) or the project's own. */
export interface AppliedCondition {
  condition: Condition;
  general: boolean;
}

export type DeadlineEntry = DeadlineDef & { projects: ProjectId[] };

/** A validated guide, with shared items resolved per project. Built once, read many times. */
export interface Guide {
  data: GuideData;
  id: string;
  year: number;
  projectIds: readonly ProjectId[];
  project(id: ProjectId): ProjectDef;
  conditionsOf(id: ProjectId): AppliedCondition[];
  /** Deadlines in guide order; an id shared by several projects is one entry. */
  deadlines: DeadlineEntry[];
  sharedEvidenceOf(id: ProjectId): GuideData['sharedEvidence'];
  quotaOf(id: ProjectId): GuideData['quotas'][number] | undefined;
  readingText(n: number): string | undefined;
  projectName(id: string): string;
}

export class GuideError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = 'GuideError';
  }
}

function firstIssue(error: ZodError, source: string, raw: unknown): GuideError {
  const { path, message } = describeIssue(deepest(error.issues[0]!), raw);
  return new GuideError(`指南数据文件 ${source} 有误：${message}`, path);
}

type Issue = ZodError['issues'][number];

/**
 * A union failure (e.g. a deadline's `at` that is neither a date nor a date-time) is
 * reported at the union's own path; descend into the alternative that got furthest so
 * the message names the field itself: `projects.standard.deadlines[0].at`.
 */
export function deepest(issue: Issue): Issue {
  if (issue.code !== 'invalid_union' || !issue.errors?.length) return issue;
  let best: Issue | undefined;
  let bestScore: [number, number] = [-1, 0];
  for (const branch of issue.errors) {
    if (!branch.length) continue;
    const inner = branch.map((i) => deepest({ ...i, path: [...issue.path, ...i.path] } as Issue));
    const depth = Math.max(...inner.map((i) => i.path.length));
    const score: [number, number] = [depth, -branch.length];
    if (score[0] > bestScore[0] || (score[0] === bestScore[0] && score[1] > bestScore[1])) {
      bestScore = score;
      best = inner.reduce((a, b) => (b.path.length > a.path.length ? b : a));
    }
  }
  return best ?? issue;
}

/** Parses and validates guide data (YAML or JSON text). Throws GuideError naming the path. */
export function parseGuide(text: string, source = 'guide'): Guide {
  let raw: unknown;
  try {
    // A file saved by Windows Notepad starts with a BOM; it is not part of the data.
    raw = parseYaml(text.replace(/^\uFEFF/, ''), { merge: true });
  } catch (error) {
    throw new GuideError(`指南数据文件 ${source} 不是有效的 YAML/JSON：${(error as Error).message.split('\n')[0]}`, '(根)');
  }
  const result = guideSchema.safeParse(raw);
  if (!result.success) throw firstIssue(result.error, source, raw);
  return compileGuide(result.data, source);
}

export function selects(selector: ProjectSelector, id: ProjectId): boolean {
  if (selector === 'all') return true;
  if (Array.isArray(selector)) return selector.includes(id);
  return !selector.allExcept.includes(id);
}

export function compileGuide(data: GuideData, source = 'guide'): Guide {
  const ids = PROJECT_IDS;
  const conditions = new Map<ProjectId, AppliedCondition[]>();
  for (const id of ids) {
    const general = data.whoMayApply.filter((g) => selects(g.appliesTo, id)).map((g) => ({ condition: g.condition, general: true }));
    const own = data.projects[id]!.conditions.map((condition) => ({ condition, general: false }));
    conditions.set(id, [...general, ...own]);
  }

  const deadlines: DeadlineEntry[] = [];
  const byId = new Map<string, DeadlineEntry>();
  const add = (def: DeadlineDef, projects: ProjectId[], path: string) => {
    const seen = byId.get(def.id);
    if (!seen) {
      const entry = { ...def, projects: [...projects] };
      byId.set(def.id, entry);
      deadlines.push(entry);
      return;
    }
    if (JSON.stringify(timing(seen)) !== JSON.stringify(timing(def)) || seen.label !== def.label) {
      throw new GuideError(`指南数据文件 ${source} 有误：${path}：截止事项 "${def.id}" 在别处的时间或名称不同`, path);
    }
    for (const p of projects) if (!seen.projects.includes(p)) seen.projects.push(p);
  };
  data.sharedDeadlines.forEach((d, i) => {
    const { projects, ...def } = d;
    add(
      def as DeadlineDef,
      ids.filter((id) => selects(projects, id)),
      `sharedDeadlines[${i}]`,
    );
  });
  for (const id of ids) {
    data.projects[id]!.deadlines.forEach((d, i) => add(d, [id], `projects.${id}.deadlines[${i}]`));
  }

  return {
    data,
    id: data.id,
    year: data.year,
    projectIds: ids,
    project: (id) => data.projects[id]!,
    conditionsOf: (id) => conditions.get(id)!,
    deadlines,
    sharedEvidenceOf: (id) => data.sharedEvidence.filter((e) => selects(e.projects, id)),
    quotaOf: (id) => data.quotas.find((q) => q.projects.includes(id)),
    readingText: (n) => data.readings[String(n)],
    projectName: (id) => data.projects[id as ProjectId]?.name ?? id,
  };
}

/** The programme years an answer speaks of, all derived from the guide's own `year`. */
export interface YearWords {
  /** The programme year (2022 for the 2022 guide). */
  year: number;
  /** 去年 / 上一年度: the year grades, levels and 年检 describe. */
  lastYear: number;
  /** 前年. */
  yearBefore: number;
  /** 下一年度: when funds are paid, when the next guide comes. */
  nextYear: number;
}

export function yearWords(guide: Pick<Guide, 'year'>): YearWords {
  return { year: guide.year, lastYear: guide.year - 1, yearBefore: guide.year - 2, nextYear: guide.year + 1 };
}

function timing(d: DeadlineDef) {
  return 'at' in d ? { at: d.at } : { afterEvent: d.afterEvent };
}
