// The durable intake with a scripted transport on a memory store: dedupe at receipt, chat order,
// exactly-once conversing (through ChatService.handleEvent), replay after a "crash", delivery
// retried while the platform fails, and a store that cannot write.
import { describe, expect, it } from 'vitest';
import type { Reply } from '../../handlers/types.js';
import { ChatService } from '../../src/chat-service.js';
import { Intake, recordKey, RetryLater, type IntakeRecord, type Transport } from '../../src/intake/intake.js';
import { createLogger } from '../../src/log.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import type { Store } from '../../src/store/store.js';
import { sharedConversation } from '../channels/telegram-harness.js';

const logger = createLogger({ level: 'silent' });
const fast = { backoffMs: () => 5 };

interface Harness {
  intake: Intake;
  service: ChatService;
  delivered: Array<{ id: string; replies: number }>;
  attempts: { deliver: number };
  fail: { deliver: number };
}

function harness(store: Store, opts: { retryForMs?: number } = {}): Harness {
  const service = new ChatService(store, sharedConversation(), { clock: Date.now, logger });
  const intake = new Intake({ store, logger, ...fast, ...opts });
  const h: Harness = { intake, service, delivered: [], attempts: { deliver: 0 }, fail: { deliver: 0 } };
  const transport: Transport = {
    channel: 'console',
    async process(record, key) {
      const text = record.payload as string;
      await service.handleEvent({ channel: 'console', chatId: record.chat, userId: 'u', text }, key, (replies: Reply[]) => ({ n: replies.length }));
    },
    async deliver(record, sent) {
      h.attempts.deliver++;
      if (h.fail.deliver > 0) {
        h.fail.deliver--;
        throw new RetryLater('platform down');
      }
      await sent((record.plan as { n: number }).n);
      h.delivered.push({ id: record.id, replies: (record.plan as { n: number }).n });
    },
  };
  intake.register(transport);
  return h;
}

describe('intake', () => {
  it('stores before it resolves, drops a redelivery, and converses once per event in chat order', async () => {
    const store = createMemoryStore();
    const h = harness(store);
    expect(await h.intake.receive('console', 'e1', 'chat-a', '/help')).toBe('stored');
    expect(await store.get<IntakeRecord>(recordKey('console', 'e1'))).toMatchObject({ status: expect.stringMatching(/received|handled|done/) });
    expect(await h.intake.receive('console', 'e1', 'chat-a', '/help')).toBe('duplicate');
    await h.intake.receive('console', 'e2', 'chat-a', '我们去年综合能力评价B等');
    await h.intake.idle();
    expect(h.delivered.map((d) => d.id)).toEqual(['e1', 'e2']);
    expect((await h.service.getState('console', 'chat-a')).profile.evaluationGrade).toBe('B');
    expect(await store.get(recordKey('console', 'e2'))).toMatchObject({ status: 'done' });
    expect(await store.keys('intake:open:')).toEqual([]);
  });

  it('after a crash, received and handled-but-unsent events are resumed in arrival order, each conversed once', async () => {
    const store = createMemoryStore();
    const first = harness(store);
    first.fail.deliver = 1_000; // the platform is down: e1 is conversed, its replies not sent
    await first.intake.receive('console', 'e1', 'chat-b', '/start');
    await new Promise((r) => setTimeout(r, 50));
    await first.intake.stop(0); // the "crash": e2 and e3 were stored but never processed
    const second = harness(store);
    expect(await store.get(recordKey('console', 'e1'))).toMatchObject({ status: 'handled', sent: 0 }); // conversed, not sent
    let conversed = 0;
    const original = second.service.handleEvent.bind(second.service);
    second.service.handleEvent = async (...a) => {
      const replies = await original(...a);
      if (replies) conversed++;
      return replies;
    };
    await store.write([
      {
        key: recordKey('console', 'e2'),
        value: { channel: 'console', id: 'e2', chat: 'chat-b', seq: '999999999999998-x', at: 0, payload: '我们去年综合能力评价C等', status: 'received' },
      },
      { key: 'intake:open:999999999999998-x', value: recordKey('console', 'e2') },
      {
        key: recordKey('console', 'e3'),
        value: { channel: 'console', id: 'e3', chat: 'chat-b', seq: '999999999999999-x', at: 0, payload: '我们去年综合能力评价B等', status: 'received' },
      },
      { key: 'intake:open:999999999999999-x', value: recordKey('console', 'e3') },
    ]);
    expect(await second.intake.replay('console')).toBe(3);
    await second.intake.idle();
    expect(second.delivered.map((d) => d.id)).toEqual(['e1', 'e2', 'e3']);
    const state = await second.service.getState('console', 'chat-b');
    expect(state.profile.evaluationGrade).toBe('B'); // e3 after e2
    expect(conversed).toBe(2); // e2 and e3; e1 was only sent
    expect(await store.keys('intake:open:')).toEqual([]);
  });

  it('a delivery that fails is retried until the platform answers; past the retry period it is given up', async () => {
    const store = createMemoryStore();
    const h = harness(store);
    h.fail.deliver = 3;
    await h.intake.receive('console', 'r1', 'chat-c', '/help');
    await h.intake.idle();
    expect(h.attempts.deliver).toBe(4);
    expect(h.delivered).toHaveLength(1);

    const short = harness(createMemoryStore(), { retryForMs: 30 });
    short.fail.deliver = 1_000;
    await short.intake.receive('console', 'r2', 'chat-d', '/help');
    await short.intake.idle();
    expect(short.delivered).toHaveLength(0);
    expect(short.attempts.deliver).toBeGreaterThan(1);
  });

  it('a store that cannot write: receive throws (not acknowledged); processing waits and resumes once it works', async () => {
    const inner = createMemoryStore();
    let broken = true;
    const store: Store = { ...inner, write: (...a) => (broken ? Promise.reject(new Error('disk full')) : inner.write(...a)) };
    const h = harness(store);
    await expect(h.intake.receive('console', 'f1', 'chat-e', '/help')).rejects.toThrow('disk full');
    broken = false;
    await h.intake.receive('console', 'f1', 'chat-e', '/help');
    broken = true; // the turn's commit fails now: the event stays received and is tried again
    await new Promise((r) => setTimeout(r, 50));
    expect(h.delivered).toHaveLength(0);
    broken = false;
    await h.intake.idle();
    expect(h.delivered.map((d) => d.id)).toEqual(['f1']);
  });
});
