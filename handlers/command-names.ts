/**
 * The commands everyone can type (handled in commands.ts; the staff commands are in staff.ts),
 * and the words people type for them without the slash. test/handlers/command-names.test.ts
 * keeps the list and commands.ts's cases the same.
 */
export const USER_COMMANDS = [
  'start',
  'help',
  'profile',
  'check',
  'deadlines',
  'evidence',
  'checklist',
  'calendar',
  'export',
  'remind',
  'reset',
  'lang',
  'join',
  'web',
  'skip',
  'cancel',
] as const;
export type UserCommand = (typeof USER_COMMANDS)[number];

/** Chinese words that name a command outright when they are the whole message. */
export const COMMAND_WORDS: Readonly<Record<string, UserCommand>> = {
  帮助: 'help',
  菜单: 'help',
  命令: 'help',
  指令: 'help',
  开始: 'start',
  我的资料: 'profile',
  档案: 'profile',
  检查: 'check',
  截止时间: 'deadlines',
  材料: 'evidence',
  勾选清单: 'checklist',
  日历: 'calendar',
  导出: 'export',
  提醒: 'remind',
  重置: 'reset',
  重新开始: 'reset',
  清空重来: 'reset',
  跳过: 'skip',
  取消: 'cancel',
};
