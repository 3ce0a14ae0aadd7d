/** Stage 2 of understanding: messages into clauses, row by row (split.yaml). */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { normaliseText } from '../../../handlers/understanding/normalise.js';
import { type Clause, presplit, splitClauses } from '../../../handlers/understanding/split.js';

type Expected = string | (Partial<Clause> & { text: string });
const rows = parse(readFileSync(new URL('./split.yaml', import.meta.url), 'utf8')) as Array<{ in: string; clauses: Expected[] }>;

/** A clause as the row writes it: unlisted flags false, `said` the text unless carried. */
function full(e: Expected): Clause {
  const c = typeof e === 'string' ? { text: e } : e;
  return {
    text: c.text,
    said: c.said ?? c.text,
    negated: c.negated ?? false,
    carried: c.carried ?? false,
    question: c.question ?? false,
    ...(c.parts && { parts: c.parts }),
  };
}

describe('splitClauses', () => {
  it('has rows for each class it handles', () => {
    expect(rows.length).toBeGreaterThanOrEqual(35);
  });

  it.each(rows.map((r) => [r.in, r] as const))('%s', (_, row) => {
    expect(splitClauses(row.in)).toEqual(row.clauses.map(full));
  });

  it('keeps a question apart when asked to: the fact reader decides what its pieces state', () => {
    expect(splitClauses('D等,一流平台还能报吗', { questions: 'apart' }).map((c) => [c.text, c.question])).toEqual([
      ['D等', true],
      ['一流平台还能报吗', true],
    ]);
  });

  it('loses no words: every clause said is in the message', () => {
    for (const row of rows) for (const c of splitClauses(row.in)) expect(row.in.replace(/,(?=\d{2}年)/g, '、')).toContain(c.said);
  });

  it('never fails, and every clause is a piece of the message, for any text', () => {
    const pieces = [
      '2021年',
      '20年',
      '去年',
      '前年',
      '拿过',
      '发展助力',
      '没有',
      '也是',
      '也',
      '但是',
      '不过',
      '、',
      ',',
      '?',
      '吗',
      ' ',
      '\n',
      '年检',
      '合格',
      'B等',
      '4A',
      '能报',
    ];
    const messy = fc.oneof(
      fc.array(fc.constantFrom(...pieces), { maxLength: 14 }).map((p) => p.join('')),
      fc.string({ maxLength: 40 }),
    );
    fc.assert(
      fc.property(messy, fc.constantFrom<'together' | 'apart'>('together', 'apart'), (raw, questions) => {
        const text = normaliseText(raw).text;
        for (const c of splitClauses(text, { questions })) {
          expect(presplit(text)).toContain(c.said.split(' ')[0]);
          expect(c.text.length).toBeGreaterThan(0);
          if (c.carried) expect(c.text.length).toBeGreaterThan(c.said.length);
        }
      }),
      { numRuns: 3000 },
    );
  });
});
