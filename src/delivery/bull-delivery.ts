import { randomUUID } from 'node:crypto';
import { DelayedError, type Job as BullJob, Queue, UnrecoverableError, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Channel } from '../../handlers/types.js';
import type { Sender } from '../channels/channel.js';
import type { ChatService } from '../chat-service.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';
import { entriesOf, finishJob, jobKey, openJobs, type Entry, type Job } from './outbox.js';
import { isOpen, markFinished, recount, reportProgress } from './progress.js';
import { DEFAULT_RETRY_FOR_MS, defaultBackoff, MAX_ATTEMPTS } from './worker.js';

/**
 * Delivery on BullMQ (REDIS_URL deployments): one BullMQ job per outbox entry, on one queue per
 * platform, worked by every instance. The outbox in the store stays the source of truth for
 * counts, progress and the audit; BullMQ only carries "send entry X" with retries.
 *
 * - Exactly one send per entry: the BullMQ job id is the entry's idempotency key (a second
 *   enqueue of it is ignored), and the processor skips an entry the store already shows as sent,
 *   inactive or failed.
 * - Crash-safe enqueue: jobs are enqueued from the store by a sweep (every second, and at once on
 *   `tick()`), which also re-offers open entries every minute; a job created by the CLI or by an
 *   instance that died before enqueueing is picked up by whichever instance sweeps.
 * - Retries: a 429 waits its retry_after (moveToDelayed + DelayedError); 5xx and network errors
 *   back off exponentially (BullMQ's backoff with our strategy), for `retryForMs` from the first
 *   try and at least MAX_ATTEMPTS times; then the job fails and is kept in the failed set.
 * - A job killed mid-send stalls and BullMQ hands it to another instance after `lockDurationMs`;
 *   on Telegram that send may repeat (logged), on Lark the uuid suppresses it.
 * - Progress and the finish: one instance at a time per job (a store lease, as for the outbox
 *   worker) recounts its entries, edits the staff member's progress message and finishes it.
 */

/** BullMQ's key prefix under the deployment's REDIS_PREFIX: `shenbao:bull:delivery-telegram:…`. */
export const bullPrefix = (redisPrefix: string) => `${redisPrefix}bull`;
export const QUEUE_PREFIX = bullPrefix('shenbao:');
export const queueName = (channel: Channel) => `delivery-${channel}`;
/** Failed sends kept for inspection (`cli stats`): the newest this many, for 30 days. */
export const KEEP_FAILED = { count: 10_000, age: 30 * 24 * 3600 };
/** Completed ones for an hour (the store's entry is the lasting record; fewer keys for the store's SCAN). */
const KEEP_COMPLETED = { count: 5_000, age: 3600 };
const LEASE_MS = 30_000;
const PROGRESS_EVERY_MS = 2_000;
/** Open entries are offered to the queue again this often (their BullMQ job may have been removed). */
const REOFFER_EVERY_MS = 60_000;
/** Attempts BullMQ allows; the real bound is MAX_ATTEMPTS + retryForMs, decided by the processor. */
const BULL_ATTEMPTS = 100_000;

export interface SendJobData {
  job: string;
  /** The entry's key in the store. */
  entry: string;
  channel: Channel;
  chatId: string;
}

export interface BullDeliveryOptions {
  /** An ioredis connection with `maxRetriesPerRequest: null` (BullMQ's requirement). */
  connection: Redis;
  store: Store;
  logger: Logger;
  service?: ChatService;
  prefix?: string;
  /** Sends at once per instance and platform; the platform's pace is set by the shared limiter. */
  concurrency?: number;
  retryForMs?: number;
  backoffMs?: (attempt: number) => number;
  /** A send killed with its process is retried by another instance after this (BullMQ's lock). */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
  /** Open entries are offered again this long after the last offer (default a minute). */
  reofferMs?: number;
  clock?: () => number;
}

/** The BullMQ jobs id of an entry: its idempotency key (BullMQ ids may not contain ':'). */
export const sendJobId = (entry: Pick<Entry, 'key'>) => `send-${entry.key.replaceAll(':', '_')}`;

export class BullDelivery {
  private readonly owner = randomUUID();
  private readonly queues = new Map<Channel, Queue<SendJobData>>();
  private readonly workers: Worker<SendJobData>[] = [];
  private senders: Partial<Record<Channel, Sender>> = {};
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private readonly lastProgress = new Map<string, number>();
  private readonly held = new Set<string>();

  constructor(private readonly opts: BullDeliveryOptions) {}

  queue(channel: Channel): Queue<SendJobData> {
    let queue = this.queues.get(channel);
    if (!queue) {
      queue = new Queue<SendJobData>(queueName(channel), {
        connection: this.opts.connection,
        prefix: this.opts.prefix ?? QUEUE_PREFIX,
        defaultJobOptions: { attempts: BULL_ATTEMPTS, backoff: { type: 'send' }, removeOnComplete: KEEP_COMPLETED, removeOnFail: KEEP_FAILED },
      });
      queue.on('error', (error) => this.opts.logger.warn({ err: { message: error.message }, channel }, 'delivery queue error'));
      this.queues.set(channel, queue);
    }
    return queue;
  }

  /** Starts a worker for each platform this instance can send on, and the sweep. */
  start(senders: Partial<Record<Channel, Sender>>, intervalMs = 1_000) {
    this.senders = senders;
    const backoff = this.opts.backoffMs ?? defaultBackoff;
    for (const channel of Object.keys(senders) as Channel[]) {
      const worker = new Worker<SendJobData>(queueName(channel), (job, token) => this.process(job, token), {
        connection: this.opts.connection,
        prefix: this.opts.prefix ?? QUEUE_PREFIX,
        concurrency: this.opts.concurrency ?? 32,
        lockDuration: this.opts.lockDurationMs ?? 15_000,
        stalledInterval: this.opts.stalledIntervalMs ?? 5_000,
        // A kill -9 is a stall, not a failed send: the job is given to another instance again.
        maxStalledCount: 100,
        settings: { backoffStrategy: (attemptsMade: number) => backoff(attemptsMade) },
        removeOnComplete: KEEP_COMPLETED,
        removeOnFail: KEEP_FAILED,
      });
      worker.on('error', (error) => this.opts.logger.warn({ err: { message: error.message }, channel }, 'delivery worker error'));
      worker.on('failed', (job, error) => void this.failedOutside(job, error));
      this.workers.push(worker);
    }
    this.timer = setInterval(() => void this.tick(), intervalMs);
    void this.tick();
  }

  /** One sweep over unfinished jobs: enqueue, recount, report, finish (also the test entry point). */
  tick(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.running ??= this.sweep()
      .catch((error: unknown) => this.opts.logger.error({ err: error }, 'delivery sweep failed'))
      .finally(() => (this.running = undefined));
    return this.running;
  }

  async stop() {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
    // Sends in flight get a moment; one still hanging is left to stall, and another instance (or
    // the next start) sends it.
    await Promise.all(
      this.workers.map(async (worker) => {
        let timer: NodeJS.Timeout | undefined;
        const closed = worker.close();
        const late = await Promise.race([closed.then(() => false), new Promise<boolean>((r) => (timer = setTimeout(() => r(true), 3_000)))]);
        clearTimeout(timer);
        if (late) await worker.close(true).catch(() => undefined);
      }),
    );
    for (const id of this.held) await this.opts.store.releaseLease(`lease:${jobKey(id)}`, this.owner).catch(() => undefined);
    for (const queue of this.queues.values()) await queue.close().catch(() => undefined);
  }

  private async sweep() {
    const { store } = this.opts;
    for (const job of await openJobs(store)) {
      if (this.stopped) return;
      if (!(await store.acquireLease(`lease:${jobKey(job.id)}`, this.owner, LEASE_MS))) {
        this.held.delete(job.id);
        continue;
      }
      this.held.add(job.id);
      try {
        await this.follow(job);
      } catch (error) {
        this.opts.logger.error({ err: error, job: job.id }, 'delivery sweep of a job failed');
      }
    }
  }

  /** Held under the job's lease (kept from sweep to sweep, so one instance reports its progress). */
  private async follow(job: Job) {
    const { store, logger } = this.opts;
    const clock = this.opts.clock ?? Date.now;
    const now = clock();
    const entries = await entriesOf(store, job.id);
    const open = entries.filter(([, e]) => isOpen(e));
    if (open.length && (job.enqueuedAt === undefined || now - job.enqueuedAt >= (this.opts.reofferMs ?? REOFFER_EVERY_MS))) {
      if (job.enqueuedAt !== undefined) await this.dropStale(open);
      await this.enqueue(job, open);
      job.enqueuedAt = now;
      if (job.status === 'queued') job.status = 'running';
      await store.set(jobKey(job.id), job);
      this.lastProgress.delete(job.id);
    }
    const last = this.lastProgress.get(job.id) ?? 0;
    if (open.length && now - last < PROGRESS_EVERY_MS) return;
    this.lastProgress.set(job.id, now);
    recount(job, entries);
    if (open.length) {
      await store.set(jobKey(job.id), job);
      if (job.kind === 'broadcast' && job.by) await this.report(job, false);
      return;
    }
    await markFinished(store, logger, job, clock());
    await store.set(jobKey(job.id), job);
    if (job.kind === 'broadcast' && job.by) await this.report(job, true);
    await finishJob(store, job);
    this.lastProgress.delete(job.id);
    this.held.delete(job.id);
    await store.releaseLease(`lease:${jobKey(job.id)}`, this.owner).catch(() => undefined);
  }

  private async report(job: Job, final: boolean) {
    const { store, logger } = this.opts;
    await reportProgress({ store, logger, senders: this.senders, stopped: () => this.stopped }, job, final).catch((error: unknown) =>
      logger.warn({ err: error, job: job.id }, 'progress message failed'),
    );
  }

  /**
   * An entry still open long after it was enqueued whose BullMQ job is `completed` cannot have been
   * sent by it (the processor completes only after the store says sent or settled): the store was
   * restored or replaced under the queue. That job is removed, so the offer that follows counts.
   */
  private async dropStale(open: Array<[string, Entry]>) {
    for (const [, e] of open) {
      const bull = await this.queue(e.channel).getJob(sendJobId(e));
      if (bull && (await bull.getState()) === 'completed') {
        this.opts.logger.warn({ key: e.key }, 'an open outbox entry had a completed BullMQ job; offered again');
        await bull.remove().catch(() => undefined);
      }
    }
  }

  /** Offers the open entries to their platform's queue; ids already there are ignored by BullMQ. */
  private async enqueue(job: Job, open: Array<[string, Entry]>) {
    const byChannel = new Map<Channel, Array<[string, Entry]>>();
    for (const item of open) byChannel.set(item[1].channel, [...(byChannel.get(item[1].channel) ?? []), item]);
    for (const [channel, items] of byChannel) {
      const queue = this.queue(channel);
      for (let i = 0; i < items.length; i += 500) {
        await queue.addBulk(
          items.slice(i, i + 500).map(([key, e]) => ({
            name: job.kind,
            data: { job: job.id, entry: key, channel: e.channel, chatId: e.chatId },
            opts: { jobId: sendJobId(e) },
          })),
        );
      }
    }
  }

  /** One send. The entry in the store is updated as the outbox worker does. */
  private async process(bull: BullJob<SendJobData>, token?: string): Promise<Entry['status']> {
    const { store, logger } = this.opts;
    const clock = this.opts.clock ?? Date.now;
    const key = bull.data.entry;
    const entry = await store.get<Entry>(key);
    // Gone (the job was deleted) or settled (enqueued twice, or resent after a stall): never sent again.
    if (!entry) return 'failed';
    if (!isOpen(entry)) return entry.status;
    const sender = this.senders[entry.channel];
    if (!sender) throw new Error(`no sender for ${entry.channel}`);
    if (this.stopped) return this.later(bull, token, 500);
    if (entry.status === 'sending') {
      logger.warn(
        { channel: entry.channel, chat: entry.chatId, key: entry.key },
        'resending a message that was in flight at a crash (may duplicate on Telegram)',
      );
    }
    entry.firstTriedAt ??= clock();
    entry.status = 'sending';
    entry.attempts += 1;
    await store.set(key, entry);
    const result = await sender
      .send(entry.chatId, entry.text, entry.key)
      .catch((error: unknown) => ({ status: 'retry' as const, afterMs: 0, error: String(error) }));
    if (result.status === 'sent') {
      entry.status = 'sent';
      delete entry.error;
      await store.set(key, entry);
      return 'sent';
    }
    entry.error = result.error;
    if (result.status === 'inactive') {
      entry.status = 'inactive';
      await store.set(key, entry);
      await this.opts.service?.markInactive(entry.channel, entry.chatId).catch(() => undefined);
      return 'inactive';
    }
    const retryFor = this.opts.retryForMs ?? DEFAULT_RETRY_FOR_MS;
    if (result.status === 'failed' || (entry.attempts >= MAX_ATTEMPTS && clock() - entry.firstTriedAt >= retryFor)) {
      entry.status = 'failed';
      await store.set(key, entry);
      throw new UnrecoverableError(result.error);
    }
    entry.status = 'pending';
    await store.set(key, entry);
    // Telegram's retry_after (and Lark's reset) is waited out as told; anything else backs off.
    if (result.afterMs > 0) return this.later(bull, token, result.afterMs);
    throw new Error(result.error);
  }

  private async later(bull: BullJob<SendJobData>, token: string | undefined, ms: number): Promise<never> {
    await bull.moveToDelayed(Date.now() + ms, token);
    throw new DelayedError();
  }

  /** A job that failed for a reason the processor did not record (e.g. its store write failed): the entry says so. */
  private async failedOutside(bull: BullJob<SendJobData> | undefined, error: Error) {
    if (!bull || bull.attemptsMade < (bull.opts.attempts ?? 1)) return;
    const entry = await this.opts.store.get<Entry>(bull.data.entry).catch(() => undefined);
    if (!entry || !isOpen(entry)) return;
    entry.status = 'failed';
    entry.error = error.message;
    await this.opts.store.set(bull.data.entry, entry).catch(() => undefined);
  }
}

/** Failed sends kept by BullMQ, newest first (for `cli stats`). */
export async function failedSends(
  connection: Redis,
  channels: Channel[],
  limit = 50,
  prefix = QUEUE_PREFIX,
): Promise<{
  counts: Record<string, Record<string, number>>;
  failed: Array<{ channel: Channel; chatId: string; job: string; error: string; attempts: number; at: number }>;
}> {
  const counts: Record<string, Record<string, number>> = {};
  const failed: Array<{ channel: Channel; chatId: string; job: string; error: string; attempts: number; at: number }> = [];
  for (const channel of channels) {
    const queue = new Queue<SendJobData>(queueName(channel), { connection, prefix });
    try {
      counts[channel] = await queue.getJobCounts('waiting', 'active', 'delayed', 'completed', 'failed');
      for (const job of await queue.getFailed(0, limit - 1)) {
        const data = job.data as SendJobData;
        failed.push({
          channel,
          chatId: data.chatId,
          job: data.job,
          error: job.failedReason,
          attempts: job.attemptsStarted ?? job.attemptsMade,
          at: job.finishedOn ?? job.timestamp,
        });
      }
    } finally {
      await queue.close();
    }
  }
  failed.sort((a, b) => b.at - a.at);
  return { counts, failed: failed.slice(0, limit) };
}
