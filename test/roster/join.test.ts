/**
 * /join and /start CODE over ChatService and a real SQLite store: the chat is linked to its roster
 * society, greeted by name, told the roster's facts, asked only what is missing; a differing
 * answer makes the bot ask which is right; revoked and unknown codes are refused.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Conversation } from '../../handlers/conversation.js';
import type { Incoming, Question, Reply } from '../../handlers/types.js';
import { ChatService } from '../../src/chat-service.js';
import { createSociety, getSociety, revokeCode, type Society } from '../../src/roster/societies.js';
import { RosterService } from '../../src/roster/roster-service.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { bundled } from '../handlers/harness.js';

const dir = mkdtempSync(join(tmpdir(), 'shenbao-join-'));
let store: Store;
let service: ChatService;
let society: Society;
const now = Date.parse('2022-05-10T10:00:00+08:00');

beforeAll(async () => {
  store = await openSqliteStore(dir);
  const { guide, search } = bundled();
  const roster = new RosterService(store, { publicUrl: 'https://bot.example.org', clock: () => now });
  service = new ChatService(store, new Conversation(guide, search), { clock: () => now, logger: pino({ level: 'silent' }), roster });
  society = await createSociety(store, {
    name: '江苏省营养学会',
    nowMs: now,
    facts: { orgType: 'society', evaluationGrade: 'B', assessmentLevel: 4, annualInspectionPassed: true, integrityIssues: false },
  });
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const texts = (replies: Reply[]) => replies.map((r) => r.text).join('\n');
function chat(chatId: string, extra: Partial<Incoming> = {}) {
  let question: Question | undefined;
  const send = async (msg: Partial<Incoming>) => {
    const replies = await service.handle({ channel: 'telegram', chatId, userId: chatId, ...extra, ...msg });
    for (const r of replies) if (r.question) question = r.question;
    return replies;
  };
  return {
    say: (text: string) => send({ text }),
    tap: (value: string) => send({ choice: { question: question!.id, values: [value], action: 'pick' } }),
    question: () => question,
    /** As the chat's next turn sees it: a roster society's chats share one profile. */
    state: () => service.getState('telegram', chatId),
  };
}

describe('joining a roster society', () => {
  it('/start CODE greets by name, confirms the roster facts and asks only what is missing', async () => {
    const c = chat('501');
    const replies = await c.say(`/start ${society.code}`);
    const text = texts(replies);
    expect(text).toContain('您好，江苏省营养学会！');
    expect(text).toContain('B等');
    expect(text).toContain('4A级');
    const state = await c.state();
    expect(state.societyId).toBe(society.id);
    expect(state.name).toBe('江苏省营养学会');
    expect(state.profile).toMatchObject({ evaluationGrade: 'B', assessmentLevel: 4, orgType: 'society' });
    expect(state.sources.evaluationGrade).toMatchObject({ text: '省科协名单', from: 'roster' });
    expect((await getSociety(store, society.id))!.chats).toContain('telegram:501');
    // The interview goes on with what the roster does not know: never the grade again.
    const asked = replies.filter((r) => r.question).map((r) => r.question!.id);
    expect(asked.some((id) => /evaluationGrade|assessmentLevel|orgType/.test(id))).toBe(false);
    // A personal answer from roster facts, without being asked them.
    const answer = texts(await c.say('/check'));
    expect(answer).not.toMatch(/综合能力评价等级.*未知|还不知道.*综合能力评价/);
  });

  it('a deputy joins the same society with /join, written in lower case with spaces', async () => {
    const c = chat('502');
    const spaced = society.code
      .toLowerCase()
      .replace(/(....)/g, '$1 ')
      .trim();
    expect(texts(await c.say(`/join ${spaced}`))).toContain('江苏省营养学会');
    expect((await getSociety(store, society.id))!.chats).toEqual(['telegram:501', 'telegram:502']);
  });

  it('a differing answer makes the bot ask which is right; either choice is kept', async () => {
    const c = chat('503');
    await c.say(`/join ${society.code}`);
    const replies = await c.say('我们去年综合能力评价是C等');
    expect(texts(replies)).toMatch(/省科协名单记载.*B等.*C等.*以哪个为准/s);
    const q = c.question()!;
    expect(q.options.map((o) => o.value)).toEqual(['roster', 'chat']);
    const settled = texts(await c.tap('roster'));
    expect(settled).toContain('仍按省科协名单记为：B等');
    expect((await c.state()).profile.evaluationGrade).toBe('B');
    expect((await c.state()).sources.evaluationGrade?.from).toBe('roster');

    expect(texts(await c.say('我们去年综合能力评价是C等'))).toContain('以哪个为准');
    expect(texts(await c.say('我想报标准制定'))).toContain('请先确认这一项');
    const mine = texts(await c.say('以我说的为准'));
    expect(mine).toContain('改记为：C等');
    const state = await c.state();
    expect(state.profile.evaluationGrade).toBe('C');
    expect(state.sources.evaluationGrade).toMatchObject({ from: 'chat', text: '我们去年综合能力评价是C等' });
  });

  it('a roster re-import updates the facts joined chats hold from the roster, never what a secretary said', async () => {
    const c = chat('509');
    await c.say(`/join ${society.code}`);
    await c.say('我们去年综合能力评价是C等');
    await c.say('以我说的为准');
    const { applyImport, planImport } = await import('../../src/roster/import.js');
    const plan = planImport(
      { headers: ['学会名称', '评估等级', '综合能力评价等级'], rows: [{ row: 2, cells: ['江苏省营养学会', '3', 'A'] }] },
      bundled().guide,
    );
    const result = await applyImport(store, plan, { nowMs: now + 1, dryRun: false });
    expect(result.updated).toBe(1);
    const state = await c.state();
    expect(state.profile.assessmentLevel).toBe(3); // from the roster: follows it
    expect(state.sources.assessmentLevel).toMatchObject({ from: 'roster', text: '省科协名单' });
    expect(state.profile.evaluationGrade).toBe('C'); // the secretary's own answer stays
    // One society, one profile: the first chat sees the roster's new value and the secretary's answer too.
    expect((await chat('501').state()).profile).toMatchObject({ assessmentLevel: 3, evaluationGrade: 'C' });
  });

  it('refuses an unknown code, a revoked code, and stops a chat that keeps guessing', async () => {
    const c = chat('504');
    expect(texts(await c.say('/join ZZZZZZZZZZZZ'))).toContain('无效');
    const old = society.code;
    const renewed = (await revokeCode(store, society.id, now))!;
    expect(texts(await c.say(`/join ${old}`))).toContain('已停用');
    expect((await c.state()).societyId).toBeUndefined();
    expect(texts(await c.say(`/join ${renewed.code}`))).toContain('江苏省营养学会');
    const g = chat('505');
    for (let i = 0; i < 10; i++) await g.say(`/join WRONG${i}CODEXX`);
    expect(texts(await g.say(`/join ${renewed.code}`))).toContain('尝试次数过多');
    expect(texts(await g.say('/join'))).toContain('/join');
  });

  it('/web: staff get a one-time link on PUBLIC_URL in private; others are refused and audited', async () => {
    const staff = chat('506', { isStaff: true });
    expect(texts(await staff.say('/web'))).toMatch(/https:\/\/bot\.example\.org\/staff\/login\?t=[A-Za-z0-9_-]{40,}/);
    const group = chat('-507', { isStaff: true, isGroup: true });
    expect(texts(await group.say('/web'))).not.toContain('http');
    const other = chat('508');
    expect(texts(await other.say('/web'))).toContain('只有省科协项目工作人员');
    const audit = await Promise.all((await store.keys('audit:')).map((k) => store.get<{ action: string }>(k)));
    expect(audit.map((a) => a!.action)).toEqual(expect.arrayContaining(['refused:/web', 'staff:link', 'society:join']));
  });
});
