import { listSep, translator } from '../../handlers/i18n.js';
import type { Channel } from '../../handlers/types.js';
import { recordAudit } from '../audit.js';
import type { Sender } from '../channels/channel.js';
import { chatLanguage } from '../chat-language.js';
import type { Logger } from '../log.js';
import { chatNames } from '../roster/overview.js';
import type { Store } from '../store/store.js';
import type { RateLimiter } from './limiter.js';
import { jobKey, type Entry, type Job } from './outbox.js';

/**
 * What both delivery engines (the SQLite outbox worker and the BullMQ one) do with a job record:
 * its counts, the staff member's live progress message, and the finish (record + audit).
 */

const REPORT_ATTEMPTS = 5;

/** Counts sent / inactive / failed from the entries into the job record. */
export function recount(job: Job, entries: Array<[string, Entry]>): void {
  const counts = { sent: 0, inactive: 0, failed: 0 };
  const failed: string[] = [];
  for (const [, e] of entries) {
    if (e.status === 'sent' || e.status === 'inactive' || e.status === 'failed') counts[e.status]++;
    if (e.status === 'failed') failed.push(`${e.channel}:${e.chatId}`);
  }
  job.counts = counts;
  job.failed = failed;
}

export const isOpen = (e: Entry) => e.status === 'pending' || e.status === 'sending';

/** Marks the job done and, for a broadcast, records `broadcast:finished` in the audit log. */
export async function markFinished(store: Store, logger: Logger, job: Job, at: number): Promise<void> {
  job.status = 'done';
  job.finishedAt = at;
  logger.info({ job: job.id, kind: job.kind, ...job.counts, total: job.total }, 'delivery finished');
  if (job.kind !== 'broadcast') return;
  await recordAudit(store, {
    at,
    action: 'broadcast:finished',
    job: job.id,
    ...(job.by && { who: `${job.by.channel}:${job.by.userId}` }),
    ...(job.audience && { audience: job.audience }),
    total: job.total,
    ...job.counts,
    ...(job.failed?.length && { failed: job.failed }),
  });
}

export interface ReportDeps {
  store: Store;
  senders: Partial<Record<Channel, Sender>>;
  logger: Logger;
  /** The throttle for a sender that does not keep to its caps itself. */
  limiter?: (channel: Channel) => RateLimiter | undefined;
  stopped: () => boolean;
}

/** "已发送 120/340" while it runs; the final report names the failed chats. */
export async function reportProgress(deps: ReportDeps, job: Job, final: boolean): Promise<void> {
  const by = job.by!;
  const sender = deps.senders[by.channel];
  if (!sender) return;
  const done = job.counts.sent + job.counts.inactive + job.counts.failed;
  // In the staff member's chat language; failed chats by the society's name, with the chat for staff to look up.
  const lang = await chatLanguage(deps.store, by.channel, by.chatId).catch(() => 'zh-CN' as const);
  const t = translator(lang);
  const names = final && job.failed?.length ? await chatNames(deps.store, Date.now()) : undefined;
  const text = final
    ? [
        t('broadcast.done', { job: job.id, total: job.total }),
        t('broadcast.doneCounts', job.counts),
        ...(job.failed?.length
          ? [t('broadcast.failedChats', { chats: job.failed.map((c) => (names?.get(c) ? `${names.get(c)}（${c}）` : c)).join(listSep(lang)) })]
          : []),
      ].join('\n')
    : t('broadcast.progress', { job: job.id, sent: job.counts.sent, total: job.total, done });
  for (let attempt = 1; ; attempt++) {
    if (job.progress && sender.edit) {
      const r = await sender.edit(by.chatId, job.progress.messageId, text);
      if (r.status === 'sent') return;
    }
    // Through the outbox's throttle: the staff chat is often a recipient of the notice itself.
    const answered = (await deps.limiter?.(by.channel)?.acquire(by.chatId)) ?? (() => undefined);
    const r = await sender.send(by.chatId, text, `${job.id}:progress:${final ? 'final' : done}`);
    answered();
    if (r.status === 'sent') {
      if (r.messageId && !final) {
        job.progress = { messageId: r.messageId };
        await deps.store.set(jobKey(job.id), job);
      }
      return;
    }
    // Progress is best effort (the next comes in seconds); the final report is waited for through a 429 or 5xx.
    if (!final || r.status !== 'retry' || attempt >= REPORT_ATTEMPTS || deps.stopped()) {
      if (final) deps.logger.warn({ job: job.id, error: r.error }, 'final broadcast report not delivered');
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(r.afterMs || 1_000 * attempt, 30_000)));
  }
}
