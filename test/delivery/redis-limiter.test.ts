// The shared rate limit on a real redis-server: two "instances" (two SharedLimits on their own
// connections) never exceed the caps together, bulk leaves its reserve to replies, a waiting reply
// goes before bulk, and with Redis gone each instance falls back to its own window.
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SharedLimits, type PlatformCaps } from '../../src/delivery/redis-limiter.js';
import { startRedis, type RedisServer } from '../../doubles/redis-server.js';
import { memoryLogger } from './helpers.js';

let server: RedisServer;
const clients: Redis[] = [];
beforeAll(async () => {
  server = await startRedis();
});
afterAll(async () => {
  for (const c of clients) c.disconnect();
  await server?.stop();
});

const WINDOW = 300;
const CAPS: PlatformCaps = { perSecond: 6, perChatPerSecond: 2, reserve: 2, replyPerChat: false };

function instance(prefix: string) {
  const redis = new Redis(server.url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, lazyConnect: false });
  clients.push(redis);
  const { logger, lines } = memoryLogger();
  const limits = new SharedLimits(redis, { prefix, windowMs: WINDOW, marginMs: 0, caps: { telegram: CAPS }, logger });
  return { redis, limits, lines };
}

async function ready(redis: Redis) {
  while (redis.status !== 'ready') await new Promise((r) => setTimeout(r, 10));
}

/** The most grants within any window of `span` ms. */
function peak(times: number[], span: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let best = 0;
  for (let i = 0, j = 0; i < sorted.length; i++) {
    while (sorted[i]! - sorted[j]! >= span) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

describe('SharedLimits on Redis', () => {
  it('two instances together keep to the app cap, bulk to cap − reserve, and a chat to its own cap', async () => {
    const a = instance('t1');
    const b = instance('t1');
    await ready(a.redis);
    await ready(b.redis);
    const grants: Array<{ t: number; chat: string }> = [];
    const run = async (limits: SharedLimits, chats: string[]) => {
      for (const chat of chats) {
        const done = await limits.limiter('telegram', 'bot1', 'bulk').acquire(chat);
        grants.push({ t: Date.now(), chat });
        done();
      }
    };
    const chats = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `${tag}${i % 4}`);
    // Eight senders at once, four per instance, on four chats.
    await Promise.all([...Array.from({ length: 4 }, () => run(a.limits, chats(6, 'c'))), ...Array.from({ length: 4 }, () => run(b.limits, chats(6, 'c')))]);
    expect(grants).toHaveLength(48);
    expect(
      peak(
        grants.map((g) => g.t),
        WINDOW,
      ),
    ).toBeLessThanOrEqual(CAPS.perSecond - CAPS.reserve);
    for (const chat of ['c0', 'c1', 'c2', 'c3']) {
      expect(
        peak(
          grants.filter((g) => g.chat === chat).map((g) => g.t),
          WINDOW,
        ),
      ).toBeLessThanOrEqual(CAPS.perChatPerSecond);
    }
    // The run took at least as long as the cap allows: 48 grants at 4 a window.
    const span = Math.max(...grants.map((g) => g.t)) - Math.min(...grants.map((g) => g.t));
    expect(span).toBeGreaterThanOrEqual((48 / (CAPS.perSecond - CAPS.reserve) - 1) * WINDOW - 20);
  });

  it('replies use the reserve at once while bulk saturates, and a waiting reply goes before bulk', async () => {
    const a = instance('t2');
    const b = instance('t2');
    await ready(a.redis);
    await ready(b.redis);
    const log: Array<{ t: number; kind: 'bulk' | 'reply' | 'reply-asked' }> = [];
    let stop = false;
    const bulk = async (limits: SharedLimits, n: number) => {
      for (let i = 0; !stop; i++) {
        const done = await limits.limiter('telegram', 'bot1', 'bulk').acquire(`bulk${n}-${i}`);
        log.push({ t: Date.now(), kind: 'bulk' });
        done();
      }
    };
    const loops = [bulk(a.limits, 1), bulk(a.limits, 2), bulk(b.limits, 3), bulk(b.limits, 4)];
    await new Promise((r) => setTimeout(r, WINDOW * 2));
    // Two replies: the reserve has room for both, within this window.
    for (const who of [a, b]) {
      log.push({ t: Date.now(), kind: 'reply-asked' });
      const done = await who.limits.limiter('telegram', 'bot1', 'reply').acquire(`user-${log.length}`);
      log.push({ t: Date.now(), kind: 'reply' });
      done();
    }
    // A burst of replies larger than the reserve: those that must wait still go before any bulk send asked after them.
    const asked = Date.now();
    log.push({ t: asked, kind: 'reply-asked' });
    const burst = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => {
        const done = await (i % 2 ? a : b).limits.limiter('telegram', 'bot1', 'reply').acquire(`burst-${i}`);
        const t = Date.now();
        log.push({ t, kind: 'reply' });
        done();
        return t;
      }),
    );
    stop = true;
    await Promise.all(loops);
    const all = log.filter((e) => e.kind !== 'reply-asked').map((e) => e.t);
    expect(peak(all, WINDOW)).toBeLessThanOrEqual(CAPS.perSecond);
    const lastReply = Math.max(...burst);
    const bulkDuringBurst = log.filter((e) => e.kind === 'bulk' && e.t > asked && e.t < lastReply).length;
    // Eight replies at six a window need two windows; bulk gets nothing in between but what it had
    // taken already (a grant is logged a moment after Redis gave it, so one or two may show).
    expect(bulkDuringBurst).toBeLessThanOrEqual(2);
    expect(lastReply - asked).toBeLessThan(WINDOW * 3);
  });

  it('falls back to an in-process window when Redis does not answer, and says so once', async () => {
    const redis = new Redis('redis://127.0.0.1:1', { maxRetriesPerRequest: 0, enableOfflineQueue: false, lazyConnect: true, retryStrategy: () => null });
    redis.on('error', () => undefined);
    clients.push(redis);
    const { logger, lines } = memoryLogger();
    const limits = new SharedLimits(redis, { windowMs: WINDOW, marginMs: 0, caps: { telegram: CAPS }, logger });
    const times: number[] = [];
    for (let i = 0; i < 10; i++) {
      const done = await limits.limiter('telegram', 'bot1', 'bulk').acquire('one-chat');
      times.push(Date.now());
      done();
    }
    expect(peak(times, WINDOW)).toBeLessThanOrEqual(CAPS.perChatPerSecond);
    expect(lines.filter((l) => /Redis does not answer/.test(String(l.msg)))).toHaveLength(1);
  });
});

describe('Lark replies on the shared limit', () => {
  it('keep to the chat window too (Lark refuses past 5/s per chat)', async () => {
    const a = instance('t4');
    await ready(a.redis);
    const caps: PlatformCaps = { ...CAPS, replyPerChat: true };
    const limits = new SharedLimits(a.redis, { prefix: 't4', windowMs: WINDOW, marginMs: 0, caps: { lark: caps }, logger: memoryLogger().logger });
    const times: number[] = [];
    await Promise.all(
      Array.from({ length: 6 }, async () => {
        const done = await limits.limiter('lark', 'cli_app', 'reply').acquire('oc_one');
        times.push(Date.now());
        done();
      }),
    );
    expect(peak(times, WINDOW)).toBeLessThanOrEqual(caps.perChatPerSecond);
  });
});
