import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import Keyv, { type KeyvStoreAdapter, type StoredData } from 'keyv';
import { checkTtl, expiryFor, type Store } from './store.js';

export const SQLITE_FILE = 'shenbao.sqlite';
const PURGE_INTERVAL_MS = 60_000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires INTEGER) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS kv_expires ON kv (expires) WHERE expires IS NOT NULL;
CREATE TABLE IF NOT EXISTS lease (name TEXT PRIMARY KEY, owner TEXT NOT NULL, expires INTEGER NOT NULL) WITHOUT ROWID;
`;

// A row is live while `expires IS NULL OR expires > now`. Every read filters on that, so expired
// rows are absent even before a purge removes them.
function prepare(db: Database.Database) {
  return {
    get: db.prepare<[string, number], { value: string }>('SELECT value FROM kv WHERE key = ? AND (expires IS NULL OR expires > ?)'),
    set: db.prepare<[string, string, number | null]>(
      `INSERT INTO kv (key, value, expires) VALUES (?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires = excluded.expires`,
    ),
    setIfAbsent: db.prepare<{ key: string; value: string; expires: number | null; now: number }>(
      `INSERT INTO kv (key, value, expires) VALUES (@key, @value, @expires)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires = excluded.expires
       WHERE kv.expires IS NOT NULL AND kv.expires <= @now`,
    ),
    delete: db.prepare<[string, number]>('DELETE FROM kv WHERE key = ? AND (expires IS NULL OR expires > ?)'),
    clear: db.prepare('DELETE FROM kv'),
    keysFrom: db.prepare<[string, number], { key: string }>('SELECT key FROM kv WHERE key >= ? AND (expires IS NULL OR expires > ?) ORDER BY key'),
    acquireLease: db.prepare<{ name: string; owner: string; expires: number; now: number }>(
      `INSERT INTO lease (name, owner, expires) VALUES (@name, @owner, @expires)
       ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, expires = excluded.expires
       WHERE lease.owner = excluded.owner OR lease.expires <= @now`,
    ),
    releaseLease: db.prepare<[string, string]>('DELETE FROM lease WHERE name = ? AND owner = ?'),
    leaseOwner: db.prepare<[string, number], { owner: string }>('SELECT owner FROM lease WHERE name = ? AND expires > ?'),
    purgeKv: db.prepare<[number]>('DELETE FROM kv WHERE expires IS NOT NULL AND expires <= ?'),
    purgeLeases: db.prepare<[number]>('DELETE FROM lease WHERE expires <= ?'),
  };
}
type Statements = ReturnType<typeof prepare>;

/** keyv storage adapter over the `kv` table. keyv hands it already-serialized strings. */
class SqliteKeyvAdapter implements KeyvStoreAdapter {
  opts = { dialect: 'better-sqlite3' };
  namespace?: string;
  constructor(
    private readonly st: Statements,
    private readonly onWrite: () => void,
  ) {}
  on() {
    return this;
  }
  async get<Value>(key: string): Promise<StoredData<Value> | undefined> {
    return this.st.get.get(key, Date.now())?.value as StoredData<Value> | undefined;
  }
  async set(key: string, value: string, ttl?: number): Promise<boolean> {
    this.st.set.run(key, value, ttl ? Date.now() + ttl : null);
    this.onWrite();
    return true;
  }
  async delete(key: string): Promise<boolean> {
    return this.st.delete.run(key, Date.now()).changes > 0;
  }
  async clear(): Promise<void> {
    this.st.clear.run();
  }
}

/**
 * Opens (creating if needed) `<dir>/shenbao.sqlite` in WAL mode. Several processes may open the
 * same file: setIfAbsent and acquireLease are single upsert statements, atomic in SQLite.
 */
export async function openSqliteStore(dir: string): Promise<Store> {
  mkdirSync(dir, { recursive: true });
  const db = new Database(path.join(dir, SQLITE_FILE), { timeout: 5000 });
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec(SCHEMA);
  const st = prepare(db);

  let lastPurge = 0;
  const maybePurge = () => {
    const now = Date.now();
    if (now - lastPurge < PURGE_INTERVAL_MS) return;
    lastPurge = now;
    st.purgeKv.run(now);
    st.purgeLeases.run(now);
  };
  maybePurge();

  const batch = db.transaction((unlessPresent: string | undefined, rows: Array<{ key: string; text?: string; expires?: number | null }>, now: number) => {
    if (unlessPresent !== undefined && st.get.get(unlessPresent, now)) return false;
    for (const row of rows) {
      if (row.text === undefined) st.delete.run(row.key, 0);
      else st.set.run(row.key, row.text, row.expires ?? null);
    }
    return true;
  });

  // Plain JSON instead of keyv's default serializer (which rewrites strings starting with ':'),
  // so that rows written by setIfAbsent below and by keyv share one format: {"value":…,"expires":…}.
  const keyv = new Keyv(new SqliteKeyvAdapter(st, maybePurge), {
    useKeyPrefix: false,
    throwOnErrors: true,
    serialize: (data) => JSON.stringify(data),
    deserialize: (text) => JSON.parse(text),
  });

  return {
    async get<T>(key: string) {
      return (await keyv.get(key)) as T | undefined;
    },
    async set(key, value, ttlMs) {
      await keyv.set(key, value, checkTtl(ttlMs));
    },
    async delete(key) {
      return keyv.delete(key);
    },
    async setIfAbsent(key, value, ttlMs) {
      const now = Date.now();
      const expires = expiryFor(ttlMs, now);
      const text = JSON.stringify({ value, expires: expires ?? undefined });
      const stored = st.setIfAbsent.run({ key, value: text, expires, now }).changes === 1;
      maybePurge();
      return stored;
    },
    async keys(prefix) {
      const out: string[] = [];
      for (const { key } of st.keysFrom.iterate(prefix, Date.now())) {
        if (!key.startsWith(prefix)) break;
        out.push(key);
      }
      return out.sort();
    },
    async acquireLease(name, owner, ttlMs) {
      const now = Date.now();
      const expires = expiryFor(ttlMs, now)!;
      return st.acquireLease.run({ name, owner, expires, now }).changes === 1;
    },
    async releaseLease(name, owner) {
      st.releaseLease.run(name, owner);
    },
    async leaseOwner(name) {
      return st.leaseOwner.get(name, Date.now())?.owner;
    },
    async write(ops, opts = {}) {
      const now = Date.now();
      for (const op of ops) if (!('delete' in op)) checkTtl(op.ttlMs);
      const rows = ops.map((op) =>
        'delete' in op
          ? { key: op.key }
          : { key: op.key, text: JSON.stringify({ value: op.value, expires: expiryFor(op.ttlMs, now) ?? undefined }), expires: expiryFor(op.ttlMs, now) },
      );
      const applied = batch(opts.unlessPresent, rows, now);
      maybePurge();
      return applied;
    },
    async probe() {
      const now = Date.now();
      st.set.run('health:probe', JSON.stringify({ value: now }), null);
      if (st.get.get('health:probe', now)?.value === undefined) throw new Error('store probe read back nothing');
    },
    async close() {
      if (db.open) db.close();
    },
  };
}
