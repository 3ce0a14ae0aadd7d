/**
 * One society, one truth: two chats of one roster society (the secretary's and the deputy's) share
 * one profile through the chat service, on a real SQLite file and on a real redis-server. Each says
 * part of the story; both see all of it, with who said what. When they disagree, the later one does
 * not silently win: both values are kept and the bot asks which is right.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RedisServer, startRedis } from '../../doubles/redis-server.js';
import { Conversation } from '../../handlers/conversation.js';
import type { Incoming, Question, Reply } from '../../handlers/types.js';
import { ChatService } from '../../src/chat-service.js';
import { mergeChatProfiles, readShared } from '../../src/society-profile-store.js';
import { newState } from '../../handlers/state.js';
import { createSociety, type Society } from '../../src/roster/societies.js';
import { RosterService } from '../../src/roster/roster-service.js';
import { openRedisStore } from '../../src/store/redis-store.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { bundled } from '../handlers/harness.js';

const texts = (replies: Reply[]) => replies.map((r) => r.text).join('\n');
const may10 = Date.parse('2022-05-10T10:00:00+08:00');
const may11 = Date.parse('2022-05-11T10:00:00+08:00');

function suite(name: string, open: () => Promise<{ store: Store; done: () => Promise<void> }>) {
  describe(`one profile per roster society (${name})`, () => {
    let store: Store;
    let done: () => Promise<void>;
    let society: Society;
    let now = may10;
    let service: ChatService;
    /** A second instance on the same store: the deputy's messages go through it. */
    let other: ChatService;

    beforeAll(async () => {
      ({ store, done } = await open());
      const { guide, search } = bundled();
      const make = () =>
        new ChatService(store, new Conversation(guide, search), {
          clock: () => now,
          logger: pino({ level: 'silent' }),
          roster: new RosterService(store, { publicUrl: 'https://bot.example.org', clock: () => now }),
        });
      service = make();
      other = make();
      society = await createSociety(store, { name: '江苏省营养学会', nowMs: now, facts: { orgType: 'society', assessmentLevel: 4 } });
    });
    afterAll(async () => {
      await service.drain();
      await other.drain();
      await done();
    });

    function chat(via: () => ChatService, chatId: string, userName: string) {
      let question: Question | undefined;
      const send = async (msg: Partial<Incoming>) => {
        const replies = await via().handle({ channel: 'telegram', chatId, userId: chatId, userName, ...msg });
        for (const r of replies) if (r.question) question = r.question;
        return replies;
      };
      return {
        say: (text: string) => send({ text }),
        tap: (value: string) => send({ choice: { question: question!.id, values: [value], action: 'pick' } }),
        question: () => question,
        state: () => via().getState('telegram', chatId),
      };
    }

    it('the deputy sees the secretary’s plan and facts, and the secretary sees the deputy’s, with who said each', async () => {
      const secretary = chat(() => service, '7101', '秘书长');
      const deputy = chat(() => other, '7102', '副秘书长');
      await secretary.say(`/start ${society.code}`);
      await secretary.say('我们打算报标准制定和科技评估');
      await secretary.say('我们去年综合能力评价是B等');
      now = may11;
      const joined = texts(await deputy.say(`/start ${society.code}`));
      // The deputy is told what the secretary's chat has said, and is not asked it again.
      expect(joined).toMatch(/贵会其他会话已告诉我[\s\S]*B等[\s\S]*打算申报：标准制定、科技评估/);
      await deputy.say('我们秘书处有专职工作人员');

      for (const c of [secretary, deputy]) {
        const state = await c.state();
        expect(state.profile.intended).toEqual(expect.arrayContaining(['standard', 'tech_assessment']));
        expect(state.profile).toMatchObject({ evaluationGrade: 'B', fullTimeStaff: true, assessmentLevel: 4 });
      }
      const shared = (await readShared(store, society.id))!;
      expect(shared.sources.evaluationGrade).toMatchObject({ from: 'chat', chat: 'telegram:7101', member: '秘书长' });
      expect(shared.sources.fullTimeStaff).toMatchObject({ from: 'chat', chat: 'telegram:7102', member: '副秘书长' });

      const secretaryView = texts(await secretary.say('/profile'));
      expect(secretaryView).toMatch(/有专职[^\n]*（副秘书长的会话：“[^”]+”，2022年5月11日）/);
      expect(secretaryView).toMatch(/标准制定/);
      const deputyView = texts(await deputy.say('/profile'));
      expect(deputyView).toMatch(/B等（秘书长的会话：“[^”]+”，2022年5月10日）/);
      expect(deputyView).toContain('科技评估');
    });

    it('a fact two chats say differently is not overwritten: both are kept and the later chat is asked which is right', async () => {
      const secretary = chat(() => service, '7101', '秘书长');
      const deputy = chat(() => other, '7102', '副秘书长');
      const replies = texts(await deputy.say('我们去年综合能力评价是C等'));
      expect(replies).toMatch(/两种说法/);
      expect(replies).toContain('秘书长的会话');
      const shared = (await readShared(store, society.id))!;
      expect(shared.disputes.evaluationGrade).toMatchObject({ value: 'B', source: { chat: 'telegram:7101' } });
      // Staff and the secretary see both values until it is settled.
      expect(texts(await secretary.say('/profile'))).toMatch(/C等（副秘书长的会话：[^\n]*；另有您（2022年5月10日）说是 B等，待确认/);
      // The deputy settles it: the secretary's B stands, with its provenance.
      await deputy.tap(deputy.question()!.options.find((o) => o.label.includes('B'))!.value);
      const settled = await secretary.state();
      expect(settled.profile.evaluationGrade).toBe('B');
      expect(settled.sources.evaluationGrade).toMatchObject({ chat: 'telegram:7101' });
      expect(settled.disputes).toEqual({});
    });

    it('two chats of the society writing at the same moment, through two instances, both keep what they said', async () => {
      const secretary = chat(() => service, '7101', '秘书长');
      const deputy = chat(() => other, '7102', '副秘书长');
      await Promise.all([secretary.say('我们去年年检合格'), deputy.say('学会自主设立的科技奖项已经在省科技厅报备了')]);
      const shared = (await readShared(store, society.id))!;
      expect(shared.profile).toMatchObject({ annualInspectionPassed: true, evaluationGrade: 'B', fullTimeStaff: true });
      expect(shared.sources.annualInspectionPassed).toMatchObject({ chat: 'telegram:7101' });
      if (shared.profile.awardFiled !== undefined) expect(shared.sources.awardFiled).toMatchObject({ chat: 'telegram:7102' });
      expect(shared.profile.awardFiled).toBe(true);
    });

    it('a failed assessment and how the event is hosted, told in one chat, answer the other chat’s questions', async () => {
      const secretary = chat(() => service, '7101', '秘书长');
      const deputy = chat(() => other, '7102', '副秘书长');
      await secretary.say('我们2021年有个特色学术交流项目年底考核没得过关');
      await secretary.say('我们学术年会一直是跟东南大学一起办，东大是第一主办方');
      const shared = (await readShared(store, society.id))!;
      expect(shared.failures).toEqual([{ project: 'featured_exchange', year: 2021 }]);
      expect(shared.hosting).toBe('another_first');
      const journal = texts(await deputy.say('那梯队期刊今年还报得不'));
      expect(journal).toContain('❌ 不能报梯队期刊建设');
      expect(journal).toContain('四（二）');
      const brand = texts(await deputy.say('拿年会报品牌交流行不行'));
      expect(brand).toMatch(/❌/);
      expect(brand).toContain('第一主办方');
    });

    it('a chat in no roster society keeps its own profile', async () => {
      const alone = chat(() => service, '7199', '某人');
      await alone.say('我们去年综合能力评价是A等');
      expect((await alone.state()).profile.evaluationGrade).toBe('A');
      expect((await chat(() => service, '7101', '秘书长').state()).profile.evaluationGrade).toBe('B');
    });
  });
}

describe('merging profiles kept per chat (start-up, once)', () => {
  it('takes what each chat said, keeps a disagreement beside the earlier statement, and the later chat is asked which is right', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shenbao-society-merge-'));
    const store = await openSqliteStore(dir);
    try {
      const now = may11;
      const society = await createSociety(store, { name: '江苏省声学学会', nowMs: may10, facts: { orgType: 'society' } });
      const said = (chat: string, at: number, text: string) => ({ text, at, from: 'chat' as const, year: 2022, chat });
      // As stored before chats shared a profile: each chat with its own.
      await store.set('chat:telegram:8101', {
        ...newState(may10),
        societyId: society.id,
        stage: 'done',
        profile: { orgType: 'society', evaluationGrade: 'B', intended: ['standard'] },
        sources: { evaluationGrade: said('telegram:8101', may10, '去年评价B等') },
      });
      await store.set('chat:lark:oc_8102', {
        ...newState(may11),
        societyId: society.id,
        stage: 'done',
        profile: { orgType: 'society', evaluationGrade: 'C', cnJournal: true, intended: ['tech_assessment'] },
        sources: { evaluationGrade: said('lark:oc_8102', may11, '我们是C等'), cnJournal: said('lark:oc_8102', may11, '有CN刊号') },
      });
      expect(await mergeChatProfiles(store, now)).toEqual({ societies: 1, chats: 2, disputes: 1 });
      const shared = (await readShared(store, society.id))!;
      expect(shared.profile).toMatchObject({ evaluationGrade: 'B', cnJournal: true, intended: ['standard', 'tech_assessment'] });
      expect(shared.disputes.evaluationGrade).toMatchObject({ value: 'C', source: { chat: 'lark:oc_8102' } });
      expect(shared.merged).toEqual(['telegram:8101', 'lark:oc_8102']);
      // Once only.
      expect(await mergeChatProfiles(store, now)).toEqual({ societies: 0, chats: 0, disputes: 0 });
      // The next message in either chat asks which grade is right, naming both.
      const { guide, search } = bundled();
      const service = new ChatService(store, new Conversation(guide, search), { clock: () => now, logger: pino({ level: 'silent' }) });
      const replies = await service.handle({ channel: 'lark', chatId: 'oc_8102', userId: 'ou_1', text: '/profile' });
      expect(texts(replies)).toMatch(/两种说法：[^\n]*B等[^\n]*C等/);
      const question = replies.find((r) => r.question)!.question!;
      await service.handle({ channel: 'lark', chatId: 'oc_8102', userId: 'ou_1', choice: { question: question.id, values: ['dispute'], action: 'pick' } });
      const after = (await readShared(store, society.id))!;
      expect(after.profile.evaluationGrade).toBe('C');
      expect(after.disputes).toEqual({});
      expect((await service.getState('telegram', '8101')).profile.evaluationGrade).toBe('C');
      await service.drain();
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a damaged society profile', () => {
  it('costs nothing: the chat’s own copy stands in, and the next turn writes a sound one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shenbao-society-damaged-'));
    const store = await openSqliteStore(dir);
    try {
      const society = await createSociety(store, { name: '江苏省光学学会', nowMs: may10, facts: {} });
      await store.set('chat:telegram:8201', {
        ...newState(may10),
        societyId: society.id,
        shared: society.id,
        stage: 'done',
        profile: { evaluationGrade: 'A' },
      });
      await store.set(`society-profile:${society.id}`, { profile: { evaluationGrade: 'Z' } });
      const { guide, search } = bundled();
      const service = new ChatService(store, new Conversation(guide, search), { clock: () => may10, logger: pino({ level: 'silent' }) });
      await service.handle({ channel: 'telegram', chatId: '8201', userId: '8201', text: '我们去年年检合格' });
      expect((await readShared(store, society.id))!.profile).toMatchObject({ evaluationGrade: 'A', annualInspectionPassed: true });
      await service.drain();
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

suite('SQLite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'shenbao-society-profile-'));
  const store = await openSqliteStore(dir);
  return {
    store,
    done: async () => {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

let redis: RedisServer | undefined;
suite('Redis', async () => {
  redis = await startRedis();
  const store = await openRedisStore(redis.url, { prefix: 'sp:', onError: () => {} });
  return {
    store,
    done: async () => {
      await store.close();
      await redis?.stop();
    },
  };
});
