// /metrics on a Redis deployment: the BullMQ send queue's jobs by state and the age of the oldest
// send not yet made, read from a real redis-server through BullDelivery's own queue.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RedisServer } from '../../doubles/redis-server.js';
import { BullDelivery, bullPrefix } from '../../src/delivery/bull-delivery.js';
import { registry, watchQueues, type QueueLike } from '../../src/metrics.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import { memoryLogger } from './helpers.js';

let server: RedisServer;
let redis: Redis;
let bull: BullDelivery;

beforeAll(async () => {
  server = await startRedis();
  redis = new Redis(server.url, { maxRetriesPerRequest: null });
  bull = new BullDelivery({ connection: redis, store: createMemoryStore(), logger: memoryLogger().logger, prefix: bullPrefix('metrics-test:') });
}, 60_000);

afterAll(async () => {
  await bull?.stop();
  await redis?.quit();
  await server?.stop();
});

async function series(name: string): Promise<number> {
  const line = (await registry.metrics()).split('\n').find((l) => l.startsWith(`${name} `));
  if (line === undefined) throw new Error(`no series ${name}`);
  return Number(line.slice(name.length + 1));
}

describe('BullMQ queue metrics', () => {
  it('counts jobs by state and ages the oldest waiting one', async () => {
    const queue = bull.queue('telegram');
    const created = Date.now();
    await queue.add('broadcast', { job: 'b1', entry: 'outbox:b1:000000', channel: 'telegram', chatId: '1' }, { jobId: 'send-b1_000000' });
    await queue.add('broadcast', { job: 'b1', entry: 'outbox:b1:000001', channel: 'telegram', chatId: '2' }, { jobId: 'send-b1_000001', delay: 60_000 });
    watchQueues({
      store: createMemoryStore(),
      channels: ['telegram'],
      bullQueue: (channel) => bull.queue(channel) as unknown as QueueLike,
      clock: () => created + 42_000,
    });
    expect(await series('shenbao_bullmq_jobs{channel="telegram",state="waiting"}')).toBe(1);
    expect(await series('shenbao_bullmq_jobs{channel="telegram",state="delayed"}')).toBe(1);
    expect(await series('shenbao_bullmq_jobs{channel="telegram",state="failed"}')).toBe(0);
    const age = await series('shenbao_bullmq_oldest_waiting_age_seconds{channel="telegram"}');
    expect(age).toBeGreaterThan(40);
    expect(age).toBeLessThanOrEqual(42);
    // No chat id in any label or value line.
    expect(await registry.metrics()).not.toMatch(/chatId|outbox:b1/);
  });
});
