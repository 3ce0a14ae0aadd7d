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
import { HAND_IN_EARLY_ASKED, HAND_IN_LATE_ASKED, HAND_IN_ON_DAY_ASKED, PAPER } from './understanding/question-words.js';

const CLOCK_NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];

/** "5月16号晚上", "17号下午五点半": the day (and hour, if said) a question says it will hand in, as ms (+08:00). */
function dayOfHandingIn(question: string, year: number): { ms: number; timed: boolean } | undefined {
  const day = /(\d{1,2})\s*月\s*(\d{1,2})\s*(?:日|号)/.exec(question);
  if (!day) return undefined;
  const after = question.slice(day.index + day[0].length, day.index + day[0].length + 12);
  const clock = /(上午|早上|中午|下午|晚上|傍晚)?\s*(\d{1,2}|十[一二]?|[一二三四五六七八九])\s*(?:点|:|：)\s*(半|\d{2})?/.exec(after);
  const part = clock?.[1] ?? /(上午|早上|中午|下午|晚上|傍晚)/.exec(after)?.[1];
  let hour = clock
    ? CLOCK_NUMERALS.indexOf(clock[2]!) + 1 || Number(clock[2])
    : part === '晚上' || part === '傍晚'
      ? 20
      : part === '下午'
        ? 15
        : part
          ? 10
          : 23;
  if (clock && hour < 12 && (part === '下午' || part === '晚上' || part === '傍晚')) hour += 12;
  const minute = clock?.[3] === '半' ? 30 : clock?.[3] ? Number(clock[3]) : part || clock ? 0 : 59;
  const pad = (n: number) => String(n).padStart(2, '0');
  const ms = Date.parse(`${year}-${pad(Number(day[1]))}-${pad(Number(day[2]))}T${pad(hour)}:${pad(minute)}:00+08:00`);
  return Number.isNaN(ms) ? undefined : { ms, timed: !!(clock || part) };
}

export function handInTiming(ctx: Ctx, question: string): Answer | undefined {
  const onDay = HAND_IN_ON_DAY_ASKED.test(question) ? dayOfHandingIn(question, ctx.guide.year) : undefined;
  if (onDay) return inTimeOnDay(ctx, question, onDay);
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
function inTimeOnDay(ctx: Ctx, question: string, when: { ms: number; timed: boolean }): Answer | undefined {
  const { guide, t } = ctx;
  const topic = PAPER.test(question) ? 'submit_paper' : 'submit_online';
  const due = guide.deadlines.find((d) => d.topic === topic);
  if (!due || !('at' in due) || !due.at) return undefined;
  // A day alone is the whole day ("5月18日前" is read as the day's end: reading 8); 17:00 is to the minute (12).
  const dueMs = due.at.length <= 10 ? Date.parse(`${due.at}T23:59:59+08:00`) : Date.parse(due.at);
  const sameDay = new Date(when.ms + 8 * 3600_000).toISOString().slice(0, 10) === new Date(dueMs + 8 * 3600_000).toISOString().slice(0, 10);
  const readings = new Set<number>();
  const reading = readingMark(guide, listDeadlines(guide, { nowMs: ctx.nowMs }).find((d) => d.id === due.id)?.reading, ctx.lang ?? 'zh-CN', readings);
  const vars = { quote: due.quote, clause: due.clause, when: formatWhen(t, due.at).trim(), reading };
  const key = sameDay && !when.timed && due.at.length > 10 ? 'ask.handIn.sameDay' : when.ms <= dueMs ? 'ask.handIn.inTime' : 'ask.handIn.tooLate';
  const lines = [t(key, vars)];
  if (readings.size) lines.push(renderReadings(guide, readings, ctx.lang));
  return { intent: 'deadline', answer: lines.join('\n'), clauses: [due.clause] };
}
