/**
 * "我们的年会10月15日举办" before any project is named: the day is the society's event, but of no
 * project yet, so it is kept apart (never attached to projects nobody named: the first principle)
 * and given to the event-based projects the society plans, when it plans them.
 */
import type { Guide, ProjectId } from '../rules/index.js';
import type { Turn } from './turn.js';

export { EVENT_OF_NO_PROJECT } from './state.js';
import { EVENT_OF_NO_PROJECT } from './state.js';

/** The projects whose deadlines count from an event day (会后一个月内). */
export function eventProjects(guide: Guide): ProjectId[] {
  return [...new Set(guide.deadlines.flatMap((d) => ('afterEvent' in d ? d.projects : [])))];
}

/** Gives the day told with no project to the planned event-based projects without a day, and says so. */
export function settleEventDate(turn: Turn): void {
  const { state, guide } = turn;
  const date = state.eventDates[EVENT_OF_NO_PROJECT];
  if (!date) return;
  const events = eventProjects(guide);
  const targets = turn.intendedIds().filter((id) => events.includes(id) && !state.eventDates[id]);
  if (!targets.length) return;
  for (const id of targets) state.eventDates[id] = date;
  delete state.eventDates[EVENT_OF_NO_PROJECT];
  turn.say(turn.t('learn.eventAssigned', { date: turn.day(date), list: turn.names(targets) }));
}
