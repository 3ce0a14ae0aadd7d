/**
 * "我们的年会10月15日举办" before any project is named: the day is the society's event, but of no
 * project yet, so it is kept apart (never attached to projects nobody named: the first principle)
 * and given to the event-based projects the society plans, when it plans them.
 */
import { eventProjects, type ProjectId } from '../rules/index.js';
import type { ChatState } from './state.js';
import type { Turn } from './turn.js';

import { EVENT_OF_NO_PROJECT } from './state.js';

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

/**
 * A project dropped from the plan takes its event day with it, and a day no other project holds is
 * of no project again ("特色改成品牌": the day goes to 品牌 by settleEventDate, never stays with 特色).
 */
export function releaseEventDates(state: ChatState, dropped: readonly ProjectId[]): void {
  for (const id of dropped) {
    const date = state.eventDates[id];
    if (!date) continue;
    delete state.eventDates[id];
    const held = Object.entries(state.eventDates).some(([key, day]) => key !== EVENT_OF_NO_PROJECT && day === date);
    if (!held) state.eventDates[EVENT_OF_NO_PROJECT] = date;
  }
}
