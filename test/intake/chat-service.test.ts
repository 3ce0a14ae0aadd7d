// The chat service's own limits: refused staff commands audited at most once per user and
// command in ten minutes, a staff member writing in a society's group leaving it a society,
// long text read only in part with a note.
import { describe, expect, it } from 'vitest';
import { listAudit } from '../../src/audit.js';
import { ChatService, MAX_TEXT_CHARS } from '../../src/chat-service.js';
import { createLogger } from '../../src/log.js';
import { eachSociety } from '../../src/staff-service.js';
import { createMemoryStore } from '../../src/store/memory-store.js';
import { sharedConversation } from '../channels/telegram-harness.js';

const logger = createLogger({ level: 'silent' });

function service(now = () => Date.now()) {
  const store = createMemoryStore({ now });
  return { store, service: new ChatService(store, sharedConversation(), { clock: now, logger }) };
}

describe('chat service limits', () => {
  it('audits a refused staff command once per user and command in ten minutes, however often it is tried', async () => {
    let now = Date.parse('2026-03-01T10:00:00+08:00');
    const { store, service: s } = service(() => now);
    for (let i = 0; i < 50; i++) {
      const replies = await s.handle({ channel: 'telegram', chatId: '501', userId: '501', text: '/broadcast' });
      expect(replies[0]!.text).toMatch(/工作人员|staff/); // each attempt is still refused in chat
    }
    await s.handle({ channel: 'telegram', chatId: '501', userId: '501', text: '/stats' });
    await s.handle({ channel: 'telegram', chatId: '502', userId: '502', text: '/broadcast' });
    let refused = (await listAudit(store, 1000)).filter((a) => a.action.startsWith('refused:'));
    expect(refused.map((a) => `${a.action} ${String(a['userId'])}`).sort()).toEqual(['refused:/broadcast 501', 'refused:/broadcast 502', 'refused:/stats 501']);
    now += 11 * 60_000;
    await s.handle({ channel: 'telegram', chatId: '501', userId: '501', text: '/broadcast' });
    refused = (await listAudit(store, 1000)).filter((a) => a.action.startsWith('refused:'));
    expect(refused).toHaveLength(4);
  });

  it('a staff member writing in a society group leaves the group in the audiences; their own chat is not a society', async () => {
    const { store, service: s } = service();
    await s.handle({ channel: 'telegram', chatId: '-100777', userId: '1', text: '我们是省级学会，去年综合能力评价B等' });
    await s.handle({ channel: 'telegram', chatId: '-100777', userId: '9', text: '/help', isStaff: true, isGroup: true });
    await s.handle({ channel: 'telegram', chatId: '9', userId: '9', text: '/help', isStaff: true });
    const societies: string[] = [];
    for await (const society of eachSociety(store, Date.now())) societies.push(society.chatId);
    expect(societies).toEqual(['-100777']);
  });

  it('a message longer than any real answer is read only in part, and the reply says so', async () => {
    const { service: s } = service();
    const replies = await s.handle({ channel: 'console', chatId: 'c', userId: 'u', text: `我们去年综合能力评价B等${'啊'.repeat(5_000)}` });
    expect(replies[0]!.text).toContain(`只读了前 ${MAX_TEXT_CHARS} 个字`);
    expect((await s.getState('console', 'c')).profile.evaluationGrade).toBe('B');
  });
});
