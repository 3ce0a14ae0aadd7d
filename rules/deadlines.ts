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
  /** A society's event days by project; with `project`, that project's day is used as `eventDate`. */
  eventDates?: Readonly<Record<string, string>>;
}

/**
 * The guide's deadlines relative to now. Relative ones (会后一个月内) appear only when the
 * event date is known. Dated items come first in time order, open ones (at: null) last.
 */
export function listDeadlines(guide: Guide, query: DeadlineQuery): Deadline[] {
  const eventDate = query.eventDate ?? (query.project ? query.eventDates?.[query.project] : undefined);
  const out: Array<Deadline & { ms: number }> = [];
  for (const def of guide.deadlines) {
    if (query.project && !def.projects.includes(query.project)) continue;
    let ms: number | null;
    let dayOfEvent: string | undefined;
    if ('afterEvent' in def) {
      if (!eventDate) continue;
      dayOfEvent = eventDate;
      ms = parseInstant(addMonths(eventDate, def.afterEvent.months));
    } else {
      ms = def.at === null ? null : parseInstant(def.at);
    }
    const item: Deadline & { ms: number } = {
      id: def.id,
      projects: query.project ? [query.project] : [...def.projects],
      at: ms === null ? null : formatCst(ms),
      label: dayOfEvent ? `${def.label}（活动日期${dayOfEvent}）` : def.label,
      clause: def.clause,
      passed: ms !== null && query.nowMs > ms,
      kind: def.kind,
      quote: def.quote,
      ms: ms ?? Infinity,
    };
    if (def.reading !== undefined) item.reading = def.reading;
    if (dayOfEvent) item.eventDate = dayOfEvent;
    out.push(item);
  }
  return out.sort((a, b) => a.ms - b.ms).map(({ ms: _ms, ...d }) => d);
}
