import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { openSession, type Session, storedState } from '../harness.js';

/** plan-edits.yaml: a grammar of plan edits, expanded here into one case per lead × wording × tail × name. */
interface Grammar {
  start: string;
  ids: Record<'A' | 'B', string>;
  A: string[];
  C: Record<string, string>;
  leads: string[];
  tails: string[];
  classes: Record<string, { want: Array<'A' | 'B' | 'C'>; forms: string[] }>;
}

const grammar = parse(readFileSync(new URL('./plan-edits.yaml', import.meta.url), 'utf8')) as Grammar;

function expand(): Array<[string, string, string[]]> {
  const cases: Array<[string, string, string[]]> = [];
  for (const [cls, { want, forms }] of Object.entries(grammar.classes))
    for (const form of forms)
      for (const [c, cId] of Object.entries(grammar.C)) {
        if (!form.includes('{C}') && c !== Object.keys(grammar.C)[0]) continue;
        for (const a of form.includes('{A}') ? grammar.A : [grammar.A[0]!])
          for (const lead of grammar.leads)
            for (const tail of grammar.tails) {
              const say = `${lead}${form.replaceAll('{A}', a).replaceAll('{C}', c)}${tail}`;
              const ids = want.map((k) => (k === 'C' ? cId : grammar.ids[k]));
              cases.push([cls, say, ids.sort()]);
            }
      }
  return cases;
}

describe('plan edits by class (plan-edits.yaml)', () => {
  let s: Session | undefined;
  afterEach(() => s?.close());

  it.each(expand())('%s: %s', async (_cls, say, want) => {
    s = await openSession({ now: '2022-05-10T10:00:00+08:00' });
    await s.say(grammar.start);
    for (const part of say.split('||')) await s.say(part);
    const planned = [...((await storedState(s)).profile.intended ?? [])].sort();
    expect(planned).toEqual(want);
  });
});
