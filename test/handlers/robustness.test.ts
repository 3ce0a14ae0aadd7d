/**
 * Never stuck, never crashed: random sequences of what a secretary might type or tap, at any point
 * of the conversation, always get a reply with text, never the handler-failure apology, and leave
 * a stored state that is valid (so the next message loads it).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Conversation } from '../../handlers/conversation.js';
import { chatStateSchema, newState, type ChatState } from '../../handlers/state.js';
import type { HandlerContext, Incoming, Question } from '../../handlers/types.js';
import { profileSchema } from '../../rules/index.js';
import { bundled, DEFAULT_NOW } from './harness.js';

const { guide, search } = bundled();
const conversation = new Conversation(guide, search);
const ctx: HandlerContext = { guide, nowMs: Date.parse(DEFAULT_NOW) };

const TEXTS = [
  '你好',
  '/start',
  '/help',
  '/profile',
  '/check',
  '/deadlines',
  '/evidence',
  '/evidence 团标',
  '/calendar',
  '/reset',
  '/lang en',
  '/lang zh',
  '/remind on',
  '/remind off',
  '/skip',
  '/cancel',
  '/foo',
  '是',
  '否',
  '没有',
  '有',
  '不清楚',
  '跳过',
  'B等',
  'b',
  'c',
  '4A',
  '四A',
  '5A级',
  '8人',
  '0',
  '2021年拿过会员之家',
  '都没有',
  '全部',
  '学会建设',
  '一流学会和标准制定',
  '想报一流平台',
  '去掉标准制定',
  '再加上科普学会',
  '等级改成B',
  '把年检改一下',
  '医学专家改成8人',
  '如果我们是C等呢？',
  '要是评估只有3A呢',
  '我们是省级学会，去年综合能力评价C等，评估等级4A，年检合格，想报一流学会和标准制定',
  '我们的年会10月15日举办',
  '一流学会有什么条件',
  '标准制定什么时候截止',
  '纸质材料寄到哪里',
  '联系人电话',
  '我们能报什么',
  '能一起报吗',
  'C等能报一流学会吗',
  '我们其实是B等，能报联合体吗？',
  '一流学汇有什么条件',
  '啊？',
  '什么意思',
  'asdfgh',
  '？？？',
  '1',
  '2 3',
  '   ',
  '🙂',
  '开启',
  '不用了',
  '只有内刊',
  '正在报备',
  '诚信良好',
  '年检不合格',
  '我们是市级学会',
  '我们是省科协直属事业单位',
];

type Action = { kind: 'say'; text: string } | { kind: 'tap'; index: number } | { kind: 'done' } | { kind: 'stale'; index: number };
const action: fc.Arbitrary<Action> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...TEXTS).map((text) => ({ kind: 'say' as const, text })) },
  { weight: 4, arbitrary: fc.nat(9).map((index) => ({ kind: 'tap' as const, index })) },
  { weight: 2, arbitrary: fc.constant({ kind: 'done' as const }) },
  { weight: 1, arbitrary: fc.nat(9).map((index) => ({ kind: 'stale' as const, index })) },
);

async function play(actions: Action[]): Promise<void> {
  let state: ChatState = newState(ctx.nowMs);
  let question: Question | undefined;
  let old: Question | undefined;
  for (const a of actions) {
    let msg: Incoming = { channel: 'console', chatId: 'c', userId: 'u' };
    if (a.kind === 'say') msg = { ...msg, text: a.text };
    else {
      const q = a.kind === 'stale' ? old : question;
      if (!q) continue;
      if (a.kind === 'done') msg = { ...msg, choice: { question: q.id, values: [], action: 'done' } };
      else {
        const option = q.options[a.index % q.options.length]!;
        msg = { ...msg, choice: { question: q.id, values: [option.value], action: q.mode === 'multi' ? 'toggle' : 'pick' } };
      }
    }
    const outcome = await conversation.handle(msg, state, ctx);
    const where = `after ${JSON.stringify(a)}`;
    expect(outcome.replies.length, where).toBeGreaterThan(0);
    for (const r of outcome.replies) expect(r.text.trim().length, where).toBeGreaterThan(0);
    // what a store would keep, read back as the next message would
    state = chatStateSchema.parse(JSON.parse(JSON.stringify(outcome.state)));
    expect(profileSchema.safeParse(state.profile).success, where).toBe(true);
    for (const r of outcome.replies) {
      if (r.question) {
        if (question && question.id !== r.question.id) old = question;
        question = r.question;
      }
    }
    // a pending question always has its buttons somewhere: it is the one last shown
    if (state.pending && !state.pending.ask.startsWith('broadcast:')) expect(question?.id, where).toBe(state.pending.id);
  }
}

describe('random conversations', () => {
  it('always reply, never fail, always leave a valid state', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 25 }), (actions) => play(actions)),
      { numRuns: 150 },
    );
  });
});
