import { randomUUID } from 'node:crypto';
import type { Channel } from '../../handlers/types.js';
import type { Store } from '../store/store.js';

/**
 * A persisted delivery job: one entry per recipient, so a crash or kill -9 resumes where it
 * stopped. Reminders and broadcasts both go through here.
 */
export interface Job {
  id: string;
  kind: 'broadcast' | 'reminder';
  createdAt: number;
  /** Who asked (staff), for the audit log and the progress message. */
  by?: { channel: Channel; userId: string; chatId: string };
  audience?: string;
  text?: string;
  total: number;
  status: 'queued' | 'running' | 'done';
  counts: { sent: number; inactive: number; failed: number };
  failed?: string[];
  /** When its entries were last handed to the BullMQ queue (REDIS_URL deployments). */
  enqueuedAt?: number;
  /** The live status message in the staff chat, once sent. */
  progress?: { messageId: string };
  finishedAt?: number;
}

export interface Entry {
  channel: Channel;
  chatId: string;
  text: string;
  /** Idempotency key: the same on every retry and after a restart. */
  key: string;
  status: 'pending' | 'sending' | 'sent' | 'inactive' | 'failed';
  attempts: number;
  /** When it was first tried: an outage is retried for a while from then. */
  firstTriedAt?: number;
  error?: string;
}

const pad = (n: number) => String(n).padStart(6, '0');
export const jobKey = (id: string) => `job:${id}`;
/**
 * A job's kind from one of its entry keys (`${jobId}:${n}`): reminder ids start with "r" (random
 * ones "r…", derived ones "rem-…"), broadcast ids with "b" (see createJob and the reminder scheduler).
 */
export const kindOfEntryKey = (key: string): Job['kind'] => (key.startsWith('r') ? 'reminder' : 'broadcast');
const entryPrefix = (id: string) => `outbox:${id}:`;

export async function createJob(
  store: Store,
  init: Omit<Job, 'id' | 'total' | 'status' | 'counts'> & { id?: string },
  recipients: Array<{ channel: Channel; chatId: string; text: string }>,
): Promise<Job> {
  if (init.id !== undefined) return createOnce(store, { ...init, id: init.id }, recipients);
  const id = `${init.kind === 'reminder' ? 'r' : 'b'}${init.createdAt.toString(36)}${randomUUID().slice(0, 6)}`;
  // Entries first, the job record last: a job that exists always has all its entries.
  await Promise.all(
    recipients.map((r, i) => store.set(`${entryPrefix(id)}${pad(i)}`, { ...r, key: `${id}:${pad(i)}`, status: 'pending', attempts: 0 } satisfies Entry)),
  );
  const job: Job = { ...init, id, total: recipients.length, status: recipients.length ? 'queued' : 'done', counts: { sent: 0, inactive: 0, failed: 0 } };
  await store.set(jobKey(id), job);
  if (recipients.length) await store.set(openKey(id), 1);
  return job;
}

/**
 * A job whose id is derived (a reminder's from chat, deadline and offset) is created in one atomic
 * write, only if no job of that id exists: two instances deriving it at once create it once.
 */
async function createOnce(
  store: Store,
  init: Omit<Job, 'id' | 'total' | 'status' | 'counts'> & { id: string },
  recipients: Array<{ channel: Channel; chatId: string; text: string }>,
): Promise<Job> {
  const { id } = init;
  const job: Job = { ...init, total: recipients.length, status: recipients.length ? 'queued' : 'done', counts: { sent: 0, inactive: 0, failed: 0 } };
  const ops = recipients.map((r, i) => ({
    key: `${entryPrefix(id)}${pad(i)}`,
    value: { ...r, key: `${id}:${pad(i)}`, status: 'pending', attempts: 0 } satisfies Entry,
  }));
  const applied = await store.write([...ops, { key: jobKey(id), value: job }, ...(recipients.length ? [{ key: openKey(id), value: 1 }] : [])], {
    unlessPresent: jobKey(id),
  });
  return applied ? job : ((await store.get<Job>(jobKey(id))) ?? job);
}

/** Unfinished jobs are indexed apart, so the worker never scans the finished ones. */
const openKey = (id: string) => `openjob:${id}`;

export async function openJobs(store: Store): Promise<Job[]> {
  const ids = (await store.keys('openjob:')).map((k) => k.slice('openjob:'.length));
  const jobs = await Promise.all(ids.map((id) => store.get<Job>(jobKey(id))));
  return jobs.filter((j): j is Job => !!j && j.status !== 'done');
}

export async function finishJob(store: Store, job: Job): Promise<void> {
  await store.set(jobKey(job.id), job);
  await store.delete(openKey(job.id));
}

export async function listJobs(store: Store): Promise<Job[]> {
  const jobs = await Promise.all((await store.keys('job:')).map((k) => store.get<Job>(k)));
  return jobs.filter((j): j is Job => !!j);
}

export async function entriesOf(store: Store, id: string): Promise<Array<[string, Entry]>> {
  const keys = await store.keys(entryPrefix(id));
  const entries = await Promise.all(keys.map(async (k) => [k, await store.get<Entry>(k)] as const));
  return entries.filter((e): e is [string, Entry] => !!e[1]);
}
