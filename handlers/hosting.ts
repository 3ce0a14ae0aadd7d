/**
 * "我们学术年会一直是跟东南大学一起办，东大是第一主办方": how the society's event is hosted, told once, is
 * remembered (`hosting` in the chat state, shared by a roster society's chats, never in the profile: CONTRACT's
 * profile has no such field) and answers later questions of the event projects ("拿这个年会报品牌交流行不行": 第一主办方 is
 * required; "那换成报特色的呢": 独立主办 is). A question never sets it; a later statement replaces it.
 */
import { topicItems, type ProjectId } from '../rules/index.js';
import type { Turn } from './turn.js';
import { CO_HOST, NOT_FIRST_HOST, WE_FIRST_HOST } from './understanding/question-words.js';

export type Hosting = 'another_first' | 'we_first_with_others' | 'we_alone';

/** "我们独立主办", "我们自己办": the society hosts alone. */
const WE_ALONE = /(我们|我会|本会)(是)?(独立主办|单独(主)?办|自己(主)?办)|\bwe (?:host|organi[sz]e|run) it (?:alone|ourselves|on our own)\b/i;

/** "河海大学协办", "东大承办": another body assisting beside the society's first hosting. */
const OTHERS_ASSIST = /协办|承办|联合主办|共同主办|\bco-?(?:host|organi[sz])/i;

/** How the message says the society's event is hosted, if it says. */
export function hostingTold(text: string): Hosting | undefined {
  if (WE_ALONE.test(text)) return 'we_alone';
  if (NOT_FIRST_HOST.test(text.replace(CO_HOST, ' ')) && !WE_FIRST_HOST.test(text)) return 'another_first';
  if (WE_FIRST_HOST.test(text) && (CO_HOST.test(text) || OTHERS_ASSIST.test(text))) return 'we_first_with_others';
  return undefined;
}

/**
 * For an answer about these projects: ❌ with the host rule for each event project the remembered hosting
 * does not meet (another body first: 第一主办方 and 独立主办 both fail; co-hosts behind us: 独立主办 fails).
 */
export function barredByHosting(turn: Turn, ids: readonly ProjectId[]): { text: string; ids: ProjectId[]; quotes: string[] } | undefined {
  const hosting = turn.state.hosting;
  if (!hosting || hosting === 'we_alone') return undefined;
  const lines: string[] = [];
  const barred: ProjectId[] = [];
  const quotes: string[] = [];
  for (const id of ids) {
    const sole = topicItems(turn.guide, [id], 'sole_host')[0];
    const first = topicItems(turn.guide, [id], 'first_host')[0];
    const rule = sole ?? (hosting === 'another_first' ? first : undefined);
    if (!rule) continue;
    barred.push(id);
    quotes.push(rule.text ?? rule.quote);
    lines.push(turn.t('answer.hostingBars', { project: turn.guide.projectName(id), quote: rule.text ?? rule.quote, clause: rule.clause }));
  }
  return barred.length ? { text: lines.join('\n'), ids: barred, quotes } : undefined;
}

/**
 * The reply to a hosting told with nothing else: what was understood, then for each event project (those
 * planned, else every project with a host rule) whether that hosting meets its rule. The projects become the
 * topic, so "那X呢" follows on.
 */
export function hostingToldLines(turn: Turn): string[] {
  const hosting = turn.state.hosting;
  if (!hosting) return [];
  const ruled = turn.guide.projectIds.filter((id) => topicItems(turn.guide, [id], 'sole_host').length || topicItems(turn.guide, [id], 'first_host').length);
  const planned = ruled.filter((id) => turn.intendedIds().includes(id));
  const scope = planned.length ? planned : ruled;
  const barred = barredByHosting(turn, scope);
  const met = scope
    .filter((id) => !barred?.ids.includes(id))
    .map((id) => {
      const rule = topicItems(turn.guide, [id], 'sole_host')[0] ?? topicItems(turn.guide, [id], 'first_host')[0]!;
      return turn.t('answer.hostingMeets', { project: turn.guide.projectName(id), quote: rule.text ?? rule.quote, clause: rule.clause });
    });
  turn.state.topic = { projects: scope, intent: 'eligibility', age: 0 };
  return [turn.t(`hosting.told.${hosting}`), ...(barred ? [barred.text] : []), ...met];
}
