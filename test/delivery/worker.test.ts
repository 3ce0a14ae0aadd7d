import { afterEach, describe, expect, it } from 'vitest';
import { createJob, entriesOf, jobKey, openJobs, type Job } from '../../src/delivery/outbox.js';
import { DeliveryWorker } from '../../src/delivery/worker.js';
import type { Store } from '../../src/store/store.js';
import { fakeSender, memoryLogger, tempStore } from './helpers.js';

let store: Store;
afterEach(async () => {
  await store?.close();
});

const staff = { channel: 'telegram' as const, userId: '9', chatId: '9' };
const recipients = (n: number, channel: 'telegram' | 'lark' = 'telegram') =>
  Array.from({ length: n }, (_, i) => ({ channel, chatId: String(1000 + i), text: `通知 ${i}` }));

async function job(n: number, channel: 'telegram' | 'lark' = 'telegram') {
  ({ store } = await tempStore());
  return createJob(store, { kind: 'broadcast', createdAt: Date.now(), by: staff, audience: 'all', text: '通知' }, recipients(n, channel));
}

describe('the outbox delivery worker', () => {
  it('delivers to every recipient once and reports sent + inactive + failed = recipients', async () => {
    const j = await job(40);
    const tg = fakeSender('telegram', (chatId) =>
      chatId === '1003'
        ? { status: 'inactive', error: '403 blocked' }
        : chatId === '1007'
          ? { status: 'failed', error: '400 chat not found' }
          : { status: 'sent' },
    );
    await new DeliveryWorker({ store, senders: { telegram: tg.sender }, logger: memoryLogger().logger }).tick();
    const done = (await store.get<Job>(jobKey(j.id)))!;
    expect(done.status).toBe('done');
    expect(done.counts).toEqual({ sent: 38, inactive: 1, failed: 1 });
    expect(done.failed).toEqual(['telegram:1007']);
    const toRecipients = tg.sends.filter((s) => s.chatId !== staff.chatId);
    expect(new Set(toRecipients.map((s) => s.chatId)).size).toBe(40);
    expect(toRecipients).toHaveLength(40);
    const report = [...tg.sends.filter((s) => s.chatId === staff.chatId).map((s) => s.text), ...tg.edits.map((e) => e.text)];
    expect(report.some((t) => t.includes('已发送 0/40'))).toBe(true);
    expect(report.at(-1)).toContain('已发送 38，已失联 1，失败 1');
    expect(report.at(-1)).toContain('telegram:1007');
    expect(await openJobs(store)).toEqual([]);
  });

  it('honours a 429 wait and retries 5xx with backoff, then gives up as failed', async () => {
    const j = await job(3);
    const tg = fakeSender('telegram', (chatId, n) => {
      if (chatId === '1000' && n < 2) return { status: 'retry', afterMs: 300, error: '429' };
      if (chatId === '1002') return { status: 'retry', afterMs: 0, error: '502' };
      return { status: 'sent' };
    });
    const started = Date.now();
    await new DeliveryWorker({ store, senders: { telegram: tg.sender }, logger: memoryLogger().logger, backoffMs: () => 5, retryForMs: 1 }).tick();
    const first = tg.sends.filter((s) => s.chatId === '1000');
    expect(first.length).toBeGreaterThanOrEqual(2);
    expect(first[1]!.t - first[0]!.t).toBeGreaterThanOrEqual(290);
    expect(tg.sends.filter((s) => s.chatId === '1002')).toHaveLength(6);
    const entries = Object.fromEntries((await entriesOf(store, j.id)).map(([, e]) => [e.chatId, e.status]));
    expect(entries).toEqual({ '1000': 'sent', '1001': 'sent', '1002': 'failed' });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('an outage is retried for the whole retry period, not a fixed number of attempts', async () => {
    const j = await job(2);
    const outageEnds = Date.now() + 400;
    const tg = fakeSender('telegram', () => (Date.now() < outageEnds ? { status: 'retry', afterMs: 0, error: '502' } : { status: 'sent' }));
    await new DeliveryWorker({ store, senders: { telegram: tg.sender }, logger: memoryLogger().logger, backoffMs: () => 20, retryForMs: 5_000 }).tick();
    expect(tg.sends.length).toBeGreaterThan(12); // well past the 6 attempts an outage used to get
    const entries = (await entriesOf(store, j.id)).map(([, e]) => e.status);
    expect(entries).toEqual(['sent', 'sent']);
  });

  it('keeps to the per-chat cap and the bulk cap', async () => {
    ({ store } = await tempStore());
    await createJob(store, { kind: 'broadcast', createdAt: Date.now(), audience: 'all' }, [
      ...Array.from({ length: 3 }, () => ({ channel: 'lark' as const, chatId: 'same', text: 'x' })),
      ...recipients(20, 'lark'),
    ]);
    const lk = fakeSender('lark', () => ({ status: 'sent' }), { perSecond: 10, perChatPerSecond: 1 });
    const started = Date.now();
    await new DeliveryWorker({ store, senders: { lark: lk.sender }, logger: memoryLogger().logger }).tick();
    const same = lk.sends.filter((s) => s.chatId === 'same').map((s) => s.t);
    expect(same).toHaveLength(3);
    expect(same[1]! - same[0]!).toBeGreaterThanOrEqual(990);
    expect(same[2]! - same[1]!).toBeGreaterThanOrEqual(990);
    // 23 sends at 10/s need at least two full windows.
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    for (let i = 10; i < lk.sends.length; i++) expect(lk.sends[i]!.t - lk.sends[i - 10]!.t).toBeGreaterThanOrEqual(990);
  });

  it('resumes after a crash: nobody is skipped, only the send in flight may repeat (and is logged)', async () => {
    const j = await job(30);
    // First process: dies while the 11th send is in flight (the sender never answers).
    const hang = new Promise<never>(() => undefined);
    const tg1 = fakeSender('telegram', (_chatId, n) => (n >= 11 ? hang : { status: 'sent' }));
    const w1 = new DeliveryWorker({ store, senders: { telegram: tg1.sender }, logger: memoryLogger().logger });
    void w1.tick();
    await new Promise((r) => setTimeout(r, 500));
    // kill -9: the worker is abandoned mid-flight; its lease expires. A new process starts.
    await store.releaseLease(`lease:${jobKey(j.id)}`, (w1 as unknown as { owner: string }).owner);
    const { logger, lines } = memoryLogger();
    const tg2 = fakeSender('telegram');
    await new DeliveryWorker({ store, senders: { telegram: tg2.sender }, logger }).tick();
    const delivered = new Map<string, number>();
    for (const s of [...tg1.sends, ...tg2.sends]) if (s.chatId !== staff.chatId) delivered.set(s.chatId, (delivered.get(s.chatId) ?? 0) + 1);
    expect(delivered.size).toBe(30);
    const twice = [...delivered].filter(([, n]) => n > 1).map(([c]) => c);
    const inFlight = lines.filter((l) => String(l.msg).startsWith('resending a message that was in flight'));
    expect(twice.length).toBe(inFlight.length);
    expect(twice.length).toBeLessThanOrEqual(16);
    const done = (await store.get<Job>(jobKey(j.id)))!;
    expect(done.counts.sent).toBe(30);
  });

  it('leaves entries for a channel it has no sender for, and a later worker delivers them', async () => {
    const j = await job(2, 'lark');
    const tg = fakeSender('telegram');
    await new DeliveryWorker({ store, senders: { telegram: tg.sender }, logger: memoryLogger().logger }).tick();
    expect((await store.get<Job>(jobKey(j.id)))!.status).not.toBe('done');
    const lk = fakeSender('lark');
    await new DeliveryWorker({ store, senders: { lark: lk.sender }, logger: memoryLogger().logger }).tick();
    expect(lk.sends.filter((s) => s.chatId !== staff.chatId)).toHaveLength(2);
    expect((await store.get<Job>(jobKey(j.id)))!.status).toBe('done');
  });
});
