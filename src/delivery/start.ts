import type { Redis } from 'ioredis';
import type { Guide } from '../../rules/index.js';
import type { Channel } from '../../handlers/types.js';
import type { Sender } from '../channels/channel.js';
import type { ChatService } from '../chat-service.js';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { QueueLike } from '../metrics.js';
import type { Store } from '../store/store.js';
import type { SharedLimitsPort } from './redis-limiter.js';
import { ReminderScheduler } from './reminders.js';
import { DeliveryWorker } from './worker.js';

/**
 * Delivery as main.ts wires it. Without REDIS_URL: the outbox worker over the store, with its
 * in-process throttle (the embedded default, unchanged). With REDIS_URL: sends are BullMQ jobs
 * worked by every instance, and one rate limit per platform lives in Redis, shared by every
 * instance's replies (`limits`, handed to the channels) and bulk sends. Reminders are derived by
 * one instance at a time (the store lease `lease:reminders`) under ids that make each one once.
 */
export interface Delivery {
  /** Set on Redis deployments: the channels' replies and bulk senders take their slots here. */
  limits?: SharedLimitsPort;
  /** Starts sending (once the channels' senders exist) and the reminder scheduler. */
  start(senders: Partial<Record<Channel, Sender>>): void;
  /** A job was created here: look at once rather than at the next sweep. */
  wake(): void;
  /** Stops sending and scheduling (before the channels stop). */
  stop(): Promise<void>;
  /** Closes the Redis connections (after the channels stopped: their replies use the limiter). */
  close(): Promise<void>;
  /** Redis deployments: a channel's BullMQ send queue (for /metrics). */
  bullQueue?(channel: Channel): QueueLike;
}

export interface DeliveryDeps {
  config: Config;
  store: Store;
  guide: Guide;
  service: ChatService;
  logger: Logger;
}

export async function prepareDelivery(deps: DeliveryDeps): Promise<Delivery> {
  const { config, store, guide, service, logger } = deps;
  const policy = { offsetsDays: config.reminderOffsetsDays, time: config.reminderTime };
  let reminders: ReminderScheduler | undefined;
  const schedule = (onQueued: () => void) => {
    reminders = new ReminderScheduler({ store, guide, policy, clock: Date.now, logger, onQueued });
    reminders.start();
  };

  if (!config.redis) {
    let worker: DeliveryWorker | undefined;
    return {
      start(senders) {
        const w = new DeliveryWorker({ store, senders, service, logger, retryForMs: config.deliveryRetryMs });
        worker = w;
        w.start();
        schedule(() => void w.tick());
      },
      wake: () => void worker?.tick(),
      async stop() {
        await reminders?.stop();
        await worker?.stop();
      },
      close: async () => undefined,
    };
  }

  // Loaded only on a Redis deployment: the embedded default carries no BullMQ.
  const [{ Redis }, { redisOptions }, { BullDelivery, bullPrefix }, { SharedLimits }] = await Promise.all([
    import('ioredis'),
    import('../store/redis-store.js'),
    import('./bull-delivery.js'),
    import('./redis-limiter.js'),
  ]);
  const { url, prefix } = config.redis;
  // The limiter's connection fails fast (the limiter then keeps to the caps in-process); BullMQ's
  // waits for Redis to come back, as BullMQ requires (maxRetriesPerRequest: null).
  const limiterRedis = watched(new Redis(url, { ...redisOptions(), enableOfflineQueue: false, commandTimeout: 1_000 }), logger, 'rate limit');
  const bullRedis = watched(new Redis(url, redisOptions({ forBullmq: true })), logger, 'delivery queue');
  const limits = new SharedLimits(limiterRedis, { logger, prefix });
  const bull = new BullDelivery({ connection: bullRedis, store, logger, service, retryForMs: config.deliveryRetryMs, prefix: bullPrefix(prefix) });
  return {
    limits,
    bullQueue: (channel) => bull.queue(channel) as unknown as QueueLike,
    start(senders) {
      bull.start(senders);
      schedule(() => void bull.tick());
    },
    wake: () => void bull.tick(),
    async stop() {
      await reminders?.stop();
      await bull.stop();
    },
    async close() {
      for (const redis of [limiterRedis, bullRedis]) await redis.quit().catch(() => redis.disconnect());
    },
  };
}

/** One warning when a connection is lost (not one per reconnect attempt), one line when it is back. */
function watched<R extends Pick<Redis, 'on'>>(redis: R, logger: Logger, role: string): R {
  let down = false;
  redis.on('error', (error: Error) => {
    if (down) return;
    down = true;
    logger.warn({ redis: role, err: { message: error.message } }, 'redis connection lost; retrying');
  });
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    logger.info({ redis: role }, 'redis connection back');
  });
  return redis;
}
