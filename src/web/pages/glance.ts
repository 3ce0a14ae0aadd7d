import { listDeadlines, parseInstant, type Guide, type ProjectId } from '../../../rules/index.js';
import type { ChecklistEntries } from '../../../handlers/checklist.js';
import type { SocietyView } from '../../roster/overview.js';
import { checklistProgress } from './common.js';

/** A society is "behind" when evidence is still open this close to its next deadline. */
export const BEHIND_WITHIN_DAYS = 14;
const DAY = 86_400_000;
const MARK = { eligible: '✅', ineligible: '❌', unknown: '❓' } as const;

/** What staff see of a society at a glance: its plan with a verdict each, conflicts, evidence and the next deadline. */
export interface Glance {
  planned: Array<{ name: string; mark: string; verdict: string }>;
  conflict: boolean;
  checklist: { text: string; open: number };
  /** Whole days to the next deadline of its planned projects (0 = today); undefined when none is ahead. */
  days?: number;
  nextLabel?: string;
  behind: boolean;
  complete: boolean;
  joined: boolean;
}

/**
 * The next deadline of a planned project, memoised per project and event day within one request:
 * 2,000 societies plan a handful of distinct projects, so this is a few lookups, not thousands.
 */
export function nextDeadlines(guide: Guide, nowMs: number) {
  const memo = new Map<string, { ms: number; label: string } | undefined>();
  return (project: ProjectId, eventDate: string | undefined) => {
    const key = `${project}|${eventDate ?? ''}`;
    if (!memo.has(key)) {
      let next: { ms: number; label: string } | undefined;
      for (const d of listDeadlines(guide, { nowMs, project, ...(eventDate && { eventDate }) })) {
        if (d.passed || !d.at) continue;
        const ms = parseInstant(d.at);
        if (ms !== undefined && ms >= nowMs && (!next || ms < next.ms)) next = { ms, label: d.label };
      }
      memo.set(key, next);
    }
    return memo.get(key);
  };
}

export function glanceOf(
  guide: Guide,
  v: SocietyView,
  checklists: ReadonlyMap<string, ChecklistEntries>,
  nowMs: number,
  next: ReturnType<typeof nextDeadlines>,
): Glance {
  const planned = v.intended.map((id) => ({ name: guide.projectName(id), mark: MARK[v.verdicts[id].verdict], verdict: v.verdicts[id].verdict }));
  const eventDates = v.chats[0]?.state.eventDates ?? {};
  let soonest: { ms: number; label: string } | undefined;
  for (const id of v.intended) {
    const d = next(id, eventDates[id]);
    if (d && (!soonest || d.ms < soonest.ms)) soonest = d;
  }
  const checklist = checklistProgress(guide, v, checklists);
  const days = soonest ? Math.floor((soonest.ms - nowMs) / DAY) : undefined;
  return {
    planned,
    conflict: v.conflicts.length > 0,
    checklist,
    ...(days !== undefined && { days, nextLabel: soonest!.label }),
    behind: checklist.open > 0 && days !== undefined && days <= BEHIND_WITHIN_DAYS,
    complete: !v.incomplete,
    joined: v.chats.length > 0,
  };
}
