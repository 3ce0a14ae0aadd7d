import { en } from './locales/en.js';
import { zhCN, type MessageKey } from './locales/zh-CN.js';

export type Lang = 'zh-CN' | 'en';
export const LANGS: readonly Lang[] = ['zh-CN', 'en'];
const catalogues: Record<Lang, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string;

export function translator(lang: Lang = 'zh-CN'): Translate {
  const catalogue = catalogues[lang];
  return (key, vars) => catalogue[key].replace(/\{(\w+)\}/g, (_, name: string) => String(vars?.[name] ?? `{${name}}`));
}

export function listSep(lang: Lang): string {
  return lang === 'en' ? ', ' : '、';
}
