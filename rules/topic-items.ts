import type { Guide } from './guide.js';
import type { ProjectId } from './profile.js';
import type { Cited } from './schema.js';
import type { CountUnit, UsedTopic } from './topics.js';

/**
 * Guide items looked up by topic (rules/topics.ts): how every answer about an item finds it, so no
 * answer depends on the guide's wording.
 */

/** The unit of a count_at_least condition's fact, for comparing it with a number asked about. */
const FACT_UNIT: Readonly<Record<string, CountUnit>> = { medicalExperts: 'people' };

/** A guide item found by its topic, with the project it was found under. */
export interface TopicItem {
  project: ProjectId;
  clause: string;
  quote: string;
  /** The data's short wording, when it has one. */
  text?: string;
  reading?: number;
  count?: { min: number; unit: CountUnit };
}

/**
 * The items of these projects with `topic`, in the order an answer prefers them: what to prepare,
 * notes, year-end conditions, shared notes, then conditions (general and own).
 */
export function topicItems(guide: Guide, ids: readonly ProjectId[], topic: UsedTopic): TopicItem[] {
  return ids.flatMap((project) => {
    const p = guide.project(project);
    const cited: Cited[] = [...p.prepare, ...p.evidence.notes, ...p.toAchieve, ...guide.sharedEvidenceOf(project).flatMap((s) => s.notes)];
    const items: TopicItem[] = cited
      .filter((c) => c.topic === topic)
      .map((c) => ({
        project,
        clause: c.clause,
        quote: c.quote,
        ...(c.text && { text: c.text }),
        ...(c.reading && { reading: c.reading }),
        ...(c.count && { count: c.count }),
      }));
    for (const { condition: c } of guide.conditionsOf(project)) {
      if (c.topic !== topic) continue;
      const unit = c.kind === 'count_at_least' ? FACT_UNIT[c.fact] : undefined;
      items.push({
        project,
        clause: c.clause,
        quote: c.quote,
        ...(c.reading && { reading: c.reading }),
        ...(c.kind === 'count_at_least' && unit && { count: { min: c.min, unit } }),
      });
    }
    return items;
  });
}

/** The submission steps of these projects' routes with `topic`, each step once. */
export function topicSteps(guide: Guide, ids: readonly ProjectId[], topic: UsedTopic): Cited[] {
  const routes = [...new Set(ids.map((id) => guide.project(id).submission))];
  return [...new Set(routes.flatMap((r) => guide.data.submission[r]?.steps ?? []).filter((s) => s.topic === topic))];
}

/** The guide-wide items (funding notes, general preparation) with `topic`: rules of no one project. */
export function guideTopicItems(guide: Guide, topic: UsedTopic): Cited[] {
  return [...guide.data.funding.notes, ...guide.data.generalPrepare].filter((c) => c.topic === topic);
}
