import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { openSession, type Session } from '../harness.js';

/** follow-ups.yaml: a question, then a follow-up about another project, expanded over kinds × pairs × forms × names. */
interface Grammar {
  start: string;
  kinds: Record<string, { ask: string; mark: string }>;
  pairs: Array<[string, string, string]>;
  forms: string[];
}

const grammar = parse(readFileSync(new URL('./follow-ups.yaml', import.meta.url), 'utf8')) as Grammar;

const cases = Object.entries(grammar.kinds).flatMap(([kind, { ask, mark }]) =>
  grammar.pairs.flatMap(([first, next, short]) =>
    grammar.forms.flatMap((form) => [next, short].map((name) => [kind, ask.replace('{P}', first), form.replace('{Q}', name), mark, short] as const)),
  ),
);

describe('follow-ups by class (follow-ups.yaml)', () => {
  let s: Session | undefined;
  afterEach(() => s?.close());

  it.each(cases)('%s: %s → %s', async (_kind, first, next, mark, short) => {
    s = await openSession({ now: '2022-05-10T10:00:00+08:00' });
    await s.say(grammar.start);
    await s.say(first);
    const reply = (await s.say(next)).map((r) => r.text ?? '').join('\n');
    expect(reply).toMatch(new RegExp(mark));
    expect(reply).toContain(short);
  });
});
