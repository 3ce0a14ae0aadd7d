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

/** Oldest first. */
export async function listAudit(store: Store, limit = 200): Promise<AuditEntry[]> {
  const keys = (await store.keys('audit:')).slice(-limit);
  const entries = await Promise.all(keys.map((k) => store.get<AuditEntry>(k)));
  return entries.filter((e): e is AuditEntry => !!e);
}
