/**
 * The one reader of a day and an hour said in a message ("10月15号", "18号", "2022-10-15", "May 17", "17 May",
 * "明天"; "下午五点半", "17:30", "5 pm"). Used for an event's day (parse.ts readEventDay) and for the moment a
 * society means to hand in (ask-hand-in-time.ts). Words of time only: what the day is of is the caller's to tell.
 */

const MONTHS_EN = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const RELATIVE_DAYS: Record<string, number> = { 今天: 0, 今日: 0, 明天: 1, 明日: 1, 后天: 2, today: 0, tomorrow: 1 };
const CLOCK_NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二'];

export interface DaySaid {
  /** The year said, else the `year` given (relative days: the year of that day). */
  y: number;
  m: number;
  d: number;
  /** A year was written with the day ("2022年10月15日"). */
  yearGiven: boolean;
  /** Where the words of the day start and end in the text. */
  index: number;
  end: number;
}

export interface DayOptions {
  /** The year of a day said without one. */
  year: number;
  /** The month of a bare day ("18号"); without it, a day needs its month. */
  month?: number;
  /** Now, to read 今天/明天/后天/today/tomorrow; without it they are no day. */
  nowMs?: number;
}

/** A month and day with an optional year: "10月15号", "2022年10月15日", "10-15", "10/15", "10.15". */
const MONTH_DAY = /(?:(20\d{2})\s*[年\-/.])?\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*[日号]?/;
/** "18号", "18日": a day of the month understood. */
const BARE_DAY = /(\d{1,2})\s*(?:日|号)/;
const ENGLISH_DAY =
  /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b|\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b/i;
const RELATIVE_DAY = /今天|今日|明天|明日|后天|\btoday\b|\btomorrow\b/i;

/** The first day the text says, by the options; undefined when it says none. */
export function daySaid(text: string, opts: DayOptions): DaySaid | undefined {
  const md = MONTH_DAY.exec(text);
  if (md)
    return { y: md[1] ? Number(md[1]) : opts.year, m: Number(md[2]), d: Number(md[3]), yearGiven: !!md[1], index: md.index, end: md.index + md[0].length };
  const bare = opts.month === undefined ? null : BARE_DAY.exec(text);
  if (bare) return { y: opts.year, m: opts.month!, d: Number(bare[1]), yearGiven: false, index: bare.index, end: bare.index + bare[0].length };
  const en = ENGLISH_DAY.exec(text);
  if (en) {
    const name = (en[1] ?? en[4])!.toLowerCase();
    return { y: opts.year, m: MONTHS_EN.indexOf(name) + 1, d: Number(en[2] ?? en[3]), yearGiven: false, index: en.index, end: en.index + en[0].length };
  }
  const rel = opts.nowMs === undefined ? null : RELATIVE_DAY.exec(text);
  if (!rel) return undefined;
  const day = new Date(opts.nowMs! + 8 * 3600_000 + RELATIVE_DAYS[rel[0].toLowerCase()]! * 86_400_000);
  return { y: day.getUTCFullYear(), m: day.getUTCMonth() + 1, d: day.getUTCDate(), yearGiven: true, index: rel.index, end: rel.index + rel[0].length };
}

/** "下午五点半", "5点整", "17:30", "5:30 pm": the hour said (24 h), if any. One to seven o'clock without a part of the day is the afternoon (office hours). */
export function hourSaid(text: string): { hour: number; minute: number } | undefined {
  const en = /\b(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)\b|\b(\d{1,2})[:.](\d{2})\b/i.exec(text);
  if (en) {
    let hour = Number(en[1] ?? en[4]);
    if (en[3]?.toLowerCase() === 'pm' && hour < 12) hour += 12;
    if (!en[3] && hour >= 1 && hour <= 7) hour += 12;
    return { hour, minute: Number(en[2] ?? en[5] ?? 0) };
  }
  const clock = /(上午|早上|中午|下午|晚上|傍晚)?\s*(\d{1,2}|十[一二]?|[一二三四五六七八九])\s*(?:点|:|：)\s*(半|整|\d{2})?/.exec(text);
  const part = clock?.[1] ?? /(上午|早上|中午|下午|晚上|傍晚)/.exec(text)?.[1];
  if (!clock && !part) return undefined;
  let hour = clock ? CLOCK_NUMERALS.indexOf(clock[2]!) + 1 || Number(clock[2]) : part === '晚上' || part === '傍晚' ? 20 : part === '下午' ? 15 : 10;
  if (clock && hour < 12 && (part === '下午' || part === '晚上' || part === '傍晚')) hour += 12;
  if (clock && !part && hour >= 1 && hour <= 7) hour += 12;
  const minute = clock?.[3] === '半' ? 30 : clock?.[3] && /\d/.test(clock[3]) ? Number(clock[3]) : 0;
  return { hour, minute };
}
