import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RedisServer, startRedis } from '../../doubles/redis-server.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import { openRedisStore } from '../../src/store/redis-store.js';
import { openSqliteStore, SQLITE_FILE } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/store.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const N = 2000; // keys in the multi-process race
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let dir: string;
const opened: Store[] = [];
async function open(d = dir): Promise<Store> {
  const s = await openSqliteStore(d);
  opened.push(s);
  return s;
}

let redis: RedisServer;
let redisStores = 0;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis.stop();
});

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'shenbao-store-'));
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});

// The same behavioural checks run against every implementation. Each Redis store gets its own
// key prefix, so every test starts from an empty namespace on the one server.
const impls: Array<[string, () => Promise<Store>]> = [
  ['sqlite', () => open()],
  ['memory', async () => createMemoryStore()],
  [
    'redis',
    async () => {
      const s = await openRedisStore(redis.url, { prefix: `t${++redisStores}:` });
      opened.push(s);
      return s;
    },
  ],
  [
    // Every key also in the sorted-set index: keys() reads it instead of SCAN.
    'redis, indexed',
    async () => {
      const s = await openRedisStore(redis.url, { prefix: `t${++redisStores}:`, indexed: [''] });
      opened.push(s);
      return s;
    },
  ],
];

describe.each(impls)('%s store', (_name, make) => {
  it('round-trips JSON values and deletes', async () => {
    const s = await make();
    const value = { a: 1, b: [true, null, '学会'], c: ':colon', d: { e: 2.5 } };
    await s.set('x', value);
    expect(await s.get('x')).toEqual(value);
    await s.set('str', ':starts-with-colon');
    expect(await s.get('str')).toBe(':starts-with-colon');
    await s.set('x', 42);
    expect(await s.get<number>('x')).toBe(42);
    await s.set('n', null);
    expect(await s.get('n')).toBeNull();
    expect(await s.get('missing')).toBeUndefined();
    expect(await s.delete('x')).toBe(true);
    expect(await s.delete('x')).toBe(false);
    expect(await s.get('x')).toBeUndefined();
  });

  it('write: a batch is applied whole, and not at all when its guard key is live', async () => {
    const s = await make();
    await s.set('gone', 1);
    expect(
      await s.write([
        { key: 'a', value: { n: 1 } },
        { key: 'b', value: 'x', ttlMs: 60_000 },
        { key: 'gone', delete: true },
      ]),
    ).toBe(true);
    expect(await s.get('a')).toEqual({ n: 1 });
    expect(await s.get('b')).toBe('x');
    expect(await s.get('gone')).toBeUndefined();
    expect(
      await s.write(
        [
          { key: 'a', value: 2 },
          { key: 'c', value: 3 },
        ],
        { unlessPresent: 'a' },
      ),
    ).toBe(false);
    expect(await s.get('a')).toEqual({ n: 1 });
    expect(await s.get('c')).toBeUndefined();
    expect(await s.write([{ key: 'd', value: 4 }], { unlessPresent: 'd' })).toBe(true);
    expect(await s.get('d')).toBe(4);
    // a bad op refuses the whole batch
    await expect(
      s.write([
        { key: 'e', value: 5 },
        { key: 'f', value: 6, ttlMs: -1 },
      ]),
    ).rejects.toThrow(RangeError);
    expect(await s.get('e')).toBeUndefined();
    await s.probe();
  });

  it('treats expired entries as absent everywhere', async () => {
    const s = await make();
    await s.set('t:short', 'v', 40);
    await s.set('t:long', 'w', 60_000);
    expect(await s.get('t:short')).toBe('v');
    expect(await s.keys('t:')).toEqual(['t:long', 't:short']);
    await sleep(80);
    expect(await s.get('t:short')).toBeUndefined();
    expect(await s.keys('t:')).toEqual(['t:long']);
    expect(await s.delete('t:short')).toBe(false);
    expect(await s.setIfAbsent('t:short', 'again')).toBe(true);
    expect(await s.get('t:short')).toBe('again');
  });

  it('rejects a non-positive ttl', async () => {
    const s = await make();
    await expect(s.set('k', 1, 0)).rejects.toThrow(RangeError);
    await expect(s.setIfAbsent('k', 1, -5)).rejects.toThrow(RangeError);
    await expect(s.acquireLease('l', 'o', Number.NaN)).rejects.toThrow(RangeError);
  });

  it('lists keys by prefix, sorted', async () => {
    const s = await make();
    for (const k of ['user:2', 'user:10', 'chat:1', 'user:1', 'users', '用户:甲', 'user']) {
      await s.set(k, k);
    }
    expect(await s.keys('user:')).toEqual(['user:1', 'user:10', 'user:2']);
    expect(await s.keys('user')).toEqual(['user', 'user:1', 'user:10', 'user:2', 'users']);
    expect(await s.keys('用户:')).toEqual(['用户:甲']);
    expect(await s.keys('nope')).toEqual([]);
    expect((await s.keys('')).length).toBe(7);
  });

  it('setIfAbsent: exactly one of 100 concurrent callers wins', async () => {
    const s = await make();
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => s.setIfAbsent('dedupe:update:1', { i }, 60_000)));
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = results.indexOf(true);
    expect(await s.get('dedupe:update:1')).toEqual({ i: winner });
    expect(await s.setIfAbsent('dedupe:update:1', 'late')).toBe(false);
  });

  it('leases: acquire, renew, steal after expiry, release', async () => {
    const s = await make();
    expect(await s.acquireLease('reminders', 'A', 60)).toBe(true);
    expect(await s.acquireLease('reminders', 'B', 60)).toBe(false);
    expect(await s.acquireLease('reminders', 'A', 60)).toBe(true); // renew
    await sleep(100);
    expect(await s.acquireLease('reminders', 'B', 60_000)).toBe(true); // A's lease expired
    expect(await s.acquireLease('reminders', 'A', 60_000)).toBe(false);
    await s.releaseLease('reminders', 'A'); // not the holder: no effect
    expect(await s.acquireLease('reminders', 'A', 60_000)).toBe(false);
    await s.releaseLease('reminders', 'B');
    expect(await s.acquireLease('reminders', 'A', 60_000)).toBe(true);
    expect(await s.acquireLease('other', 'B', 60_000)).toBe(true);
  });
});

describe('sqlite store on disk', () => {
  it('creates the directory and uses WAL mode', async () => {
    const nested = path.join(dir, 'a', 'b');
    const s = await open(nested);
    await s.set('k', 'v');
    const raw = new Database(path.join(nested, SQLITE_FILE), { readonly: true });
    try {
      expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      raw.close();
    }
  });

  it('keeps data across close and reopen, and purges expired rows', async () => {
    const s = await open();
    await s.set('keep', { n: 1 });
    await s.set('gone', 'x', 20);
    expect(await s.acquireLease('job', 'A', 60_000)).toBe(true);
    await s.close();
    await sleep(40);
    const s2 = await open();
    expect(await s2.get('keep')).toEqual({ n: 1 });
    expect(await s2.get('gone')).toBeUndefined();
    expect(await s2.acquireLease('job', 'B', 60_000)).toBe(false);
    const raw = new Database(path.join(dir, SQLITE_FILE), { readonly: true });
    try {
      expect(raw.prepare('SELECT key FROM kv').all()).toEqual([{ key: 'keep' }]);
    } finally {
      raw.close();
    }
  });

  it('setIfAbsent and leases are atomic across two instances on one file', async () => {
    const [a, b] = await Promise.all([open(), open()]);
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => (i % 2 ? a : b).setIfAbsent('once', i, 60_000)));
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await a.get('once')).toBe(results.indexOf(true));
    expect(await b.get('once')).toBe(results.indexOf(true));
    expect(await a.acquireLease('job', 'A', 60_000)).toBe(true);
    expect(await b.acquireLease('job', 'B', 60_000)).toBe(false);
  });

  it('setIfAbsent is atomic across separate processes', async () => {
    // Each process starts at the same wall-clock time (after tsx start-up) and walks the keys from
    // a different offset, so they contend on the same keys midway.
    const script = path.join(dir, 'race.mts');
    const storeUrl = new URL('../../src/store/sqlite-store.ts', import.meta.url).href;
    writeFileSync(
      script,
      `import { openSqliteStore } from ${JSON.stringify(storeUrl)};
       const [dir, startAt, offset] = process.argv.slice(2);
       const s = await openSqliteStore(dir);
       await new Promise((r) => setTimeout(r, Number(startAt) - Date.now()));
       const won = [];
       for (let j = 0; j < ${N}; j++) {
         const i = (j + Number(offset)) % ${N};
         if (await s.setIfAbsent('k' + i, process.pid)) won.push(i);
       }
       await s.close();
       console.log(JSON.stringify(won));`,
    );
    const run = promisify(execFile);
    const startAt = String(Date.now() + 3000);
    const outs = await Promise.all(
      [0, 1, 2, 3].map((p) =>
        run(process.execPath, ['--import', 'tsx', script, dir, startAt, String((p * N) / 4)], {
          cwd: root,
        }),
      ),
    );
    const wins = outs.flatMap((o) => JSON.parse(o.stdout) as number[]);
    expect(wins.sort((x, y) => x - y)).toEqual(Array.from({ length: N }, (_, i) => i));
  });
});
