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

/** The separator of a list of names: "、" / ", ". */
export function listSep(lang: Lang): string {
  return catalogues[lang]['sep.list'];
}
