import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { openSession, type Session, storedState } from '../harness.js';

/** question-kinds.yaml: a grammar of questions, expanded into one case per lead × wording × project × tail. */
interface Grammar {
  start: string;
  projects: string[];
  leads: string[];
  tails: string[];
  kinds: Record<string, { mark: string; forms: string[] }>;
}

const grammar = parse(readFileSync(new URL('./question-kinds.yaml', import.meta.url), 'utf8')) as Grammar;

const cases = Object.entries(grammar.kinds).flatMap(([kind, { mark, forms }]) =>
  forms.flatMap((form) =>
    grammar.projects.flatMap((p) =>
      grammar.leads.flatMap((lead) => grammar.tails.map((tail) => [kind, `${lead}${form.replace('{P}', p)}${tail}`, mark] as const)),
    ),
  ),
);

describe('questions by kind (question-kinds.yaml)', () => {
  let s: Session | undefined;
  afterEach(() => s?.close());

  it.each(cases)('%s: %s', async (_kind, say, mark) => {
    s = await openSession({ now: '2022-05-10T10:00:00+08:00' });
    await s.say(grammar.start);
    const before = (await storedState(s)).profile;
    const reply = (await s.say(say)).map((r) => r.text ?? '').join('\n');
    expect(reply).toMatch(new RegExp(mark));
    // A question changes nothing stored: no plan, no fact.
    expect((await storedState(s)).profile).toEqual(before);
  });
});
