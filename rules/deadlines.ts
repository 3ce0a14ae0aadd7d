import type { Guide } from './guide.js';
import type { ProjectId } from './profile.js';
import { addMonths, formatCst, parseInstant } from './time.js';

export interface Deadline {
  id: string;
  projects: ProjectId[];
  /** ISO 8601 at +08:00; null when the guide leaves it open (另行通知). */
  at: string | null;
  label: string;
  clause: string;
  passed: boolean;
  kind: 'opens' | 'submit' | 'complete' | 'materials' | 'acceptance';
  quote: string;
  reading?: number;
  /** For 会后一个月内: the event day it counts from. */
  eventDate?: string;
}

export interface DeadlineQuery {
  nowMs: number;
  project?: ProjectId;
  /** YYYY-MM-DD, already validated: the day an academic exchange event is held. */
  eventDate?: string;
}

/**
 * The guide's deadlines relative to now. Relative ones (会后一个月内) appear only when the
 * event date is known. Dated items come first in time order, open ones (at: null) last.
 */
export function listDeadlines(guide: Guide, query: DeadlineQuery): Deadline[] {
  const out: Array<Deadline & { ms: number }> = [];
  for (const def of guide.deadlines) {
    if (query.project && !def.projects.includes(query.project)) continue;
    let ms: number | null;
    let eventDate: string | undefined;
    if ('afterEvent' in def) {
      if (!query.eventDate) continue;
      eventDate = query.eventDate;
      ms = parseInstant(addMonths(query.eventDate, def.afterEvent.months));
    } else {
      ms = def.at === null ? null : parseInstant(def.at);
    }
    const item: Deadline & { ms: number } = {
      id: def.id,
      projects: query.project ? [query.project] : [...def.projects],
      at: ms === null ? null : formatCst(ms),
      label: eventDate ? `${def.label}（活动日期${eventDate}）` : def.label,
      clause: def.clause,
      passed: ms !== null && query.nowMs > ms,
      kind: def.kind,
      quote: def.quote,
      ms: ms ?? Infinity,
    };
    if (def.reading !== undefined) item.reading = def.reading;
    if (eventDate) item.eventDate = eventDate;
    out.push(item);
  }
  return out.sort((a, b) => a.ms - b.ms).map(({ ms: _ms, ...d }) => d);
}
