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
    // ioredis prints the URL's password nowhere, but its errors name host and port only; keep it so.
    showFriendlyErrorStack: false,
  };
  if (opts.forBullmq) return { ...common, maxRetriesPerRequest: null, enableReadyCheck: false };
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
// ARGV[1] = '1' when KEYS[1] is the guard key. Then, per op key, ARGV holds 'd' (delete),
// or 's' (set without ttl) or a ttl in ms, followed by the value.
const WRITE = `local guarded = ARGV[1] == '1'
local first = 1
if guarded then
  if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
  first = 2
end
local i = 2
for k = first, #KEYS do
  local kind = ARGV[i]
  if kind == 'd' then
    redis.call('DEL', KEYS[k])
    i = i + 1
  elseif kind == 's' then
    redis.call('SET', KEYS[k], ARGV[i + 1])
    i = i + 2
  else
    redis.call('SET', KEYS[k], ARGV[i + 1], 'PX', kind)
    i = i + 2
  end
end
return 1`;

interface StoreCommands {
  shenbaoAcquire(key: string, owner: string, ttl: number): Promise<number>;
  shenbaoRelease(key: string, owner: string): Promise<number>;
  shenbaoWrite(numKeys: number, ...args: Array<string | number>): Promise<number>;
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
      if (ttl === undefined) await client.set(kv + key, encode(value));
      else await client.set(kv + key, encode(value), 'PX', ttl);
    },
    async delete(key) {
      return (await client.del(kv + key)) > 0;
    },
    async setIfAbsent(key, value, ttlMs) {
      const ttl = checkTtl(ttlMs);
      const reply = ttl === undefined ? await client.set(kv + key, encode(value), 'NX') : await client.set(kv + key, encode(value), 'PX', ttl, 'NX');
      return reply === 'OK';
    },
    async keys(prefixOfKeys) {
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
        keys.push(kv + op.key);
        if ('delete' in op) args.push('d');
        else args.push(checkTtl(op.ttlMs) ?? 's', encode(op.value));
      }
      return (await cmd.shenbaoWrite(keys.length, ...keys, ...args)) === 1;
    },
    async probe() {
      const token = randomUUID();
      await client.set(`${prefix}health:probe`, token, 'PX', 60_000);
      if ((await client.get(`${prefix}health:probe`)) !== token) throw new Error('store probe read back something else');
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
  return store;
}
