import { checkTtl, expiryFor, type Store } from './store.js';

interface Entry {
  json: string | undefined; // undefined: value was undefined (not JSON), reads back as undefined
  expires: number | null;
}

/** In-memory Store for unit tests. `now` lets a test drive the clock. */
export function createMemoryStore(opts: { now?: () => number } = {}): Store {
  const now = opts.now ?? Date.now;
  const data = new Map<string, Entry>();
  const leases = new Map<string, { owner: string; expires: number }>();
  const live = (key: string): Entry | undefined => {
    const e = data.get(key);
    if (e && e.expires !== null && e.expires <= now()) {
      data.delete(key);
      return undefined;
    }
    return e;
  };
  const put = (key: string, value: unknown, ttlMs?: number) => {
    data.set(key, { json: JSON.stringify(value) as string | undefined, expires: expiryFor(ttlMs, now()) });
  };

  return {
    async get<T>(key: string) {
      const e = live(key);
      return e?.json === undefined ? undefined : (JSON.parse(e.json) as T);
    },
    async set(key, value, ttlMs) {
      put(key, value, ttlMs);
    },
    async delete(key) {
      return live(key) !== undefined && data.delete(key);
    },
    async setIfAbsent(key, value, ttlMs) {
      if (live(key)) return false;
      put(key, value, ttlMs);
      return true;
    },
    async keys(prefix) {
      return [...data.keys()].filter((k) => k.startsWith(prefix) && live(k)).sort();
    },
    async acquireLease(name, owner, ttlMs) {
      const t = now();
      const cur = leases.get(name);
      if (cur && cur.owner !== owner && cur.expires > t) return false;
      leases.set(name, { owner, expires: expiryFor(ttlMs, t)! });
      return true;
    },
    async releaseLease(name, owner) {
      if (leases.get(name)?.owner === owner) leases.delete(name);
    },
    async leaseOwner(name) {
      const cur = leases.get(name);
      return cur && cur.expires > now() ? cur.owner : undefined;
    },
    async write(ops, opts = {}) {
      if (opts.unlessPresent !== undefined && live(opts.unlessPresent)) return false;
      for (const op of ops) if (!('delete' in op)) checkTtl(op.ttlMs);
      for (const op of ops) {
        if ('delete' in op) data.delete(op.key);
        else put(op.key, op.value, op.ttlMs);
      }
      return true;
    },
    async probe() {
      put('health:probe', now());
    },
    async close() {},
  };
}
