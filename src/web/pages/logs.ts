import { reminderSchedule } from '../../../handlers/reminders.js';
import { listAudit } from '../../audit.js';
import { chatNames, displayName, societyViews } from '../../roster/overview.js';
import type { PageContext } from '../page-context.js';
import { fmt } from './common.js';

const AHEAD_DAYS = 30;

/**
 * The reminders due in the coming days, grouped by deadline: under each deadline, the societies
 * (one row each, however many chats it has: they share one profile and one reminder choice).
 */
export async function remindersPage(c: PageContext) {
  const { guide, store, clock, reminders } = c.deps;
  const now = clock();
  const groups = new Map<
    string,
    { at: string; atMs: number; label: string; rows: Array<{ dueMs: number; due: string; name: string; offset: string; chats: number }> }
  >();
  for (const v of await societyViews(store, guide, now)) {
    const active = v.chats.filter((ch) => !ch.state.inactive);
    if (!active.length) continue;
    for (const r of reminderSchedule(guide, active[0]!.state, reminders, now)) {
      if (r.dueMs <= now || r.dueMs > now + AHEAD_DAYS * 86_400_000) continue;
      const at = r.deadline.at ? r.deadline.at.replace('T', ' ').slice(0, 16) : '';
      const key = `${r.deadline.id}|${r.deadline.at}`;
      let group = groups.get(key);
      if (!group)
        groups.set(key, (group = { at, atMs: r.deadline.at ? Date.parse(r.deadline.at) : Number.MAX_SAFE_INTEGER, label: r.deadline.label, rows: [] }));
      group.rows.push({
        dueMs: r.dueMs,
        due: fmt(r.dueMs),
        name: `${displayName(v)}（${r.projects.map(guide.projectName).join('、')}）`,
        offset: r.offsetDays ? `提前${r.offsetDays}天` : '当天',
        chats: active.length,
      });
    }
  }
  const list = [...groups.values()].sort((a, b) => a.atMs - b.atMs);
  for (const g of list) g.rows.sort((a, b) => a.dueMs - b.dueMs || (a.name < b.name ? -1 : 1));
  c.render('@reminders', '即将提醒', { days: AHEAD_DAYS, total: list.reduce((n, g) => n + g.rows.length, 0), groups: list });
}

const LABELS: Record<string, string> = {
  'staff:signin': '登录控制台',
  'staff:signout': '退出控制台',
  'staff:refused': '拒绝访问',
  'staff:link': '生成登录链接',
  broadcast: '群发通知',
  'broadcast:dry-run': '群发试运行',
  'broadcast:done': '群发完成',
  'roster:import': '导入名单',
  'roster:import:dry-run': '名单试导入',
  'roster:export': '导出',
  'roster:revoke': '停用邀请码',
  'society:join': '学会接入',
  'society:join:unknown': '无效邀请码',
  'society:join:revoked': '已停用的邀请码',
};

export async function auditPage(c: PageContext) {
  const { store, clock } = c.deps;
  const names = await chatNames(store, clock());
  const entries = (await listAudit(store, 500)).reverse();
  c.render('@audit', '审计日志', {
    rows: entries.map((e) => {
      const { at, action, who, chat, ...rest } = e as Record<string, unknown> & { at: number; action: string };
      const chatId = typeof chat === 'string' ? chat.replace(/^chat:/, '') : undefined;
      const society = chatId ? names.get(chatId) : undefined;
      return {
        at: fmt(at),
        action: LABELS[action] ?? action,
        who: typeof who === 'string' ? who : '',
        detail: [
          ...(chatId ? [`学会=${society ?? '（未具名）'}（${chatId}）`] : []),
          ...Object.entries(rest).map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`),
        ].join('  '),
      };
    }),
  });
}
