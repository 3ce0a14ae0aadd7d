import { randomUUID } from 'node:crypto';
import type { Store } from './store/store.js';

/** One staff action (or a refused attempt): who, when, what, the audience and the counts. */
export interface AuditEntry {
  at: number;
  action: string;
  [detail: string]: unknown;
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
/** Keeps entries of the same millisecond in the order they were made. */
let sequence = 0;

export async function recordAudit(store: Store, entry: AuditEntry): Promise<void> {
  const op = auditOp(entry);
  await store.set(op.key, op.value);
}

/** The write that records `entry`, to go into a larger atomic write. */
export function auditOp(entry: AuditEntry): { key: string; value: AuditEntry } {
  sequence = (sequence + 1) % 1_000_000;
  return { key: `audit:${pad(entry.at, 15)}:${pad(sequence, 6)}:${randomUUID().slice(0, 8)}`, value: entry };
}

/** Oldest first (a per-minute refusal row sorts at its minute's start). */
export async function listAudit(store: Store, limit = 200): Promise<AuditEntry[]> {
  const keys = (await store.keys('audit:')).slice(-limit);
  const entries = await Promise.all(keys.map((k) => store.get<AuditEntry>(k)));
  return entries.filter((e): e is AuditEntry => !!e);
}

/** Refused attempts are kept this long (staff actions are kept for good). */
export const REFUSAL_RETENTION_MS = 30 * 86_400_000;
/** Distinct sources counted apart per minute; beyond this they share one row (a botnet makes no more rows than this). */
const SOURCES_PER_MINUTE = 50;

type Counted = { count: number; written: number; row: Record<string, unknown> };
/** Per process and store: this minute's refusals per source (count, and what its row says). */
const counters = new WeakMap<Store, { minute: number; bySource: Map<string, Counted> }>();

const refusalKey = (minute: number, bucket: string) => `audit:${pad(minute * 60_000, 15)}:refused:${bucket.replace(/[^0-9A-Za-z.:_|-]/g, '_')}`;

async function writeRefusal(store: Store, minute: number, bucket: string, entry: Counted) {
  const key = refusalKey(minute, bucket);
  entry.written = entry.count;
  const previous = await store.get<{ count?: number }>(key);
  if ((previous?.count ?? 0) < entry.count) await store.set(key, { ...entry.row, count: entry.count }, REFUSAL_RETENTION_MS);
}

/**
 * A refused request (no session, a bad sign-in link) as one audit row per reason, source and minute, with
 * its count, kept for REFUSAL_RETENTION_MS. The row is written at the 1st, 2nd, 4th, 8th… refusal
 * of that minute, and with its final count when the next minute's first refusal comes: a flood of
 * 20,000 requests makes about 15 writes and one row, not 20,000 rows. Instances sharing the store
 * count apart; the row shows the largest of their counts.
 */
export async function recordRefusal(store: Store, entry: { at: number; source: string; reason: string; path: string; method?: string }): Promise<void> {
  const minute = Math.floor(entry.at / 60_000);
  let refusals = counters.get(store);
  if (!refusals) counters.set(store, (refusals = { minute, bySource: new Map() }));
  if (minute !== refusals.minute) {
    const last = { minute: refusals.minute, bySource: [...refusals.bySource] };
    refusals.minute = minute;
    refusals.bySource = new Map();
    for (const [bucket, e] of last.bySource) if (e.written < e.count) await writeRefusal(store, last.minute, bucket, e);
  }
  const known = [...refusals.bySource.keys()].some((b) => b.endsWith(`|${entry.source}`));
  const source = known || refusals.bySource.size < SOURCES_PER_MINUTE ? entry.source : 'other';
  const bucket = `${entry.reason}|${source}`;
  let e = refusals.bySource.get(bucket);
  if (!e) {
    e = {
      count: 0,
      written: 0,
      row: {
        at: entry.at,
        action: 'staff:refused',
        source,
        reason: entry.reason,
        path: entry.path,
        ...(entry.method && { method: entry.method }),
        perMinute: true,
      },
    };
    refusals.bySource.set(bucket, e);
  }
  e.count++;
  // A power of two: 1, 2, 4, 8…
  if ((e.count & (e.count - 1)) === 0) await writeRefusal(store, minute, bucket, e);
}
