import type { ServerResponse } from 'node:http';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { Channel } from '../handlers/types.js';
import { openJobs } from './delivery/outbox.js';
import type { Route } from './http-server.js';
import type { Store } from './store/store.js';
import { VERSION } from './version.js';

/**
 * What GET /metrics on PORT shows (Prometheus text format). Labels are only channel names, kinds
 * and outcomes: never a chat id, a name or a text, so the page holds no personal data and its
 * series stay few. The staff console is not measured here. Counters are per process (Prometheus
 * sums them across instances); the queue gauges are read from the shared store at each scrape.
 */
export const registry = new Registry();

export const updatesReceived = new Counter({
  name: 'shenbao_updates_received_total',
  help: 'Updates and events received from a platform (result: stored, or duplicate = a redelivery dropped)',
  labelNames: ['channel', 'result'] as const,
  registers: [registry],
});

export const replies = new Counter({
  name: 'shenbao_replies_total',
  help: 'Replies to a user message (result: sent; failed = refused by the platform, or given up after DELIVERY_RETRY_MINUTES)',
  labelNames: ['channel', 'result'] as const,
  registers: [registry],
});

export const rateLimited = new Counter({
  name: 'shenbao_rate_limited_total',
  help: 'Platform answers 429 (Too Many Requests), replies and bulk sends alike; each is waited out and retried',
  labelNames: ['channel'] as const,
  registers: [registry],
});

export const deliverySends = new Counter({
  name: 'shenbao_delivery_sends_total',
  help: 'Broadcast and reminder send attempts (result: sent, retry, inactive = chat gone, failed)',
  labelNames: ['channel', 'kind', 'result'] as const,
  registers: [registry],
});

export const turnSeconds = new Histogram({
  name: 'shenbao_turn_duration_seconds',
  help: 'One conversation turn: state read, handlers, state and replies written (not the sending)',
  labelNames: ['channel'] as const,
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [registry],
});

export const storeErrors = new Counter({
  name: 'shenbao_store_errors_total',
  help: 'Store operations that failed (SQLite or Redis), by operation',
  labelNames: ['op'] as const,
  registers: [registry],
});

new Gauge({
  name: 'shenbao_build_info',
  help: 'The running version (always 1)',
  labelNames: ['version', 'node'] as const,
  registers: [registry],
}).set({ version: VERSION, node: process.versions.node }, 1);

let processMetrics = false;
/** Node's own metrics (CPU, memory, event-loop lag, handles, GC), prefixed process_ and nodejs_ as usual. Once per process. */
export function collectProcessMetrics(): void {
  if (processMetrics) return;
  processMetrics = true;
  collectDefaultMetrics({ register: registry });
}

/** Times `work` into the turn histogram. */
export async function timedTurn<T>(channel: Channel, work: () => Promise<T>): Promise<T> {
  const end = turnSeconds.startTimer({ channel });
  try {
    return await work();
  } finally {
    end();
  }
}

/** How a store operation is named in shenbao_store_errors_total. */
const STORE_OPS = new Set(['get', 'set', 'delete', 'setIfAbsent', 'keys', 'acquireLease', 'releaseLease', 'leaseOwner', 'write', 'probe']);

/**
 * The same store, counting every operation that fails (the error still reaches the caller). A
 * Proxy, so whatever else the store object offers (the Redis store's client) is passed through.
 */
export function countingStoreErrors<S extends Store>(store: S): S {
  return new Proxy(store, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof prop !== 'string' || !STORE_OPS.has(prop) || typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        try {
          const result = (value as (...a: unknown[]) => unknown).apply(target, args);
          return result instanceof Promise
            ? result.catch((error: unknown) => {
                storeErrors.inc({ op: prop });
                throw error;
              })
            : result;
        } catch (error) {
          storeErrors.inc({ op: prop });
          throw error;
        }
      };
    },
  });
}

/** What a BullMQ queue tells about itself (REDIS_URL deployments); typed loosely so BullMQ stays unloaded otherwise. */
export interface QueueLike {
  getJobCounts(...types: string[]): Promise<Record<string, number>>;
  getJobs(types: string[], start: number, end: number, asc: boolean): Promise<Array<{ timestamp: number } | undefined>>;
}

export interface QueueSources {
  store: Store;
  /** The BullMQ queue of a channel, on Redis deployments. */
  bullQueue?: (channel: Channel) => QueueLike;
  channels: Channel[];
  clock?: () => number;
  onError?: (error: unknown) => void;
}

const BULL_STATES = ['waiting', 'prioritized', 'delayed', 'active', 'failed'] as const;
/** States whose oldest job counts as "waiting to be sent" (delayed: a 429 or backoff wait). */
const BULL_WAITING = ['waiting', 'prioritized', 'delayed'] as const;
const QUEUE_GAUGES = [
  'shenbao_intake_open_events',
  'shenbao_intake_oldest_age_seconds',
  'shenbao_outbox_open_jobs',
  'shenbao_outbox_open_messages',
  'shenbao_outbox_oldest_age_seconds',
  'shenbao_bullmq_jobs',
  'shenbao_bullmq_oldest_waiting_age_seconds',
];

/**
 * The queues, read at each scrape: the intake (events received and not yet answered in full: the
 * reply queue), the outbox of broadcasts and reminders (its open jobs and the messages they still
 * have to send), and on Redis the BullMQ send queues. Ages are 0 when the queue is empty.
 * Called again (tests), it replaces the sources.
 */
export function watchQueues(sources: QueueSources): void {
  for (const name of QUEUE_GAUGES) registry.removeSingleMetric(name);
  const clock = sources.clock ?? Date.now;
  const ageSeconds = (since: number | undefined) => (since === undefined ? 0 : Math.max(0, (clock() - since) / 1000));
  const guarded = (read: () => Promise<void>) => async () => {
    try {
      await read();
    } catch (error) {
      sources.onError?.(error);
    }
  };
  // The gauges of one source are collected side by side (prom-client collects all at once): they
  // share the read in flight, so one scrape reads each source once and its figures agree.
  const shared = (read: () => Promise<void>) => {
    let inFlight: Promise<void> | undefined;
    return () => (inFlight ??= guarded(read)().finally(() => (inFlight = undefined)));
  };

  let intake: { open: number; oldest?: number } = { open: 0 };
  const readIntake = shared(async () => {
    const keys = await sources.store.keys('intake:open:');
    // The key ends with the arrival sequence, which starts with the arrival time (ms, zero-padded).
    const first = keys[0] ? Number(keys[0].slice('intake:open:'.length, 'intake:open:'.length + 15)) : undefined;
    intake = { open: keys.length, ...(Number.isFinite(first) && { oldest: first }) };
  });
  new Gauge({
    name: 'shenbao_intake_open_events',
    help: 'Events received and not yet answered in full (being handled, or replies waiting to be delivered)',
    registers: [registry],
    async collect() {
      await readIntake();
      this.set(intake.open);
    },
  });
  new Gauge({
    name: 'shenbao_intake_oldest_age_seconds',
    help: 'Age of the oldest event not yet answered in full (0: none)',
    registers: [registry],
    async collect() {
      await readIntake();
      this.set(ageSeconds(intake.oldest));
    },
  });

  let outbox = { jobs: 0, messages: 0, oldest: undefined as number | undefined };
  const readOutbox = shared(async () => {
    const jobs = await openJobs(sources.store);
    outbox = {
      jobs: jobs.length,
      // The job's counts are brought up to date every couple of seconds while it runs.
      messages: jobs.reduce((n, j) => n + Math.max(0, j.total - j.counts.sent - j.counts.inactive - j.counts.failed), 0),
      oldest: jobs.reduce<number | undefined>((min, j) => (min === undefined || j.createdAt < min ? j.createdAt : min), undefined),
    };
  });
  new Gauge({
    name: 'shenbao_outbox_open_jobs',
    help: 'Broadcasts and reminders not yet finished (the outbox in the store)',
    registers: [registry],
    async collect() {
      await readOutbox();
      this.set(outbox.jobs);
    },
  });
  new Gauge({
    name: 'shenbao_outbox_open_messages',
    help: 'Messages of unfinished broadcasts and reminders not yet settled (sent, inactive or failed)',
    registers: [registry],
    async collect() {
      await readOutbox();
      this.set(outbox.messages);
    },
  });
  new Gauge({
    name: 'shenbao_outbox_oldest_age_seconds',
    help: 'Age of the oldest unfinished broadcast or reminder (0: none)',
    registers: [registry],
    async collect() {
      await readOutbox();
      this.set(ageSeconds(outbox.oldest));
    },
  });

  const bullQueue = sources.bullQueue;
  if (!bullQueue) return;
  const counts = new Map<Channel, Record<string, number>>();
  const oldestWaiting = new Map<Channel, number | undefined>();
  const readBull = shared(async () => {
    for (const channel of sources.channels) {
      await guarded(async () => {
        const queue = bullQueue(channel);
        counts.set(channel, await queue.getJobCounts(...BULL_STATES));
        let oldest: number | undefined;
        for (const state of BULL_WAITING) {
          const [job] = await queue.getJobs([state], 0, 0, true);
          if (job && (oldest === undefined || job.timestamp < oldest)) oldest = job.timestamp;
        }
        oldestWaiting.set(channel, oldest);
      })();
    }
  });
  new Gauge({
    name: 'shenbao_bullmq_jobs',
    help: 'BullMQ send jobs by state (REDIS_URL deployments)',
    labelNames: ['channel', 'state'] as const,
    registers: [registry],
    async collect() {
      await readBull();
      for (const [channel, byState] of counts) for (const state of BULL_STATES) this.set({ channel, state }, byState[state] ?? 0);
    },
  });
  new Gauge({
    name: 'shenbao_bullmq_oldest_waiting_age_seconds',
    help: 'Age of the oldest BullMQ send job not yet sent (waiting, prioritized or delayed; 0: none)',
    labelNames: ['channel'] as const,
    registers: [registry],
    async collect() {
      await readBull();
      for (const channel of sources.channels) this.set({ channel }, ageSeconds(oldestWaiting.get(channel)));
    },
  });
}

/** GET /metrics. */
export const metricsRoute: Route = async (_req, res: ServerResponse) => {
  const text = await registry.metrics();
  res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
  res.end(text);
};
