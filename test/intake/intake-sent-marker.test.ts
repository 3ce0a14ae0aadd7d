// A reply sent while Redis goes away (kill -9) and comes back from its AOF is not sent again: the
// intake holds the count of sent items and records it once Redis answers, instead of failing the
// delivery and resending from the last recorded count. Real redis-server with AOF (fsync always).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisServer, startRedis } from '../../doubles/redis-server.js';
import { Intake, LISTED_PREFIXES, recordKey, type Transport } from '../../src/intake/intake.js';
import { createLogger } from '../../src/log.js';
import { openRedisStore } from '../../src/store/redis-store.js';
import type { Store } from '../../src/store/store.js';
import { handledOps } from '../../src/intake/intake.js';

const logger = createLogger({ level: 'silent' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let redis: RedisServer;
let store: Store;

beforeAll(async () => {
  redis = await startRedis({ persistent: true });
  store = await openRedisStore(redis.url, { prefix: 'sent:', onError: () => {}, indexed: LISTED_PREFIXES });
});
afterAll(async () => {
  await store.close();
  await redis.stop();
});

describe('marking replies sent across a Redis kill -9', () => {
  it('sends each of three replies once when Redis dies right after the first is sent', async () => {
    const delivered: string[] = [];
    let killed = false;
    const intake = new Intake({ store, logger, backoffMs: () => 50, sweepMs: 200 });
    const transport: Transport = {
      channel: 'console',
      async process(record, key) {
        // The conversation's part: the plan stored with the event, as ChatService does.
        await store.write(handledOps(key, record, ['one', 'two', 'three']));
      },
      async deliver(record, sent) {
        const plan = record.plan as string[];
        for (let i = record.sent ?? 0; i < plan.length; i++) {
          delivered.push(plan[i]!);
          if (!killed) {
            killed = true;
            await redis.stop();
            setTimeout(() => void redis.restart(), 1_500);
          }
          await sent(i + 1);
        }
      },
    };
    intake.register(transport);
    expect(await intake.receive('console', 'ev-1', 'chat-1', 'hello')).toBe('stored');
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      const r = await store.get<{ status: string }>(recordKey('console', 'ev-1')).catch(() => undefined);
      if (r?.status === 'done') break;
      await sleep(100);
    }
    await sleep(1_000); // a resend, if any, would come now (the sweep runs every 200 ms)
    await intake.stop(1_000);
    expect(await store.get(recordKey('console', 'ev-1'))).toMatchObject({ status: 'done' });
    expect(delivered).toEqual(['one', 'two', 'three']);
  }, 60_000);
});
