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
import { daySaid, hourSaid } from './understanding/day-said.js';
import { HAND_IN_EARLY_ASKED, HAND_IN_LATE_ASKED, HAND_IN_ON_DAY_ASKED, PAPER } from './understanding/question-words.js';

/**
 * The moment a question says it will hand in, as ms (+08:00): a day and its hour, or (a follow-up, "那５点整呢")
 * an hour on the day asked before. `timed`: an hour was said.
 */
function momentOfHandingIn(question: string, ctx: Ctx, month: number, dayBefore?: string): { ms: number; timed: boolean; day: string } | undefined {
  const day = daySaid(question, { year: ctx.guide.year, month, nowMs: ctx.nowMs });
  const pad = (n: number) => String(n).padStart(2, '0');
  const ymd = day ? `${day.y}-${pad(day.m)}-${pad(day.d)}` : dayBefore;
  if (!ymd) return undefined;
  const clock = hourSaid(day ? question.slice(day.end) || question : question);
  const ms = Date.parse(`${ymd}T${pad(clock?.hour ?? 23)}:${pad(clock?.minute ?? 59)}:00+08:00`);
  return Number.isNaN(ms) ? undefined : { ms, timed: !!clock, day: ymd };
}

/** "19号呢", "那５点整呢", "what about 5 pm?": the same handing-in question of another day or hour. */
const DAY_OR_HOUR_FOLLOW_UP =
  /^(那|那么|要是|如果)?\s*(\d{1,2}\s*月)?\s*(\d{1,2}\s*(日|号))?\s*(上午|早上|中午|下午|晚上|傍晚)?\s*((\d{1,2}|十[一二]?|[一二三四五六七八九])\s*(点|:|：)\s*(半|整|\d{2})?)?\s*(交|送|提交|送到|到)?\s*(呢|嘞|咧|行吗|可以吗|行不)?[?？]*$|^(?:and |what about |how about )?(?:at |on )?[\w: ]{1,12}\?$/i;

export function handInTiming(ctx: Ctx, question: string): Answer | undefined {
  // The topic of a handing-in answer is `hand_in:<channel>:<day>`, so "19号呢" and "那５点整呢" follow on.
  const before = /^hand_in:(submit_online|submit_paper):(\d{4}-\d{2}-\d{2})$/.exec(ctx.topic?.intent ?? '');
  const followUp = before && DAY_OR_HOUR_FOLLOW_UP.test(question.trim()) && /\d|[一二三四五六七八九十]|点|am|pm/i.test(question);
  if (HAND_IN_ON_DAY_ASKED.test(question) || followUp) {
    const channel = PAPER.test(question) ? 'submit_paper' : followUp ? before![1]! : 'submit_online';
    const due = ctx.guide.deadlines.find((d) => d.topic === channel);
    const month = due && 'at' in due && due.at ? Number(due.at.slice(5, 7)) : 5;
    const moment = momentOfHandingIn(question, ctx, month, followUp ? before![2] : undefined);
    if (moment) return inTimeOnDay(ctx, channel, moment);
  }
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

/** Whether handing in at the moment said is before the channel's deadline (the paper copy's, when it is asked about). */
function inTimeOnDay(ctx: Ctx, topic: string, when: { ms: number; timed: boolean; day: string }): Answer | undefined {
  const { guide, t } = ctx;
  const due = guide.deadlines.find((d) => d.topic === topic);
  if (!due || !('at' in due) || !due.at) return undefined;
  // A day alone is the whole day ("5月18日前" is read as the day's end: reading 8); 17:00 is to the minute (12).
  const dueMs = due.at.length <= 10 ? Date.parse(`${due.at}T23:59:59+08:00`) : Date.parse(due.at);
  const sameDay = new Date(when.ms + 8 * 3600_000).toISOString().slice(0, 10) === new Date(dueMs + 8 * 3600_000).toISOString().slice(0, 10);
  const readings = new Set<number>();
  const reading = readingMark(guide, listDeadlines(guide, { nowMs: ctx.nowMs }).find((d) => d.id === due.id)?.reading, ctx.lang ?? 'zh-CN', readings);
  const vars = { quote: due.quote, clause: due.clause, when: formatWhen(t, due.at).trim(), reading };
  const key = sameDay && !when.timed && due.at.length > 10 ? 'ask.handIn.sameDay' : when.ms < dueMs ? 'ask.handIn.inTime' : 'ask.handIn.tooLate';
  const lines = [t(key, vars)];
  if (readings.size) lines.push(renderReadings(guide, readings, ctx.lang));
  return { intent: 'deadline', answer: lines.join('\n'), clauses: [due.clause], topicIntent: `hand_in:${topic}:${when.day}` };
}
