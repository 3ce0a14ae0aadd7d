import { randomUUID } from 'node:crypto';
import { Redis, type RedisOptions } from 'ioredis';
import { checkTtl, type Store, type WriteOp } from './store.js';

/** Default namespace of every key this store writes, so that several deployments can share one Redis. */
export const DEFAULT_REDIS_PREFIX = 'shenbao:';

/**
 * Connection options. For the store, a command fails fast while Redis is down (one retry, at most
 * 1 s between reconnects, 3 s per command) so a webhook answers 503 instead of hanging; measured
 * in test/store/redis-store.test.ts. BullMQ needs `maxRetriesPerRequest: null` on its own
 * connections: pass `{ forBullmq: true }`.
 */
export function redisOptions(opts: { forBullmq?: boolean } = {}): RedisOptions {
  const common: RedisOptions = {
    connectTimeout: 2_000,
    retryStrategy: (times) => Math.min(times * 100, 1_000),
  };
  // No commandTimeout for BullMQ: its workers wait in blocking commands.
  if (opts.forBullmq) return { ...common, maxRetriesPerRequest: null };
  return { ...common, maxRetriesPerRequest: 1, commandTimeout: 3_000 };
}

// Lua: atomic on the server. KEYS[1] is the lease key.
const ACQUIRE = `local cur = redis.call('GET', KEYS[1])
if cur == false or cur == ARGV[1] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
return 0`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 0`;
// ARGV[1] = '1' when KEYS[1] is the guard key. Then two KEYS per op (its key, and the index it
// is listed in, or the key again when none) and three ARGV: 'd' (delete), 's' (set without ttl) or
// a ttl in ms; the value ('' for a delete); the index member ('' when not listed).
const WRITE = `local k = 1
if ARGV[1] == '1' then
  if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
  k = 2
end
local i = 2
while k <= #KEYS do
  local kind, value, member = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  if kind == 'd' then
    redis.call('DEL', KEYS[k])
    if member ~= '' then redis.call('ZREM', KEYS[k + 1], member) end
  else
    if kind == 's' then redis.call('SET', KEYS[k], value) else redis.call('SET', KEYS[k], value, 'PX', kind) end
    if member ~= '' then redis.call('ZADD', KEYS[k + 1], 0, member) end
  end
  k = k + 2
  i = i + 3
end
return 1`;
const DELETE = `local n = redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[1])
return n`;
// Drops an index member whose key has gone (expired), unless it is back.
const PRUNE = `if redis.call('EXISTS', KEYS[1]) == 0 then redis.call('ZREM', KEYS[2], ARGV[1]) end
return 0`;

interface StoreCommands {
  shenbaoAcquire(key: string, owner: string, ttl: number): Promise<number>;
  shenbaoRelease(key: string, owner: string): Promise<number>;
  shenbaoWrite(numKeys: number, ...args: Array<string | number>): Promise<number>;
  shenbaoDelete(key: string, index: string, member: string): Promise<number>;
  shenbaoPrune(key: string, index: string, member: string): Promise<number>;
}

// A value of undefined is not JSON; it is stored as '' and reads back as undefined (as in SQLite).
const encode = (value: unknown): string => JSON.stringify(value) ?? '';
const decode = <T>(text: string | null): T | undefined => (text === null || text === '' ? undefined : (JSON.parse(text) as T));
/** SCAN MATCH treats * ? [ ] and \ as glob syntax. */
const escapeGlob = (s: string) => s.replace(/[*?[\]\\]/g, '\\$&');

export interface RedisStoreOptions {
  /** Namespace of every key (default "shenbao:"). */
  prefix?: string;
  /** Called on connection errors (ioredis otherwise prints them to stderr). */
  onError?: (error: Error) => void;
  /**
   * Key prefixes listed often and by a longer prefix (the intake's per-chat index): their keys are
   * also kept in a sorted set, so that `keys(p)` for a p within one of them reads that set instead
   * of a SCAN of the whole keyspace (which costs about 0.6 ms per 1,000 keys, per call).
   */
  indexed?: string[];
}

/** The Store on Redis: values are JSON strings, TTLs are PX, leases and batches are Lua scripts. */
export async function openRedisStore(url: string, opts: RedisStoreOptions = {}): Promise<Store & { client: Redis }> {
  const prefix = opts.prefix ?? DEFAULT_REDIS_PREFIX;
  const kv = `${prefix}kv:`;
  const lease = `${prefix}lease:`;
  const client = new Redis(url, { ...redisOptions(), lazyConnect: true });
  let lastError: Error | undefined;
  client.on('error', (error: Error) => {
    lastError = error;
    opts.onError?.(error);
  });
  client.defineCommand('shenbaoAcquire', { numberOfKeys: 1, lua: ACQUIRE });
  client.defineCommand('shenbaoRelease', { numberOfKeys: 1, lua: RELEASE });
  client.defineCommand('shenbaoWrite', { lua: WRITE });
  client.defineCommand('shenbaoDelete', { numberOfKeys: 2, lua: DELETE });
  client.defineCommand('shenbaoPrune', { numberOfKeys: 2, lua: PRUNE });
  const indexed = opts.indexed ?? [];
  /** The sorted set listing `key`, if its prefix is indexed. */
  const indexOf = (key: string) => {
    const p = indexed.find((x) => key.startsWith(x));
    return p === undefined ? undefined : `${prefix}idx:${p}`;
  };
  const cmd = client as unknown as StoreCommands;
  try {
    await client.connect();
  } catch (error) {
    client.disconnect();
    // "Connection is closed" says less than the socket error before it (ECONNREFUSED, ENOTFOUND…).
    throw lastError ?? error;
  }

  const store: Store & { client: Redis } = {
    client,
    async get<T>(key: string) {
      return decode<T>(await client.get(kv + key));
    },
    async set(key, value, ttlMs) {
      const ttl = checkTtl(ttlMs);
      if (indexOf(key)) await store.write([{ key, value, ...(ttl !== undefined && { ttlMs: ttl }) }]);
      else if (ttl === undefined) await client.set(kv + key, encode(value));
      else await client.set(kv + key, encode(value), 'PX', ttl);
    },
    async delete(key) {
      const index = indexOf(key);
      return (index ? await cmd.shenbaoDelete(kv + key, index, key) : await client.del(kv + key)) > 0;
    },
    async setIfAbsent(key, value, ttlMs) {
      const ttl = checkTtl(ttlMs);
      if (indexOf(key)) return store.write([{ key, value, ...(ttl !== undefined && { ttlMs: ttl }) }], { unlessPresent: key });
      const reply = ttl === undefined ? await client.set(kv + key, encode(value), 'NX') : await client.set(kv + key, encode(value), 'PX', ttl, 'NX');
      return reply === 'OK';
    },
    async keys(prefixOfKeys) {
      const index = indexOf(prefixOfKeys);
      if (index) return listIndexed(index, prefixOfKeys);
      const found = new Set<string>();
      const match = `${escapeGlob(kv + prefixOfKeys)}*`;
      let cursor = '0';
      do {
        const [next, batch] = await client.scan(cursor, 'MATCH', match, 'COUNT', 1000);
        for (const k of batch) found.add(k.slice(kv.length));
        cursor = next;
      } while (cursor !== '0');
      return [...found].sort();
    },
    async acquireLease(name, owner, ttlMs) {
      const ttl = checkTtl(ttlMs);
      if (ttl === undefined) throw new RangeError('ttlMs is required for a lease');
      return (await cmd.shenbaoAcquire(lease + name, owner, ttl)) === 1;
    },
    async releaseLease(name, owner) {
      await cmd.shenbaoRelease(lease + name, owner);
    },
    async leaseOwner(name) {
      return (await client.get(lease + name)) ?? undefined;
    },
    async write(ops: WriteOp[], writeOpts = {}) {
      const keys: string[] = [];
      const args: Array<string | number> = [writeOpts.unlessPresent === undefined ? '0' : '1'];
      if (writeOpts.unlessPresent !== undefined) keys.push(kv + writeOpts.unlessPresent);
      for (const op of ops) {
        const index = indexOf(op.key);
        keys.push(kv + op.key, index ?? kv + op.key);
        if ('delete' in op) args.push('d', '');
        else args.push(checkTtl(op.ttlMs) ?? 's', encode(op.value));
        args.push(index ? op.key : '');
      }
      return (await cmd.shenbaoWrite(keys.length, ...keys, ...args)) === 1;
    },
    async probe() {
      // A key of its own per probe: two instances probing one Redis at the same moment (both starting)
      // must not read back each other's token.
      const token = randomUUID();
      const key = `${prefix}health:probe:${token}`;
      await client.set(key, token, 'PX', 10_000);
      if ((await client.get(key)) !== token) throw new Error('store probe read back something else');
      await client.del(key);
    },
    async close() {
      if (client.status === 'end') return;
      try {
        await client.quit();
      } catch {
        client.disconnect();
      }
    },
  };

  /** The listed keys starting with `p` (sorted set by name), without those gone (expired), which are dropped from the set. */
  async function listIndexed(index: string, p: string): Promise<string[]> {
    const from = Buffer.from(`[${p}`);
    // UTF-8 never has a 0xff byte: every key starting with p sorts below p + 0xff.
    const members = await client.zrangebylex(index, from, Buffer.concat([from, Buffer.from([0xff])]));
    if (!members.length) return [];
    const exists = await client.pipeline(members.map((m) => ['exists', kv + m])).exec();
    const gone = members.filter((_, i) => exists?.[i]?.[1] === 0);
    for (const m of gone) await cmd.shenbaoPrune(kv + m, index, m);
    return members.filter((_, i) => exists?.[i]?.[1] !== 0).sort();
  }
  return store;
}
