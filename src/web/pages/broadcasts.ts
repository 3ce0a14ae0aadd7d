import { z } from 'zod';
import { audienceString, describeAudience, parseAudience } from '../../../handlers/audience.js';
import { entriesOf, jobKey, listJobs, type Job } from '../../delivery/outbox.js';
import { chatNames } from '../../roster/overview.js';
import type { PageContext } from '../page-context.js';
import { redirect, sendJson } from '../http.js';
import { audienceForm, filterFrom, fmt } from './common.js';

const MAX_TEXT = 3000;
const textSchema = z.string().trim().min(1, '通知内容不能为空').max(MAX_TEXT, `通知内容不能超过 ${MAX_TEXT} 字`);

const STATE = {
  pending: ['待发送', 'unknown'],
  sending: ['发送中', 'unknown'],
  sent: ['已送达', 'eligible'],
  inactive: ['已失联', 'ineligible'],
  failed: ['失败', 'ineligible'],
} as const;

function progressText(job: Job): string {
  const done = job.counts.sent + job.counts.inactive + job.counts.failed;
  return `${job.status === 'done' ? '已完成' : '发送中'}：${done}/${job.total}（已送达 ${job.counts.sent}，已失联 ${job.counts.inactive}，失败 ${job.counts.failed}）`;
}

const whoOf = (job: Job) => (job.by ? (job.by.userId.startsWith('web:') ? job.by.userId.slice(4) : `${job.by.channel}:${job.by.userId}`) : '');

export async function broadcastsPage(c: PageContext, fill: { text?: string; kind?: string; project?: string; grade?: string; error?: string } = {}) {
  const { guide, store, staff } = c.deps;
  const jobs = (await listJobs(store))
    .filter((j) => j.kind === 'broadcast')
    .sort((a, b) => b.createdAt - a.createdAt)
    .slice(0, 50);
  const { filter } = filterFrom(fill);
  const count = filter?.kind === 'audience' ? (await staff.countAudience(filter.audience)).recipients : (await staff.countAudience({ kind: 'all' })).recipients;
  c.render(
    '@broadcasts',
    '群发通知',
    {
      text: fill.text ?? '',
      count,
      audienceForm: audienceForm(guide, fill),
      jobs: jobs.map((j) => ({
        id: j.id,
        at: fmt(j.createdAt),
        who: whoOf(j),
        audience: j.audience ? (parseAudience(j.audience) ? describeAudience(guide, parseAudience(j.audience)!) : j.audience) : '',
        text: (j.text ?? '').slice(0, 60),
        progress: `${j.counts.sent + j.counts.inactive + j.counts.failed}/${j.total}`,
        status: j.status === 'done' ? '已完成' : '发送中',
      })),
    },
    fill.error ? 400 : 200,
  );
  if (fill.error) return;
}

/** Live count for the compose form's small script. */
export async function audienceCount(c: PageContext) {
  const q = new URL(c.req.url ?? '/', 'http://x').searchParams;
  const { filter, error } = filterFrom({ kind: q.get('kind'), project: q.get('project'), grade: q.get('grade') });
  if (filter?.kind !== 'audience') return sendJson(c.res, 400, { error: error ?? '范围无效' });
  sendJson(c.res, 200, await c.deps.staff.countAudience(filter.audience));
}

export async function broadcastPreview(c: PageContext) {
  const { guide, staff } = c.deps;
  const text = textSchema.safeParse(c.form.text ?? '');
  const { filter, error } = filterFrom(c.form);
  if (!text.success || !filter || filter.kind !== 'audience') {
    const message = !text.success ? text.error.issues[0]!.message : (error ?? '收件范围无效');
    return c.render('@error', '无法预览', { message, back: '/staff/broadcasts' }, 400);
  }
  const { reached, inactive, unreachable } = await staff.audienceOf(filter.audience);
  const recipients = reached.length;
  c.render('@broadcastPreview', '确认群发', {
    // Who will receive it: each society with its chats; and the roster societies no chat has joined.
    list: reached.map((u) => ({ society: u.society, chats: u.chats.map((ch) => `${ch.channel === 'lark' ? '飞书' : 'Telegram'} ${ch.chatId}`).join('、') })),
    chats: reached.reduce((n, u) => n + u.chats.length, 0),
    unreachable: unreachable.map((u) => ({
      society: u.society,
      contact:
        Object.entries(u.contact)
          .map(([k, v]) => `${k}：${v}`)
          .join('；') || '名单中没有联系方式',
    })),
    text: text.data,
    preview: `📣 省科协通知\n${text.data}`,
    audience: audienceString(filter.audience),
    audienceText: describeAudience(guide, filter.audience),
    recipients,
    inactive,
  });
}

export async function broadcastSend(c: PageContext) {
  const text = textSchema.safeParse(c.form.text ?? '');
  const audience = parseAudience(c.form.audience ?? '');
  if (!text.success || !audience) {
    return c.render('@error', '无法发送', { message: !text.success ? text.error.issues[0]!.message : '收件范围无效', back: '/staff/broadcasts' }, 400);
  }
  const by = { channel: 'console' as const, userId: `web:${c.session.user}`, chatId: 'web' };
  const { jobId, recipients } = await c.deps.staff.broadcast({ text: text.data, audience, by });
  if (!jobId) return c.render('@error', '没有收件人', { message: '没有符合条件的学会，未发送。', back: '/staff/broadcasts' }, 400);
  c.deps.onQueued?.();
  c.deps.logger.info({ job: jobId, recipients }, 'web broadcast queued');
  redirect(c.res, `/staff/broadcast?id=${encodeURIComponent(jobId)}`);
}

async function jobOf(c: PageContext): Promise<Job | undefined> {
  const id = new URL(c.req.url ?? '/', 'http://x').searchParams.get('id') ?? '';
  if (!/^[A-Za-z0-9-]{1,80}$/.test(id)) return undefined;
  const job = await c.deps.store.get<Job>(jobKey(id));
  return job?.kind === 'broadcast' ? job : undefined;
}

export async function broadcastPage(c: PageContext) {
  const { guide, store, clock } = c.deps;
  const job = await jobOf(c);
  if (!job) return c.render('@error', '找不到通知', { message: '没有这次群发。', back: '/staff/broadcasts' }, 404);
  const names = await chatNames(store, clock());
  const entries = await entriesOf(store, job.id);
  const audience = job.audience ? parseAudience(job.audience) : undefined;
  c.render('@broadcast', '群发详情', {
    id: job.id,
    who: whoOf(job),
    at: fmt(job.createdAt),
    audience: audience ? describeAudience(guide, audience) : (job.audience ?? ''),
    text: job.text ?? '',
    status: job.status,
    progressText: progressText(job),
    // One row per society, its chats under it (a society with two chats is one recipient).
    recipients: groupBySociety(
      entries.map(([, e]) => {
        const chat = `${e.channel}:${e.chatId}`;
        const [state, cls] = STATE[e.status];
        return { name: names.get(chat) ?? '（未具名）', chat, state, cls, error: e.status === 'failed' || e.status === 'inactive' ? (e.error ?? '') : '' };
      }),
    ),
  });
}

export async function broadcastStatus(c: PageContext) {
  const job = await jobOf(c);
  if (!job) return sendJson(c.res, 404, { error: '没有这次群发' });
  sendJson(c.res, 200, { status: job.status, total: job.total, counts: job.counts, text: progressText(job) });
}

/** The report's rows grouped by society name: the name once, then each of its chats. */
function groupBySociety<T extends { name: string }>(rows: T[]): Array<T & { first: boolean; span: number }> {
  const groups = new Map<string, T[]>();
  for (const r of rows) groups.set(r.name, [...(groups.get(r.name) ?? []), r]);
  return [...groups.values()].flatMap((g) => g.map((r, i) => ({ ...r, first: i === 0, span: g.length })));
}
