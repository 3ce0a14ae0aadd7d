// Two instances (each its own Intake and ChatService) on one Redis: a chat's events are processed
// and delivered in arrival order whichever instance received them, each once; open events left
// by an instance that died are finished by the other one within seconds.
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Reply } from '../../handlers/types.js';
import { type RedisServer, startRedis } from '../../doubles/redis-server.js';
import { ChatService } from '../../src/chat-service.js';
import { Intake, LISTED_PREFIXES, recordKey, type IntakeRecord, type Transport } from '../../src/intake/intake.js';
import { createLogger } from '../../src/log.js';
import { openRedisStore } from '../../src/store/redis-store.js';
import type { Store } from '../../src/store/store.js';
import { sharedConversation } from '../channels/telegram-harness.js';

const logger = createLogger({ level: 'silent' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let redis: RedisServer;
let n = 0;
const cleanup: Array<() => Promise<void>> = [];
beforeAll(async () => {
  redis = await startRedis();
});
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c();
});
afterAll(async () => {
  await redis.stop();
});

interface Instance {
  name: string;
  store: Store;
  intake: Intake;
  conversed: string[];
}

/** One "instance": its own Redis connection, ChatService and Intake, delivering into `log`. */
async function instance(name: string, prefix: string, log: Array<{ id: string; by: string }>, opts: { processMs?: number } = {}): Promise<Instance> {
  const store = await openRedisStore(redis.url, { prefix, onError: () => {}, indexed: LISTED_PREFIXES });
  const service = new ChatService(store, sharedConversation(), { clock: Date.now, logger });
  const intake = new Intake({ store, logger, backoffMs: () => 5, sweepMs: 200 });
  const me: Instance = { name, store, intake, conversed: [] };
  const transport: Transport = {
    channel: 'console',
    async process(record, key) {
      if (opts.processMs) await sleep(opts.processMs);
      const replies = await service.handleEvent(
        { channel: 'console', chatId: record.chat, userId: 'u', text: record.payload as string },
        key,
        (r: Reply[]) => ({ n: r.length }),
      );
      if (replies) me.conversed.push(record.id);
    },
    async deliver(record, sent) {
      log.push({ id: record.id, by: name });
      await sent((record.plan as { n: number }).n);
    },
  };
  intake.register(transport);
  cleanup.push(async () => {
    await intake.stop(1_000);
    await service.drain();
    await store.close();
  });
  return me;
}

function deadPid(): number {
  return Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
}

describe('intake on a shared store', () => {
  it("keeps a chat's order when consecutive events reach different instances, each conversed and delivered once", async () => {
    const prefix = `s${++n}:`;
    const log: Array<{ id: string; by: string }> = [];
    // B is slower to process, so without the shared order A would overtake it.
    const a = await instance('A', prefix, log);
    const b = await instance('B', prefix, log, { processMs: 30 });
    const ids = Array.from({ length: 12 }, (_, i) => `e${i + 1}`);
    for (const [i, id] of ids.entries()) {
      const to = i % 2 ? a : b;
      expect(await to.intake.receive('console', id, 'chat-x', i === 0 ? '/start' : `第${i}条`)).toBe('stored');
      // the same event posted to the other instance too: a duplicate
      expect(await (to === a ? b : a).intake.receive('console', id, 'chat-x', 'again')).toBe('duplicate');
    }
    await expect.poll(() => log.length, { timeout: 20_000 }).toBe(ids.length);
    await Promise.all([a.intake.idle(), b.intake.idle()]);
    expect(log.map((l) => l.id)).toEqual(ids);
    expect([...a.conversed, ...b.conversed].sort()).toEqual([...ids].sort());
    expect(await a.store.keys('intake:open:')).toEqual([]);
    expect(await a.store.keys('intake:chat:')).toEqual([]);
  });

  it('events of several chats spread over both instances are all done, each chat in order', async () => {
    const prefix = `s${++n}:`;
    const log: Array<{ id: string; by: string }> = [];
    const a = await instance('A', prefix, log);
    const b = await instance('B', prefix, log);
    const sent: string[] = [];
    await Promise.all(
      Array.from({ length: 8 }, async (_, c) => {
        for (let i = 0; i < 6; i++) {
          const id = `c${c}-${i}`;
          sent.push(id);
          await ((c + i) % 2 ? a : b).intake.receive('console', id, `chat-${c}`, `第${i}条`);
        }
      }),
    );
    await expect.poll(() => log.length, { timeout: 30_000 }).toBe(sent.length);
    for (let c = 0; c < 8; c++) {
      expect(log.filter((l) => l.id.startsWith(`c${c}-`)).map((l) => l.id)).toEqual(Array.from({ length: 6 }, (_, i) => `c${c}-${i}`));
    }
    expect(new Set(log.map((l) => l.by))).toEqual(new Set(['A', 'B']));
  });

  it('open events of an instance that died (holding the chat lease) are finished by the other within seconds', async () => {
    const prefix = `s${++n}:`;
    const log: Array<{ id: string; by: string }> = [];
    // The dead instance: it stored three events of chat-d and held the chat's intake lease, then died.
    const dead = await openRedisStore(redis.url, { prefix, onError: () => {}, indexed: LISTED_PREFIXES });
    cleanup.push(() => dead.close());
    const corpse = new Intake({ store: dead, logger, sweepMs: 0 });
    corpse.register({ channel: 'console', process: () => new Promise(() => {}), deliver: async () => {} });
    for (const id of ['d1', 'd2', 'd3']) await corpse.receive('console', id, 'chat-d', id === 'd1' ? '/start' : '你好');
    await corpse.stop(0);
    await dead.releaseLease('intake:console:chat-d', (await dead.leaseOwner('intake:console:chat-d')) ?? '');
    expect(await dead.acquireLease('intake:console:chat-d', `${hostname()}/${deadPid()}/gone`, 60_000)).toBe(true);
    await sleep(50);
    const started = Date.now();
    const b = await instance('B', prefix, log);
    // B hears nothing of chat-d: its sweep finds the open events and the dead holder.
    await expect.poll(() => log.length, { timeout: 15_000, interval: 50 }).toBe(3);
    expect(log.map((l) => l.id)).toEqual(['d1', 'd2', 'd3']);
    expect(Date.now() - started).toBeLessThan(10_000);
    // (delivered first, then closed)
    await expect.poll(async () => (await b.store.get<IntakeRecord>(recordKey('console', 'd3')))?.status).toBe('done');
    // A new event in that chat goes after them, at once.
    await b.intake.receive('console', 'd4', 'chat-d', '谢谢');
    await expect.poll(() => log.map((l) => l.id), { timeout: 5_000 }).toEqual(['d1', 'd2', 'd3', 'd4']);
  });
});
