/**
 * Stored state: an older or garbled record is migrated (profile fields salvaged) or reset with an
 * apology, never a crash; a chat's messages are handled one at a time, in order, and no profile
 * field is lost under concurrent messages (one service, or two over the same SQLite file).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadState, newState, STATE_VERSION } from '../../handlers/state.js';
import { chatKey } from '../../src/chat-service.js';
import { openSession, text, type Session } from './harness.js';

const NOW = Date.parse('2022-05-10T10:00:00+08:00');
const APOLOGY = '系统升级后之前的对话记录无法恢复';

const sessions: Session[] = [];
const dirs: string[] = [];
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.close()));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
async function session(opts: Parameters<typeof openSession>[0] = {}) {
  const s = await openSession(opts);
  sessions.push(s);
  return s;
}

describe('loadState', () => {
  it('reads a current record as it is', () => {
    const state = { ...newState(NOW), profile: { evaluationGrade: 'B' as const }, lang: 'en' as const, reminders: false };
    expect(loadState(JSON.parse(JSON.stringify(state)), NOW)).toEqual({ state, reset: false });
    expect(loadState(undefined, NOW)).toEqual({ state: newState(NOW), reset: false });
  });

  it('migrates an older version: each valid profile field is kept, the bad ones dropped', () => {
    const old = {
      v: 0,
      profile: { orgType: 'society', evaluationGrade: 'E', assessmentLevel: 9, annualInspectionPassed: true, intended: ['standard'], priorProjects: 'lots' },
      pending: { question: 'grade' },
      lang: 'en',
      reminders: false,
      eventDates: { brand_exchange: '2022-10-15', salon: 'next week', nonsense: '2022-10-01' },
    };
    const { state, reset } = loadState(old, NOW);
    expect(reset).toBe(false);
    expect(state.v).toBe(STATE_VERSION);
    expect(state.profile).toEqual({ orgType: 'society', annualInspectionPassed: true, intended: ['standard'] });
    expect(state.pending).toBeUndefined();
    // settings survive too: an opt-out of reminders is not silently turned back on
    expect(state.lang).toBe('en');
    expect(state.reminders).toBe(false);
    expect(state.eventDates).toEqual({ brand_exchange: '2022-10-15' });
  });

  it.each([
    ['a string', 'garbage'],
    ['a number', 42],
    ['an array', [1, 2, 3]],
    ['no profile', { v: 1, stage: 'done' }],
    ['a null profile', { v: 1, profile: null }],
    ['a profile of nothing valid', { v: 7, profile: { evaluationGrade: 'Z', medicalExperts: -3 } }],
    ['a future version', { v: 99, profile: 'x' }],
  ])('resets %s, asking the caller to apologise', (_name, raw) => {
    const { state, reset } = loadState(raw, NOW);
    expect(reset).toBe(true);
    expect(state).toEqual(newState(NOW));
  });

  it('a damaged event date in a current record does not break every deadline list', () => {
    const raw = { ...newState(NOW), profile: { intended: ['brand_exchange'], evaluationGrade: 'B' }, eventDates: { brand_exchange: '2022-13-45' } };
    const { state } = loadState(raw, NOW);
    expect(state.profile.evaluationGrade).toBe('B');
    expect(state.eventDates).toEqual({});
  });
});

describe('stored state through the chat service', () => {
  it('garbled state gets an apology and a fresh start, never a crash', async () => {
    const s = await session();
    await s.store.set(chatKey('console', s.chatId), { v: 'what', profile: 42, pending: [] });
    const replies = await s.say('/profile');
    expect(replies[0]!.text).toContain(APOLOGY);
    expect(text(replies)).toContain('你们的档案');
    expect(text(replies)).not.toContain('处理这条消息时出了问题');
    // the fresh state was saved: no second apology
    expect(text(await s.say('/profile'))).not.toContain(APOLOGY);
    const saved = await s.store.get<{ v: number }>(chatKey('console', s.chatId));
    expect(saved?.v).toBe(STATE_VERSION);
  });

  it('an older record keeps its profile: /profile and the verdicts use it', async () => {
    const s = await session();
    await s.store.set(chatKey('console', s.chatId), {
      version: 'legacy',
      profile: {
        orgType: 'society',
        evaluationGrade: 'C',
        assessmentLevel: 4,
        annualInspectionPassed: true,
        integrityIssues: false,
        intended: ['first_class_society'],
      },
      step: 7,
    });
    const profile = text(await s.say('/profile'));
    expect(profile).not.toContain(APOLOGY);
    expect(profile).toContain('C等');
    expect(profile).toContain('4A级');
    expect(profile).toContain('打算申报：一流学会建设');
    expect(text(await s.say('/check'))).toContain('❌ 一流学会建设：不符合条件');
    // and the conversation goes on from there
    expect(text(await s.say('等级改成B'))).toContain('C等 → B等');
  });

  it('a damaged event date is dropped, and /deadlines still answers', async () => {
    const s = await session();
    await s.store.set(chatKey('console', s.chatId), {
      ...newState(NOW),
      stage: 'done',
      profile: { intended: ['brand_exchange'] },
      eventDates: { brand_exchange: 'soon' },
    });
    const replies = text(await s.say('/deadlines'));
    expect(replies).toContain('【品牌学术交流】');
    expect(replies).not.toContain('处理这条消息时出了问题');
  });
});

/** One fact or project per message; together they fill every profile field. */
const MESSAGES = [
  '我们是省级学会',
  '去年综合能力评价B等',
  '评估等级4A',
  '年检合格',
  '诚信记录良好',
  '我们有专职人员',
  '我们主办有CN刊号的期刊',
  '奖项已报备',
  '有8名医学专家',
  '2021年拿过会员之家',
  '想报一流学会',
  '想报一流学术学会',
  '想报品牌学术交流',
  '想报梯队期刊',
  '想报论文遴选',
  '想报联合体',
  '想报标准制定',
  '想报青少年科普',
  '想报健康专项',
  '想报乡村产业',
];
const EXPECTED_PROFILE = {
  orgType: 'society',
  evaluationGrade: 'B',
  assessmentLevel: 4,
  annualInspectionPassed: true,
  integrityIssues: false,
  fullTimeStaff: true,
  cnJournal: true,
  awardFiled: true,
  medicalExperts: 8,
  priorProjects: [{ year: 2021, project: 'member_home' }],
};
const EXPECTED_INTENDED = [
  'first_class_society',
  'platform_academic',
  'brand_exchange',
  'journal_tier',
  'paper_selection',
  'consortium',
  'standard',
  'youth_science',
  'health',
  'rural_industry',
];

describe('concurrent messages to one chat', () => {
  it('20 messages fired at once are handled in order, and every fact is kept', async () => {
    const s = await session();
    const all = MESSAGES.map((t) => s.say(t)); // not awaited one by one
    const replies = await Promise.all(all);
    // in order: the n-th reply speaks of the n-th message
    const marks = [
      '省级学会',
      'B等',
      '4A级',
      '年检合格',
      '诚信记录良好',
      '有专职化工作人员',
      '主办有CN刊号的期刊',
      '奖项已报备',
      '医学专家8人',
      '2021年会员之家建设',
    ];
    marks.forEach((mark, i) => expect(text(replies[i]!), `reply ${i + 1}`).toContain(mark));
    const state = await s.service.getState('console', s.chatId);
    expect(state.profile).toMatchObject(EXPECTED_PROFILE);
    expect([...(state.profile.intended ?? [])].sort()).toEqual([...EXPECTED_INTENDED].sort());
    // the order of the intended projects is the order of the messages
    expect(state.profile.intended).toEqual(EXPECTED_INTENDED);
  });

  it('two services over the same SQLite file, messages interleaved: nothing is lost', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shenbao-two-'));
    dirs.push(dir);
    const a = await session({ dir });
    const b = await session({ dir });
    const all = MESSAGES.map((t, i) => (i % 2 ? b : a).say(t));
    await Promise.all(all);
    const state = await a.service.getState('console', a.chatId);
    expect(state.profile).toMatchObject(EXPECTED_PROFILE);
    expect([...(state.profile.intended ?? [])].sort()).toEqual([...EXPECTED_INTENDED].sort());
  });

  it('different chats do not wait for each other and do not mix', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shenbao-chats-'));
    dirs.push(dir);
    const one = await session({ dir, chatId: 'one' });
    const two = await session({ dir, chatId: 'two' });
    await Promise.all([one.say('去年综合能力评价B等'), two.say('去年综合能力评价D等'), one.say('评估等级5A'), two.say('评估等级3A')]);
    expect((await one.service.getState('console', 'one')).profile).toMatchObject({ evaluationGrade: 'B', assessmentLevel: 5 });
    expect((await two.service.getState('console', 'two')).profile).toMatchObject({ evaluationGrade: 'D', assessmentLevel: 3 });
  });
});
