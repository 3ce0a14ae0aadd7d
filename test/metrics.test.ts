// The metrics module on a real SQLite store: the queue gauges read the intake and the outbox,
// store errors are counted and still thrown, bulk sends are counted by kind and outcome.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sender } from '../src/channels/channel.js';
import { createJob } from '../src/delivery/outbox.js';
import { Intake } from '../src/intake/intake.js';
import { createLogger } from '../src/log.js';
import { countingStoreErrors, registry, watchQueues } from '../src/metrics.js';
import { countingSends } from '../src/delivery/count-sends.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import type { Store } from '../src/store/store.js';

let dir: string;
let store: Store;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'shenbao-metrics-unit-'));
  store = await openSqliteStore(dir);
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

async function value(series: string): Promise<number> {
  const line = (await registry.metrics()).split('\n').find((l) => l.startsWith(`${series} `));
  if (line === undefined) throw new Error(`no series ${series}`);
  return Number(line.slice(series.length + 1));
}

describe('metrics', () => {
  it('queue gauges: open intake events and outbox jobs, with the age of the oldest', async () => {
    let now = Date.parse('2026-12-01T00:00:00Z');
    watchQueues({ store, channels: ['telegram'], clock: () => now });
    expect(await value('shenbao_intake_open_events')).toBe(0);
    expect(await value('shenbao_intake_oldest_age_seconds')).toBe(0);
    expect(await value('shenbao_outbox_open_messages')).toBe(0);

    // Received and never processed (no transport registered): the events stay open.
    const intake = new Intake({ store, logger: createLogger({ level: 'silent' }), clock: () => now, sweepMs: 0 });
    await intake.receive('telegram', '1', 'c1', {});
    now += 5_000;
    await intake.receive('telegram', '2', 'c2', {});
    await createJob(store, { kind: 'broadcast', createdAt: now - 30_000, text: 't' }, [
      { channel: 'telegram', chatId: 'a', text: 't' },
      { channel: 'telegram', chatId: 'b', text: 't' },
    ]);
    now += 10_000;
    expect(await value('shenbao_intake_open_events')).toBe(2);
    expect(await value('shenbao_intake_oldest_age_seconds')).toBe(15);
    expect(await value('shenbao_outbox_open_jobs')).toBe(1);
    expect(await value('shenbao_outbox_open_messages')).toBe(2);
    expect(await value('shenbao_outbox_oldest_age_seconds')).toBe(40);
    await intake.stop(0);
  });

  it('counts store errors by operation and passes the error on', async () => {
    const failing = countingStoreErrors<Store>({
      ...store,
      set: async () => {
        throw new Error('disk full');
      },
    });
    const before = await value('shenbao_store_errors_total{op="set"}').catch(() => 0);
    await expect(failing.set('k', 1)).rejects.toThrow('disk full');
    expect(await value('shenbao_store_errors_total{op="set"}')).toBe(before + 1);
    await failing.get('k'); // a success is not counted
    await expect(value('shenbao_store_errors_total{op="get"}')).rejects.toThrow();
  });

  it('counts broadcast and reminder sends by outcome, not the progress message; keeps edit', async () => {
    const results = ['sent', 'failed', 'sent'] as const;
    let i = 0;
    class Fake implements Sender {
      readonly channel = 'lark' as const;
      readonly limits = { perSecond: 50, perChatPerSecond: 5 };
      async send() {
        const status = results[i++ % results.length]!;
        return status === 'sent' ? { status } : { status, error: 'refused' };
      }
      async edit() {
        return { status: 'sent' as const };
      }
    }
    const sender = countingSends(new Fake());
    await sender.send('c', 't', 'rem-0123abcd:000000');
    await sender.send('c', 't', 'bmx1abc:000001');
    await sender.send('c', 't', 'bmx1abc:progress:final');
    expect(await value('shenbao_delivery_sends_total{channel="lark",kind="reminder",result="sent"}')).toBe(1);
    expect(await value('shenbao_delivery_sends_total{channel="lark",kind="broadcast",result="failed"}')).toBe(1);
    await expect(value('shenbao_delivery_sends_total{channel="lark",kind="broadcast",result="sent"}')).rejects.toThrow();
    expect(await sender.edit!('c', 'm', 't')).toEqual({ status: 'sent' });
  });
});
