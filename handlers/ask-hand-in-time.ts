/**
 * "系统还没开能不能先交", "五点过了一点点还能交吗", "能补交吗": whether the application can go in before the
 * window opens or after it closes. The answer is the window itself (五（二）), said as a yes or no for now,
 * from the guide's deadlines by topic (application_opens, submit_online, submit_paper): no date in code.
 */
import { listDeadlines } from '../rules/index.js';
import { type Answer, type Ctx, uniq } from './ask-context.js';
import { contactLine } from './ask-contacts.js';
import { formatWhen } from './i18n.js';
import { readingMark, renderReadings } from './render.js';
import { HAND_IN_EARLY_ASKED, HAND_IN_LATE_ASKED, PAPER } from './understanding/question-words.js';

export function handInTiming(ctx: Ctx, question: string): Answer | undefined {
  const late = HAND_IN_LATE_ASKED.test(question);
  const early = !late && HAND_IN_EARLY_ASKED.test(question);
  if (!late && !early) return undefined;
  const { guide, t, nowMs } = ctx;
  const byTopic = (topic: string) => guide.deadlines.find((d) => d.topic === topic);
  const opens = byTopic('application_opens');
  const online = byTopic('submit_online');
  const paper = byTopic('submit_paper');
  if (!opens || !online || !('at' in online) || !online.at || !('at' in opens) || !opens.at) return undefined;
  const dated = listDeadlines(guide, { nowMs });
  const readings = new Set<number>();
  const mark = (id: string) => readingMark(guide, dated.find((d) => d.id === id)?.reading, ctx.lang ?? 'zh-CN', readings);
  const window = t('ask.handIn.window', { quote: opens.quote, clause: opens.clause });
  const openMs = Date.parse(opens.at);
  const closeMs = Date.parse(online.at);
  const lines: string[] = [];
  if (early) {
    if (nowMs < openMs) lines.push(t('ask.handIn.notYetOpen', { window, opens: formatWhen(t, opens.at) }));
    else if (nowMs < closeMs) lines.push(t('ask.handIn.openNow', { window, closes: formatWhen(t, online.at) }));
    else lines.push(t('ask.handIn.closed', { window, closes: formatWhen(t, online.at) }));
  } else {
    // The paper copy's day when the paper copy is asked about ("纸质版晚一天送到行吗"), else the system's closing.
    const asksPaper = PAPER.test(question) && paper && 'at' in paper && paper.at;
    const which = asksPaper ? paper : online;
    lines.push(
      t(asksPaper ? 'ask.handIn.paperLate' : 'ask.handIn.onlineLate', {
        quote: which.quote,
        clause: which.clause,
        when: formatWhen(t, (which as { at: string }).at).trim(),
        reading: mark(which.id),
      }),
    );
    lines.push(t('ask.handIn.noExtension', { contact: contactLine(ctx) }));
    if (readings.size) lines.push(renderReadings(guide, readings, ctx.lang));
  }
  return { intent: 'deadline', answer: lines.join('\n'), clauses: uniq([opens.clause, online.clause]) };
}
