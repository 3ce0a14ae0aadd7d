/**
 * "品牌会议打算在上海开" … "地点说错了，是在苏州开": where an event is held, told (or corrected) and not asked.
 * The reply is the place rule of the projects it is about (举办地须在江苏省内): met or not, with its clause.
 */
import { topicItems, type ProjectId } from '../rules/index.js';
import type { Turn } from './turn.js';
import { HELD_AT } from './understanding/cues.js';
import { placeInJiangsu, placeOutsideJiangsu } from './understanding/places.js';

/** The lines answering a venue told; none when the message names no place or no project has a place rule. */
export function venueToldLines(turn: Turn, text: string): string[] {
  if (!HELD_AT.test(text)) return [];
  const outside = placeOutsideJiangsu(text);
  const inside = outside ? undefined : placeInJiangsu(text);
  if (!outside && !inside) return [];
  const named = turn.matcher.find(text, { groups: false });
  const ruled = (ids: readonly ProjectId[]) => ids.filter((id) => topicItems(turn.guide, [id], 'out_of_province').length > 0);
  // The projects named, else the one talked about, else the planned ones.
  const scope = [named, turn.state.topic?.projects ?? [], turn.intendedIds()].map(ruled).find((ids) => ids.length) ?? [];
  const rule = topicItems(turn.guide, scope, 'out_of_province')[0];
  if (!rule) return [];
  turn.state.topic = { projects: scope, intent: 'eligibility', age: 0 };
  return [
    outside
      ? turn.t('answer.outOfProvince', { quote: rule.quote, clause: rule.clause })
      : turn.t('answer.inProvince', { place: inside!, quote: rule.quote, clause: rule.clause }),
  ];
}
