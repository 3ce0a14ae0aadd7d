import { en } from './locales/en.js';
import { zhCN, type MessageKey } from './locales/zh-CN.js';

export type { MessageKey };
export type Lang = 'zh-CN' | 'en';
export const LANGS: readonly Lang[] = ['zh-CN', 'en'];
export const catalogues: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

export type Vars = Record<string, string | number>;
export type Translate = (key: MessageKey, vars?: Vars) => string;

/** `t('deadlines.left', { days: 3 })` → "还剩3天" / "3 days left". An unknown {name} is left as it is. */
export function translator(lang: Lang = 'zh-CN'): Translate {
  const catalogue = catalogues[lang];
  // A key missing from a catalogue shows as the key rather than failing the whole turn.
  return (key, vars) => (catalogue[key] ?? key).replace(/\{(\w+)\}/g, (_, name: string) => String(vars?.[name] ?? `{${name}}`));
}

const MONTHS = ['month.1', 'month.2', 'month.3', 'month.4', 'month.5', 'month.6', 'month.7', 'month.8', 'month.9', 'month.10', 'month.11', 'month.12'] as const;

/** The parts every date text is made of: year, day and the month's name in the chat's language. */
function dateVars(t: Translate, iso: string): Vars {
  const [y, m, d] = iso.slice(0, 10).split('-');
  return { y: y!, d: Number(d), month: t(MONTHS[Number(m) - 1]!) };
}

/** "2022年5月17日" / "17 May 2022", from YYYY-MM-DD (or the date part of an ISO time). */
export function formatDate(t: Translate, iso: string): string {
  return t('common.date', dateVars(t, iso));
}

/** "2022年5月17日 17:00" / "17 May 2022 17:00", from an ISO time at +08:00. */
export function formatWhen(t: Translate, at: string): string {
  return t('deadlines.when', { ...dateVars(t, at), time: at.slice(11, 16) });
}

/** "5月17日" / "17 May": a day within the programme year. */
export function formatDay(t: Translate, iso: string): string {
  const { d, month } = dateVars(t, iso);
  return t('round.day', { day: d!, month: month! });
}

/** The separator of a list of names: "、" / ", ". */
export function listSep(lang: Lang): string {
  return catalogues[lang]['sep.list'];
}

/** "2023年1月下旬" / "late January 2023": a part of a month as said ("一月底"), never a made-up day. */
export function formatMonthPart(t: Translate, iso: string, part: 'early' | 'mid' | 'late' | 'month'): string {
  return t(`date.part.${part}`, dateVars(t, iso));
}
