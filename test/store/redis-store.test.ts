// What only the Redis store has: key prefixes, SCAN with glob characters, several clients, and
// Redis going away and coming back. The shared behaviour is in sqlite-store.test.ts.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RedisServer, startRedis } from '../../doubles/redis-server.js';
import { openRedisStore } from '../../src/store/redis-store.js';
import type { Store } from '../../src/store/store.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let redis: RedisServer;
const opened: Store[] = [];
let n = 0;
async function open(prefix = `r${++n}:`) {
  const s = await openRedisStore(redis.url, { prefix, onError: () => {} });
  opened.push(s);
  return s;
}

beforeAll(async () => {
  redis = await startRedis();
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
});
afterAll(async () => {
  await redis.stop();
});

describe('redis store', () => {
  it('keeps two deployments with different prefixes apart', async () => {
    const a = await open('deployA:');
    const b = await open('deployB:');
    await a.set('chat:1', 'a');
    await b.set('chat:1', 'b');
    expect(await a.get('chat:1')).toBe('a');
    expect(await b.get('chat:1')).toBe('b');
    expect(await a.keys('')).toEqual(['chat:1']);
    expect(await a.acquireLease('reminders', 'A', 60_000)).toBe(true);
    expect(await b.acquireLease('reminders', 'B', 60_000)).toBe(true);
    expect(await a.setIfAbsent('once', 1)).toBe(true);
    expect(await b.setIfAbsent('once', 1)).toBe(true);
  });

  it('lists keys whose prefix holds glob characters literally', async () => {
    const s = await open();
    for (const k of ['a*1', 'ab', 'q?x', 'qzx', 'b[1]', 'b1', 'c\\d', 'cd', 'lease:x']) await s.set(k, k);
    expect(await s.keys('a*')).toEqual(['a*1']);
    expect(await s.keys('q?')).toEqual(['q?x']);
    expect(await s.keys('b[')).toEqual(['b[1]']);
    expect(await s.keys('c\\')).toEqual(['c\\d']);
    // leases live apart from values
    await s.acquireLease('x', 'A', 60_000);
    expect(await s.keys('lease:')).toEqual(['lease:x']);
  });

  it('lists thousands of keys through SCAN, each once', async () => {
    const s = await open();
    const keys = Array.from({ length: 3000 }, (_, i) => `m:${String(i).padStart(4, '0')}`);
    await s.write(keys.map((key) => ({ key, value: 1 })));
    await s.set('other', 1);
    expect(await s.keys('m:')).toEqual(keys);
  });

  it('sets TTLs on the server and reads undefined back as absent', async () => {
    const s = (await open()) as Store & { client: import('ioredis').Redis };
    await s.set('t', 'v', 5_000);
    await s.write([{ key: 'w', value: 'v', ttlMs: 5_000 }]);
    await s.setIfAbsent('u', 'v', 5_000);
    for (const k of ['t', 'w', 'u']) {
      const pttl = await s.client.pttl(`r${n}:kv:${k}`);
      expect(pttl).toBeGreaterThan(4_000);
      expect(pttl).toBeLessThanOrEqual(5_000);
    }
    expect(await s.client.pttl(`r${n}:kv:none`)).toBe(-2);
    await s.set('undef', undefined);
    expect(await s.get('undef')).toBeUndefined();
    expect(await s.setIfAbsent('undef', 1)).toBe(false);
  });

  it('setIfAbsent, leases and guarded batches are atomic across two clients', async () => {
    const prefix = `shared${++n}:`;
    const [a, b] = await Promise.all([open(prefix), open(prefix)]);
    const results = await Promise.all(Array.from({ length: 200 }, (_, i) => (i % 2 ? a : b).setIfAbsent('once', i, 60_000)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await b.get('once')).toBe(results.indexOf(true));
    const leases = await Promise.all(Array.from({ length: 50 }, (_, i) => (i % 2 ? a : b).acquireLease('job', `o${i}`, 60_000)));
    expect(leases.filter(Boolean)).toHaveLength(1);
    expect(await a.leaseOwner('job')).toBe(`o${leases.indexOf(true)}`);
    await b.releaseLease('job', 'someone-else');
    expect(await a.leaseOwner('job')).toBe(`o${leases.indexOf(true)}`);
    const batches = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        (i % 2 ? a : b).write(
          [
            { key: 'marker', value: i },
            { key: `state:${i}`, value: i },
          ],
          { unlessPresent: 'marker' },
        ),
      ),
    );
    expect(batches.filter(Boolean)).toHaveLength(1);
    expect(await a.keys('state:')).toEqual([`state:${batches.indexOf(true)}`]);
  });

  it('fails fast while Redis is down and works again, scripts included, when it returns', async () => {
    const s = await open();
    await s.set('before', 1);
    expect(await s.acquireLease('l', 'A', 60_000)).toBe(true);
    await redis.stop();
    // Measured here: a command fails about 0.1–1.3 s after Redis goes away (one retry of the
    // reconnect); without maxRetriesPerRequest it would wait for Redis forever.
    const started = Date.now();
    const failures = await Promise.all([
      s.get('before').catch((e: Error) => e),
      s.probe().catch((e: Error) => e),
      s.acquireLease('l', 'A', 1000).catch((e: Error) => e),
    ]);
    const took = Date.now() - started;
    for (const f of failures) expect(f).toBeInstanceOf(Error);
    expect(took).toBeLessThan(8_000); // a bound on "not forever", not a speed target
    await redis.restart(); // empty, as after an outage without persistence
    await expect
      .poll(
        () =>
          s.probe().then(
            () => true,
            () => false,
          ),
        { timeout: 10_000, interval: 100 },
      )
      .toBe(true);
    expect(await s.get('before')).toBeUndefined();
    expect(await s.acquireLease('l', 'B', 60_000)).toBe(true); // the Lua script is loaded again
    expect(await s.write([{ key: 'after', value: 2 }], { unlessPresent: 'x' })).toBe(true);
    expect(await s.get('after')).toBe(2);
  });

  it('refuses to open when Redis cannot be reached', async () => {
    await expect(openRedisStore('redis://127.0.0.1:1', { onError: () => {} })).rejects.toThrow();
  });
});

describe('redis store, indexed prefixes', () => {
  it('lists an indexed prefix from its sorted set, without SCAN, and drops members whose key expired', async () => {
    const s = (await openRedisStore(redis.url, { prefix: `ix${++n}:`, indexed: ['q:'], onError: () => {} })) as Store & { client: import('ioredis').Redis };
    opened.push(s);
    const scans = async () => Number(/cmdstat_scan:calls=(\d+)/.exec(await s.client.info('commandstats'))?.[1] ?? 0);
    await s.set('q:b[1]', 1);
    await s.set('q:b1', 1);
    await s.set('q:short', 1, 30);
    expect(await s.setIfAbsent('q:a', 1)).toBe(true);
    expect(await s.setIfAbsent('q:a', 2)).toBe(false);
    await s.write([
      { key: 'q:学会', value: 1 },
      { key: 'other', value: 1 },
    ]);
    const before = await scans();
    expect(await s.keys('q:')).toEqual(['q:a', 'q:b1', 'q:b[1]', 'q:short', 'q:学会']);
    expect(await s.keys('q:b[')).toEqual(['q:b[1]']);
    expect(await scans()).toBe(before);
    await sleep(60);
    expect(await s.keys('q:')).toEqual(['q:a', 'q:b1', 'q:b[1]', 'q:学会']);
    expect(await s.client.zcard(`ix${n}:idx:q:`)).toBe(4); // the expired one is dropped from the set
    expect(await s.delete('q:a')).toBe(true);
    expect(await s.delete('q:a')).toBe(false);
    await s.write([{ key: 'q:b1', delete: true }]);
    expect(await s.keys('q:')).toEqual(['q:b[1]', 'q:学会']);
    expect(await s.client.zcard(`ix${n}:idx:q:`)).toBe(2);
    // A shorter prefix still finds them (by SCAN), and the index is not listed as a key.
    expect(await s.keys('')).toEqual(['other', 'q:b[1]', 'q:学会']);
  });
});
