import { existsSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { SQLITE_FILE } from './sqlite-store.js';
import type { Store, WriteOp } from './store.js';

export class MigrateError extends Error {}

export interface FamilyCount {
  /** Live keys of this family read from SQLite and written. */
  copied: number;
  /** Of those, found in the target afterwards (a key whose TTL ran out meanwhile counts as found). */
  verified: number;
}

export interface MigrateResult {
  from: string;
  keys: number;
  /** Per key family: the key up to its first ":" ("chat", "intake", "audit", …). */
  families: Record<string, FamilyCount>;
  /** Rows already expired in SQLite: not copied. */
  expired: number;
  /** Leases are not copied: a holder must renew in the new store anyway. */
  leasesSkipped: number;
  ok: boolean;
}

const BATCH = 500;
const familyOf = (key: string) => key.split(':', 1)[0]!;

/**
 * Copies every live key of the SQLite store in `dataDir` into `target`, each with its remaining
 * TTL, in atomic batches, then reads the target's keys back and compares the counts per family.
 * Read from the file directly (read-only): the Store interface has no way to read a TTL.
 */
export async function migrateSqliteStore(dataDir: string, target: Store, opts: { now?: () => number } = {}): Promise<MigrateResult> {
  const now = opts.now ?? Date.now;
  const file = path.join(dataDir, SQLITE_FILE);
  if (!existsSync(file)) throw new MigrateError(`找不到 SQLite 数据库文件 ${file}（DATA_DIR 是否正确？）`);
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
  } catch (error) {
    throw new MigrateError(`无法打开 SQLite 数据库 ${file}：${(error as Error).message.split('\n')[0]}`);
  }
  const families: Record<string, FamilyCount> = {};
  const copied = new Map<string, number | null>(); // key → absolute expiry
  let expired = 0;
  let leasesSkipped = 0;
  try {
    const start = now();
    const rows = db.prepare<[], { key: string; value: string; expires: number | null }>('SELECT key, value, expires FROM kv ORDER BY key').iterate();
    let ops: WriteOp[] = [];
    for (const row of rows) {
      if (row.expires !== null && row.expires <= start) {
        expired++;
        continue;
      }
      const { value } = JSON.parse(row.value) as { value?: unknown };
      const ttlMs = row.expires === null ? undefined : Math.max(1, row.expires - now());
      ops.push(ttlMs === undefined ? { key: row.key, value } : { key: row.key, value, ttlMs });
      copied.set(row.key, row.expires);
      const family = (families[familyOf(row.key)] ??= { copied: 0, verified: 0 });
      family.copied++;
      if (ops.length >= BATCH) {
        await target.write(ops);
        ops = [];
      }
    }
    if (ops.length) await target.write(ops);
    leasesSkipped = (db.prepare('SELECT count(*) AS n FROM lease WHERE expires > ?').get(now()) as { n: number } | undefined)?.n ?? 0;
  } finally {
    db.close();
  }

  for (const family of Object.keys(families)) {
    // Without the ":" so that a key that has none ("family" itself) is listed too.
    const present = new Set(await target.keys(family));
    const at = now();
    for (const [key, expires] of copied) {
      if (familyOf(key) !== family) continue;
      if (present.has(key) || (expires !== null && expires <= at)) families[family]!.verified++;
    }
  }
  const ok = Object.values(families).every((f) => f.copied === f.verified);
  return { from: file, keys: copied.size, families, expired, leasesSkipped, ok };
}
