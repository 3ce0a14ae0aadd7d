import { randomUUID } from 'node:crypto';
import type { Channel } from '../../handlers/types.js';
import type { Sender } from '../channels/channel.js';
import type { ChatService } from '../chat-service.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';
import { SendLimiter } from './limiter.js';
import { entriesOf, finishJob, jobKey, openJobs, type Entry, type Job } from './outbox.js';
import { markFinished, recount as recountJob, reportProgress } from './progress.js';

const LEASE_MS = 30_000;
/** Attempts for a send the platform refuses outright (its 'failed' is final anyway). */
export const MAX_ATTEMPTS = 6;
/** An outage (5xx, 429, network) is retried for this long by default before the send counts as failed. */
export const DEFAULT_RETRY_FOR_MS = 3600_000;
const PROGRESS_EVERY_MS = 2_000;
const CONCURRENCY = 16;

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
    // A store outage (Redis away) fails this pass only; the next one tries again.
    this.timer = setInterval(
      () => void this.tick().catch((error: unknown) => this.opts.logger.warn({ err: error }, 'delivery pass failed; tried again at the next tick')),
      intervalMs,
    );
    void this.tick().catch((error: unknown) => this.opts.logger.warn({ err: error }, 'first pass failed; tried again at the next tick'));
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
    const recount = () => recountJob(job, entries);
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
    if (!open) await markFinished(store, logger, job, clock());
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

  private report(job: Job, final: boolean) {
    const { store, senders, logger } = this.opts;
    return reportProgress({ store, senders, logger, limiter: (channel) => this.limiters.get(channel), stopped: () => this.stopped }, job, final);
  }
}

export const defaultBackoff = (attempt: number) => Math.min(15_000, 500 * 2 ** (attempt - 1)) * (0.75 + Math.random() / 2);
