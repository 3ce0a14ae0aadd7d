import { randomUUID } from 'node:crypto';
import type { Channel } from '../../handlers/types.js';
import type { Sender } from '../channels/channel.js';
import type { ChatService } from '../chat-service.js';
import type { Logger } from '../log.js';
import { listSep, translator } from '../../handlers/i18n.js';
import { recordAudit } from '../audit.js';
import { chatLanguage } from '../chat-language.js';
import type { Store } from '../store/store.js';
import { SendLimiter } from './limiter.js';
import { entriesOf, finishJob, jobKey, openJobs, type Entry, type Job } from './outbox.js';
import { chatNames } from '../roster/overview.js';

const LEASE_MS = 30_000;
/** Attempts for a send the platform refuses outright (its 'failed' is final anyway). */
const MAX_ATTEMPTS = 6;
/** An outage (5xx, 429, network) is retried for this long by default before the send counts as failed. */
export const DEFAULT_RETRY_FOR_MS = 3600_000;
const PROGRESS_EVERY_MS = 2_000;
const CONCURRENCY = 16;
const REPORT_ATTEMPTS = 5;

export interface WorkerOptions {
  store: Store;
  senders: Partial<Record<Channel, Sender>>;
  service?: ChatService;
  logger: Logger;
  clock?: () => number;
  /** Backoff for retries without a server-given wait. */
  backoffMs?: (attempt: number) => number;
  /** How long sends failing with 'retry' are retried (from their first attempt) before they count as failed. */
  retryForMs?: number;
}

/**
 * Delivers queued jobs from the outbox, within each platform's caps: one instance per job at a
 * time (a store lease), resuming after a crash. Entries marked `sending` when the process died
 * are sent again: on Lark the uuid suppresses the copy; on Telegram each such resend is logged.
 */
export class DeliveryWorker {
  private readonly owner = randomUUID();
  private readonly limiters = new Map<Channel, SendLimiter>();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;

  constructor(private readonly opts: WorkerOptions) {
    for (const [channel, sender] of Object.entries(opts.senders) as Array<[Channel, Sender]>) {
      if (!sender.selfLimited) this.limiters.set(channel, new SendLimiter({ perApp: sender.limits.perSecond, perChat: sender.limits.perChatPerSecond }));
    }
  }

  start(intervalMs = 1_000) {
    this.timer = setInterval(() => void this.tick(), intervalMs);
    void this.tick();
  }

  /** Runs one pass over unfinished jobs (also the test entry point). */
  tick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  async stop() {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    for (const wake of this.wakers) wake();
    // A send in flight may hang up to its timeout: not waited for past a moment (its entry is
    // `sending`, and is resent at the next start).
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.running, new Promise((r) => (timer = setTimeout(r, 3_000)))]);
    clearTimeout(timer);
  }

  private readonly wakers = new Set<() => void>();

  /** A backoff that stop() cuts short. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.wakers.add(wake);
    });
  }

  private async pass() {
    for (const job of await openJobs(this.opts.store)) {
      if (job.status === 'done' || this.stopped) continue;
      if (!(await this.opts.store.acquireLease(`lease:${jobKey(job.id)}`, this.owner, LEASE_MS))) continue;
      try {
        await this.run(job);
      } catch (error) {
        this.opts.logger.error({ err: error, job: job.id }, 'delivery pass failed');
      } finally {
        await this.opts.store.releaseLease(`lease:${jobKey(job.id)}`, this.owner).catch(() => undefined);
      }
    }
  }

  private async run(job: Job) {
    const { store, logger } = this.opts;
    const clock = this.opts.clock ?? Date.now;
    job.status = 'running';
    await store.set(jobKey(job.id), job);
    const entries = await entriesOf(store, job.id);
    const todo = entries.filter(([, e]) => (e.status === 'pending' || e.status === 'sending') && this.opts.senders[e.channel]);
    let lastProgress = 0;
    let lastRenew = clock();
    const recount = () => {
      const counts = { sent: 0, inactive: 0, failed: 0 };
      const failed: string[] = [];
      for (const [, e] of entries) {
        if (e.status === 'sent' || e.status === 'inactive' || e.status === 'failed') counts[e.status]++;
        if (e.status === 'failed') failed.push(`${e.channel}:${e.chatId}`);
      }
      job.counts = counts;
      job.failed = failed;
    };
    const progress = async (final: boolean) => {
      // Counting and saving the job is O(recipients): done every couple of seconds, not per send.
      if (!final && clock() - lastProgress < PROGRESS_EVERY_MS) return;
      lastProgress = clock();
      recount();
      await store.set(jobKey(job.id), job);
      if (job.kind !== 'broadcast' || !job.by) return;
      await this.report(job, final).catch((error: unknown) => logger.warn({ err: error, job: job.id }, 'progress message failed'));
    };

    await progress(false);
    // A queue and a pool of senders per channel: each platform is kept busy up to its own cap,
    // so a broadcast to both takes as long as the slower one, not the two one after the other.
    const queues = new Map<Channel, Array<[string, Entry]>>();
    for (const item of todo) {
      const queue = queues.get(item[1].channel);
      if (queue) queue.push(item);
      else queues.set(item[1].channel, [item]);
    }
    const workers = [...queues.values()].flatMap((queue) =>
      Array.from({ length: Math.min(CONCURRENCY, queue.length) }, async () => {
        for (let item = queue.shift(); item && !this.stopped; item = queue.shift()) {
          const [key, entry] = item;
          await this.deliver(key, entry);
          if (clock() - lastRenew > LEASE_MS / 3) {
            lastRenew = clock();
            await store.acquireLease(`lease:${jobKey(job.id)}`, this.owner, LEASE_MS);
          }
          await progress(false);
        }
      }),
    );
    await Promise.all(workers);
    recount();
    const open = entries.some(([, e]) => e.status === 'pending' || e.status === 'sending');
    if (!open) {
      job.status = 'done';
      job.finishedAt = clock();
      logger.info({ job: job.id, kind: job.kind, ...job.counts, total: job.total }, 'delivery finished');
      if (job.kind === 'broadcast') {
        await recordAudit(store, {
          at: job.finishedAt,
          action: 'broadcast:finished',
          job: job.id,
          ...(job.by && { who: `${job.by.channel}:${job.by.userId}` }),
          ...(job.audience && { audience: job.audience }),
          total: job.total,
          ...job.counts,
          ...(job.failed?.length && { failed: job.failed }),
        });
      }
    }
    await progress(!open);
    if (!open) await finishJob(store, job);
  }

  private async deliver(key: string, entry: Entry) {
    const { store, logger } = this.opts;
    const sender = this.opts.senders[entry.channel]!;
    const limiter = this.limiters.get(entry.channel);
    if (entry.status === 'sending') {
      logger.warn(
        { channel: entry.channel, chat: entry.chatId, key: entry.key },
        'resending a message that was in flight at a crash (may duplicate on Telegram)',
      );
    }
    const clock = this.opts.clock ?? Date.now;
    entry.firstTriedAt ??= clock();
    const retryFor = this.opts.retryForMs ?? DEFAULT_RETRY_FOR_MS;
    // Retried while the outage lasts (up to retryFor), at least MAX_ATTEMPTS times.
    while ((entry.attempts < MAX_ATTEMPTS || clock() - entry.firstTriedAt < retryFor) && !this.stopped) {
      // Marked `sending` only once it may leave: one still waiting for a slot was not in flight.
      const answered = (await limiter?.acquire(entry.chatId)) ?? (() => undefined);
      entry.status = 'sending';
      entry.attempts += 1;
      await store.set(key, entry);
      const result = await sender
        .send(entry.chatId, entry.text, entry.key)
        .catch((error: unknown) => ({ status: 'retry' as const, afterMs: 0, error: String(error) }));
      answered();
      if (result.status === 'sent') {
        entry.status = 'sent';
        delete entry.error;
        break;
      }
      entry.error = result.error;
      if (result.status === 'inactive') {
        entry.status = 'inactive';
        await this.opts.service?.markInactive(entry.channel, entry.chatId).catch(() => undefined);
        break;
      }
      if (result.status === 'failed') {
        entry.status = 'failed';
        break;
      }
      entry.status = 'pending';
      await store.set(key, entry);
      const wait = result.afterMs || (this.opts.backoffMs ?? defaultBackoff)(entry.attempts);
      await this.pause(wait);
    }
    if (entry.status === 'pending' || entry.status === 'sending') {
      if (this.stopped) entry.status = 'pending';
      else entry.status = 'failed';
    }
    await store.set(key, entry);
  }

  /** "已发送 120/340" while it runs; the final report names the failed chats. */
  private async report(job: Job, final: boolean) {
    const by = job.by!;
    const sender = this.opts.senders[by.channel];
    if (!sender) return;
    const done = job.counts.sent + job.counts.inactive + job.counts.failed;
    // In the staff member's chat language; failed chats by the society's name, with the chat for staff to look up.
    const lang = await chatLanguage(this.opts.store, by.channel, by.chatId).catch(() => 'zh-CN' as const);
    const t = translator(lang);
    const names = final && job.failed?.length ? await chatNames(this.opts.store, Date.now()) : undefined;
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
      const answered = (await this.limiters.get(by.channel)?.acquire(by.chatId)) ?? (() => undefined);
      const r = await sender.send(by.chatId, text, `${job.id}:progress:${final ? 'final' : done}`);
      answered();
      if (r.status === 'sent') {
        if (r.messageId && !final) {
          job.progress = { messageId: r.messageId };
          await this.opts.store.set(jobKey(job.id), job);
        }
        return;
      }
      // Progress is best effort (the next comes in seconds); the final report is waited for through a 429 or 5xx.
      if (!final || r.status !== 'retry' || attempt >= REPORT_ATTEMPTS || this.stopped) {
        if (final) this.opts.logger.warn({ job: job.id, error: r.error }, 'final broadcast report not delivered');
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(r.afterMs || 1_000 * attempt, 30_000)));
    }
  }
}

const defaultBackoff = (attempt: number) => Math.min(15_000, 500 * 2 ** (attempt - 1)) * (0.75 + Math.random() / 2);
