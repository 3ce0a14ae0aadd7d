import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { conversationOf, type Session, storedState } from '../harness.js';

interface Row {
  say: string[];
  contains?: string[];
  absent?: string[];
  profile?: Record<string, unknown>;
  unset?: string[];
  /** The clock, when not the round's default (a real-clock row: "2026-12-07T10:00:00+08:00"). */
  now?: string;
}

const rows = parse(readFileSync(new URL('./acts.yaml', import.meta.url), 'utf8')) as Row[];

describe('what a message does, by class (acts.yaml)', () => {
  let s: Session | undefined;
  afterEach(() => s?.close());

  it.each(rows.map((r) => [r.say.join(' ⏎ '), r] as const))('%s', async (_, row) => {
    const { session, last } = await conversationOf(row.say, row.now);
    s = session;
    for (const want of row.contains ?? [])
      expect(
        want.split('|').some((w) => last.includes(w)),
        `"${want}" in:\n${last}`,
      ).toBe(true);
    for (const not of row.absent ?? []) expect(last).not.toContain(not);
    const { profile } = await storedState(session);
    for (const [key, value] of Object.entries(row.profile ?? {})) expect(profile[key as keyof typeof profile], key).toEqual(value);
    for (const key of row.unset ?? []) expect(profile[key as keyof typeof profile], key).toBeUndefined();
  });
});
