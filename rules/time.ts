/** China Standard Time helpers. Pure: the current time is always passed in. */

const CST_OFFSET_MS = 8 * 3600_000;
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** ISO 8601 at +08:00, to the second: 2022-05-17T17:00:00+08:00 */
export function formatCst(ms: number): string {
  const d = new Date(ms + CST_OFFSET_MS);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}+08:00`;
}

/** The calendar date in China of an instant: 2022-05-17 */
export function cstDate(ms: number): string {
  return formatCst(ms).slice(0, 10);
}

/** A date-time with offset, or a date meaning the end of that day in China (23:59:59). */
export function parseInstant(value: string): number {
  const iso = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T23:59:59+08:00` : value;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`无效的时间：${value}`);
  return ms;
}

/** true for a real calendar date written YYYY-MM-DD. */
export function isCalendarDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** One calendar month after 2022-10-15 is 2022-11-15; after 01-31 it is the last day of February. */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const monthIndex = m - 1 + months;
  const lastDay = new Date(Date.UTC(y, monthIndex + 1, 0)).getUTCDate();
  const target = new Date(Date.UTC(y, monthIndex, Math.min(d, lastDay)));
  return `${target.getUTCFullYear()}-${pad(target.getUTCMonth() + 1)}-${pad(target.getUTCDate())}`;
}

/** Whole days from `now` to `at`, counted by China calendar dates (today = 0). */
export function daysUntil(nowMs: number, atMs: number): number {
  const day = (ms: number) => Date.parse(`${cstDate(ms)}T00:00:00Z`);
  return Math.round((day(atMs) - day(nowMs)) / 86_400_000);
}
