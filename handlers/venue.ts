/**
 * Where an event is held, against the place rule of the projects it is about (举办地须在江苏省内): the one reading
 * of a place said and the one line that answers it, for a question ("会在上海开行不行", ask-yes-no.ts) and for a venue
 * told or corrected ("地点说错了，是在苏州开", the 'venue told' route).
 */
import { topicItems, type ProjectId, type TopicItem } from '../rules/index.js';
import type { Translate } from './i18n.js';
import type { Turn } from './turn.js';
import { HELD_AT } from './understanding/cues.js';
import { placeInJiangsu, placeOutsideJiangsu } from './understanding/places.js';

/** The place a message names: outside Jiangsu (any other province or its cities), else inside (Jiangsu's cities). */
export function placeNamed(text: string): { outside?: string; inside?: string } | undefined {
  const outside = placeOutsideJiangsu(text);
  if (outside) return { outside };
  const inside = placeInJiangsu(text);
  return inside ? { inside } : undefined;
}

/** "❌ 不可以：活动举办地须在江苏省内…" or "✅ 可以：苏州在江苏省内，符合…". */
export function placeRuleLine(t: Translate, where: { outside?: string; inside?: string }, rule: Pick<TopicItem, 'quote' | 'clause'>): string {
  return where.outside
    ? t('answer.outOfProvince', { quote: rule.quote, clause: rule.clause })
    : t('answer.inProvince', { place: where.inside!, quote: rule.quote, clause: rule.clause });
}

/** The lines answering a venue told; none when the message names no place or no project has a place rule. */
export function venueToldLines(turn: Turn, text: string): string[] {
  const where = HELD_AT.test(text) ? placeNamed(text) : undefined;
  if (!where) return [];
  const named = turn.matcher.find(text, { groups: false });
  const ruled = (ids: readonly ProjectId[]) => ids.filter((id) => topicItems(turn.guide, [id], 'out_of_province').length > 0);
  // The projects named, else the one talked about, else the planned ones.
  const scope = [named, turn.state.topic?.projects ?? [], turn.intendedIds()].map(ruled).find((ids) => ids.length) ?? [];
  const rule = topicItems(turn.guide, scope, 'out_of_province')[0];
  if (!rule) return [];
  turn.state.topic = { projects: scope, intent: 'eligibility', age: 0 };
  return [placeRuleLine(turn.translate, where, rule)];
}
