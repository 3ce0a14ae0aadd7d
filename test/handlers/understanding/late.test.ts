import { afterEach, describe, expect, it } from 'vitest';
import { openSession, type Session } from '../harness.js';

/** After the round: a question about applying now says first that the round has closed, in the question's language. */
describe('asked after the round closed', () => {
  let s: Session | undefined;
  afterEach(() => s?.close());

  it.each([
    ['二〇二二年的提升计划现在还能申请不', '已于5月17日截止'],
    ['现在还能补报吗', '已于5月17日截止'],
    ['标准制定还能报吗', '已于5月17日截止'],
    ['Can we still apply for the 2022 programme?', 'closed on 17 May'],
  ])('%s', async (text, closed) => {
    s = await openSession({ now: '2026-12-06T10:00:00+08:00' });
    const first = (await s.say(text))[0]!.text;
    expect(first).toContain(closed);
  });

  it('says nothing of it while the round is open', async () => {
    s = await openSession({ now: '2022-05-10T10:00:00+08:00' });
    const replies = await s.say('现在还能补报吗');
    expect(replies.map((r) => r.text).join('\n')).not.toContain('已于5月17日截止');
  });
});
