import type { Api } from 'grammy';
import type { BotCommand } from 'grammy/types';
import { translator, type Lang, type MessageKey } from '../../handlers/i18n.js';
import { STAFF_COMMANDS } from '../../handlers/staff.js';

/**
 * Telegram's command menu: one list per language (Chinese is the default for every user, English
 * for users whose Telegram is set to English), and the staff commands added only in the private
 * chats of the configured staff (BotCommandScopeChat per staff id, in both languages).
 */
const EVERYONE = ['start', 'help', 'profile', 'check', 'deadlines', 'evidence', 'checklist', 'calendar', 'export', 'remind', 'reset', 'lang', 'join'] as const;

export function commandList(lang: Lang, staff = false): BotCommand[] {
  const t = translator(lang);
  const names: readonly string[] = staff ? [...EVERYONE, ...STAFF_COMMANDS] : EVERYONE;
  return names.map((command) => ({ command, description: t(`command.${command}` as MessageKey) }));
}

/** The menu shown to everyone in Chinese (kept for callers of the old single list). */
export const COMMANDS: BotCommand[] = commandList('zh-CN');

/** Telegram's language_code for each of our languages; the default list has none. */
const MENUS: Array<{ lang: Lang; code?: 'en' }> = [{ lang: 'zh-CN' }, { lang: 'en', code: 'en' }];

export async function setCommandMenus(api: Pick<Api, 'setMyCommands'>, staffIds: readonly number[]): Promise<void> {
  for (const { lang, code } of MENUS) {
    await api.setMyCommands(commandList(lang), { ...(code && { language_code: code }) });
    for (const id of staffIds) {
      await api.setMyCommands(commandList(lang, true), { scope: { type: 'chat', chat_id: id }, ...(code && { language_code: code }) });
    }
  }
}
