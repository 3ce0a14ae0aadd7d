/**
 * The project's key-value store. Values are JSON (what JSON.stringify/parse round-trip).
 * `ttlMs`, when given, must be a positive finite number of milliseconds; omitted = never expires.
 * Expired entries are treated as absent by every method.
 */
export interface Store {
  get<T = unknown>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown, ttlMs?: number): Promise<void>;
  delete(key: string): Promise<boolean>;
  /** Atomic: stores value only if key is absent (or expired). true = this caller stored it. */
  setIfAbsent(key: string, value: unknown, ttlMs?: number): Promise<boolean>;
  /** Keys (unexpired) starting with prefix, sorted. */
  keys(prefix: string): Promise<string[]>;
  /** Atomic lease: acquire or renew `name` for `owner` if free, expired or already held by owner. */
  acquireLease(name: string, owner: string, ttlMs: number): Promise<boolean>;
  releaseLease(name: string, owner: string): Promise<void>;
  /** Who holds `name` now (unexpired), if anyone. */
  leaseOwner(name: string): Promise<string | undefined>;
  /**
   * Atomic batch: every op is applied, or none. With `unlessPresent`, nothing is applied when
   * that key is live (set-if-absent of a whole batch). true = applied.
   */
  write(ops: WriteOp[], opts?: { unlessPresent?: string }): Promise<boolean>;
  /** A real write and read back (for /healthz): throws when the store cannot write. */
  probe(): Promise<void>;
  close(): Promise<void>;
}

/** One write of a batch: set (with an optional ttl) or delete. */
export type WriteOp = { key: string; value: unknown; ttlMs?: number } | { key: string; delete: true };

/** Validates a ttl (positive, finite; rounded up to whole ms). undefined = no expiry. */
export function checkTtl(ttlMs: number | undefined): number | undefined {
  if (ttlMs === undefined) return undefined;
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new RangeError(`ttlMs must be a positive finite number, got ${ttlMs}`);
  }
  return Math.ceil(ttlMs);
}

/** Absolute expiry time (ms since epoch) for a ttl, or null for none. */
export function expiryFor(ttlMs: number | undefined, now: number): number | null {
  const ttl = checkTtl(ttlMs);
  return ttl === undefined ? null : now + ttl;
}
