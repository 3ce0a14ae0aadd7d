// Delivery on BullMQ against a real redis-server (doubles/redis-server.ts) and a real store (the
// SQLite file, and the Redis store as a REDIS_URL deployment has it): one
// BullMQ job per outbox entry, sent once however often it is enqueued and by however many
// instances, 429 waits honoured, outages backed off and then failed (kept in BullMQ's failed set),
// and a job nobody enqueued picked up by the sweep.
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../../src/audit.js';
import { BullDelivery, failedSends, QUEUE_PREFIX, queueName, sendJobId } from '../../src/delivery/bull-delivery.js';
import { createJob, entriesOf, jobKey, openJobs, type Job } from '../../src/delivery/outbox.js';
import { openRedisStore } from '../../src/store/redis-store.js';
import type { Store } from '../../src/store/store.js';
import { startRedis, type RedisServer } from '../../doubles/redis-server.js';
import { fakeSender, memoryLogger, tempStore } from './helpers.js';

let server: RedisServer;
let store: Store;
const connections: Redis[] = [];
const deliveries: BullDelivery[] = [];

beforeAll(async () => {
  server = await startRedis();
});
afterEach(async () => {
  for (const d of deliveries.splice(0)) await d.stop();
  for (const c of connections.splice(0)) c.disconnect();
  await store?.close();
});
afterAll(async () => {
  await server?.stop();
});

let prefixSeq = 0;
function connect(): Redis {
  const redis = new Redis(server.url, { maxRetriesPerRequest: null });
  connections.push(redis);
  return redis;
}

function delivery(prefix: string, o: Partial<ConstructorParameters<typeof BullDelivery>[0]> = {}) {
  const d = new BullDelivery({ connection: connect(), store, logger: memoryLogger().logger, prefix, concurrency: 8, ...o });
  deliveries.push(d);
  return d;
}

const staff = { channel: 'telegram' as const, userId: '9', chatId: '9' };
const recipients = (n: number) => Array.from({ length: n }, (_, i) => ({ channel: 'telegram' as const, chatId: String(1000 + i), text: `通知 ${i}` }));

let storeKind: 'sqlite' | 'redis' = 'sqlite';
async function freshStore(): Promise<Store> {
  if (storeKind === 'sqlite') return (await tempStore()).store;
  return openRedisStore(server.url, { prefix: `store${++prefixSeq}:` });
}

async function broadcast(n: number): Promise<Job> {
  store = await freshStore();
  return createJob(store, { kind: 'broadcast', createdAt: Date.now(), by: staff, audience: 'all', text: '通知' }, recipients(n));
}

async function until(what: string, probe: () => Promise<boolean>, timeoutMs = 20_000) {
  const end = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
const finished = (id: string) => async () => (await store.get<Job>(jobKey(id)))?.status === 'done';

describe.each(['sqlite', 'redis'] as const)('delivery on BullMQ, the outbox in the %s store', (kind) => {
  beforeAll(() => {
    storeKind = kind;
  });

  it('sends every entry once across two instances, counts them, reports and audits the finish; failed sends stay in the failed set', async () => {
    const j = await broadcast(60);
    const prefix = `p${++prefixSeq}`;
    const behave = (chatId: string) =>
      chatId === '1003'
        ? ({ status: 'inactive', error: '403 blocked' } as const)
        : chatId === '1007'
          ? ({ status: 'failed', error: '400 chat not found' } as const)
          : ({ status: 'sent' } as const);
    const a = fakeSender('telegram', behave);
    const b = fakeSender('telegram', behave);
    delivery(prefix).start({ telegram: a.sender }, 100);
    delivery(prefix).start({ telegram: b.sender }, 100);
    await until('the job to finish', finished(j.id));

    const sends = [...a.sends, ...b.sends].filter((s) => s.chatId !== staff.chatId);
    expect(sends).toHaveLength(60);
    expect(new Set(sends.map((s) => s.chatId)).size).toBe(60);
    expect(a.sends.length).toBeGreaterThan(0);
    expect(b.sends.length).toBeGreaterThan(0);
    const done = (await store.get<Job>(jobKey(j.id)))!;
    expect(done.counts).toEqual({ sent: 58, inactive: 1, failed: 1 });
    expect(done.failed).toEqual(['telegram:1007']);
    expect(await openJobs(store)).toEqual([]);
    // The finish report goes to staff after the job is marked finished: wait for it (seen late once on a loaded machine).
    const reported = () =>
      [...[...a.sends, ...b.sends].filter((s) => s.chatId === staff.chatId).map((s) => s.text), ...[...a.edits, ...b.edits].map((e) => e.text)].some((t) =>
        t.includes('已发送 58，已失联 1，失败 1'),
      );
    await until('the finish report', async () => reported());
    expect(reported()).toBe(true);
    const finishedAudit = (await listAudit(store)).filter((e) => e.action === 'broadcast:finished');
    expect(finishedAudit).toHaveLength(1);
    expect(finishedAudit[0]).toMatchObject({ job: j.id, total: 60, sent: 58, inactive: 1, failed: ['telegram:1007'] });

    const inspect = await failedSends(connections[0]!, ['telegram'], 50, prefix);
    expect(inspect.failed).toEqual([expect.objectContaining({ channel: 'telegram', chatId: '1007', job: j.id, error: '400 chat not found' })]);
    expect(inspect.counts.telegram).toMatchObject({ failed: 1, completed: 59 });
  });

  it('an entry enqueued twice is sent once; one already sent is not sent again when offered anew', async () => {
    const j = await broadcast(5);
    const prefix = `p${++prefixSeq}`;
    const queue = new Queue(queueName('telegram'), { connection: connect(), prefix });
    const entries = await entriesOf(store, j.id);
    const add = () =>
      queue.addBulk(
        entries.map(([key, e]) => ({
          name: 'broadcast',
          data: { job: j.id, entry: key, channel: e.channel, chatId: e.chatId },
          opts: { jobId: sendJobId(e) },
        })),
      );
    await add();
    await add();
    expect(await queue.count()).toBe(5);
    const tg = fakeSender('telegram');
    delivery(prefix).start({ telegram: tg.sender }, 100);
    await until('the job to finish', finished(j.id));
    // The completed BullMQ jobs removed: a fresh offer of the same entries sends nothing, the store says sent.
    await queue.obliterate({ force: true });
    await add();
    await until('the re-offered jobs to be processed', async () => (await queue.getJobCounts('completed')).completed === 5);
    expect(tg.sends.filter((s) => s.chatId !== staff.chatId)).toHaveLength(5);
    await queue.close();
  });

  it('waits out a 429 as told, backs off from 5xx, and fails an entry after the retry period', async () => {
    const j = await broadcast(3);
    const prefix = `p${++prefixSeq}`;
    const tg = fakeSender('telegram', (chatId, n) => {
      if (chatId === '1000' && n < 2) return { status: 'retry', afterMs: 400, error: '429 Too Many Requests: retry after 0.4' };
      if (chatId === '1002') return { status: 'retry', afterMs: 0, error: '502 Bad Gateway' };
      return { status: 'sent' };
    });
    delivery(prefix, { backoffMs: () => 20, retryForMs: 1 }).start({ telegram: tg.sender }, 100);
    await until('the job to finish', finished(j.id));
    const first = tg.sends.filter((s) => s.chatId === '1000');
    expect(first.length).toBeGreaterThanOrEqual(2);
    expect(first[1]!.t - first[0]!.t).toBeGreaterThanOrEqual(390);
    expect(tg.sends.filter((s) => s.chatId === '1002')).toHaveLength(6);
    const entries = Object.fromEntries((await entriesOf(store, j.id)).map(([, e]) => [e.chatId, [e.status, e.attempts]]));
    expect(entries).toEqual({ '1000': ['sent', 2], '1001': ['sent', 1], '1002': ['failed', 6] });
    const inspect = await failedSends(connections[0]!, ['telegram'], 50, prefix);
    expect(inspect.failed).toEqual([expect.objectContaining({ chatId: '1002', error: '502 Bad Gateway' })]);
  });

  it('a job created while no instance ran (or one died before enqueueing) is enqueued by the next sweep', async () => {
    const j = await broadcast(4);
    expect((await store.get<Job>(jobKey(j.id)))!.enqueuedAt).toBeUndefined();
    const prefix = `p${++prefixSeq}`;
    const tg = fakeSender('telegram');
    delivery(prefix).start({ telegram: tg.sender }, 100);
    await until('the job to finish', finished(j.id));
    expect(tg.sends.filter((s) => s.chatId !== staff.chatId)).toHaveLength(4);
  });

  it('reminders (no staff chat) finish without a report, and the default queue prefix is the project’s', async () => {
    store = await freshStore();
    const j = await createJob(store, { id: `rem-test-${kind}`, kind: 'reminder', createdAt: Date.now(), audience: 'telegram:1' }, [
      { channel: 'telegram', chatId: '1', text: '⏰ 还有7天截止' },
    ]);
    const tg = fakeSender('telegram');
    delivery(QUEUE_PREFIX).start({ telegram: tg.sender }, 100);
    await until('the reminder to finish', finished(j.id));
    expect(tg.sends.map((s) => s.chatId)).toEqual(['1']);
  });

  it('an open entry whose BullMQ job is already completed (the store replaced under the queue) is offered again', async () => {
    const j = await broadcast(2);
    const prefix = `p${++prefixSeq}`;
    const first = fakeSender('telegram');
    const d = delivery(prefix);
    d.start({ telegram: first.sender }, 100);
    await until('the job to finish', finished(j.id));
    await d.stop();
    // The same job comes back open (a restored store): its completed BullMQ jobs must not swallow it.
    for (const [key, e] of await entriesOf(store, j.id)) await store.set(key, { ...e, status: 'pending', attempts: 0 });
    await store.set(jobKey(j.id), { ...j, status: 'running', enqueuedAt: Date.now() });
    await store.set(`openjob:${j.id}`, 1);
    const again = fakeSender('telegram');
    delivery(prefix, { reofferMs: 300 }).start({ telegram: again.sender }, 100);
    await until('the job to finish again', finished(j.id));
    expect(
      again.sends
        .filter((s) => s.chatId !== staff.chatId)
        .map((s) => s.chatId)
        .sort(),
    ).toEqual(['1000', '1001']);
  });
});
