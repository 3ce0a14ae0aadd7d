/**
 * The round's state (issue 10): once the application deadline has passed, /start, /check and
 * /deadlines say so first, then what is ahead for a funded society and that the next guide will be
 * loaded. Before it, nothing is added. The rule side is checked on the year-shifted guide as well.
 */
import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { roundState } from '../../rules/index.js';
import { writeShiftedGuide } from '../rules/year-shift.js';
import { bundled, openSession, text } from './harness.js';

const { guide } = bundled();
const shifted = writeShiftedGuide(1);
afterAll(() => rmSync(shifted.dir, { recursive: true, force: true }));
const at = (iso: string) => Date.parse(iso);

describe('roundState', () => {
  it('closes at the minute the online system closes (READING 12), from the guide’s own deadlines', () => {
    expect(roundState(guide, at('2022-05-17T16:59:59+08:00')).closed).toBe(false);
    const closed = roundState(guide, at('2022-05-17T17:00:00+08:00'));
    expect(closed.closed).toBe(true);
    expect(closed.closing?.id).toBe('application-online');
  });

  it('lists what is ahead for the society’s projects, and nothing once the programme year is over', () => {
    const june = roundState(guide, at('2022-06-01T09:00:00+08:00'), ['standard']);
    expect(june.ahead.map((d) => d.id)).toEqual(['standard-complete', 'acceptance']);
    const december = roundState(guide, at('2022-12-10T09:00:00+08:00'), ['standard']);
    expect(december.ahead.map((d) => d.id)).toEqual(['acceptance']);
    expect(roundState(guide, at('2023-02-01T09:00:00+08:00')).ahead).toEqual([]);
  });

  it('follows a year-shifted guide with no code change', () => {
    expect(roundState(shifted.guide, at('2022-06-01T09:00:00+08:00')).closed).toBe(false);
    const r = roundState(shifted.guide, at('2023-06-01T09:00:00+08:00'));
    expect(r).toMatchObject({ year: 2023, closed: true });
    expect(r.closing?.at).toBe('2023-05-17T17:00:00+08:00');
  });
});

describe('in the chat', () => {
  it('says nothing extra while the round is open', async () => {
    const s = await openSession({ now: '2022-05-10T10:00:00+08:00' });
    try {
      for (const command of ['/start', '/deadlines', '/check']) expect(text(await s.say(command))).not.toContain('截止。');
    } finally {
      await s.close();
    }
  });

  it('after the deadline, /start, /check and /deadlines say so first', async () => {
    const s = await openSession({ now: '2022-06-01T10:00:00+08:00' });
    try {
      for (const command of ['/start', '/check', '/deadlines']) {
        const replies = await s.say(command);
        expect(replies[0]!.text.startsWith('⚠️ 2022年度申报已于5月17日截止。'), `${command}: ${replies[0]!.text.slice(0, 60)}`).toBe(true);
        expect(replies[0]!.text).toContain('已获立项的学会接下来还有');
        expect(replies[0]!.text).toContain('2023年度指南发布后');
      }
    } finally {
      await s.close();
    }
  });

  it('long after the year, nothing is said to be ahead', async () => {
    const s = await openSession({ now: '2026-11-30T10:00:00+08:00' });
    try {
      const first = (await s.say('/start'))[0]!.text;
      expect(first).toContain('2022年度申报已于5月17日截止');
      expect(first).toContain('2022年度的项目事项也都已结束');
      expect(first).not.toContain('另行通知');
    } finally {
      await s.close();
    }
  });
});
