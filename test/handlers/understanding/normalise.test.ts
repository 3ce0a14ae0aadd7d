/**
 * Stage 1 of understanding: the normalisation table, row by row (normalise.yaml), and its two
 * properties: normalising twice changes nothing more, and a protected word is never touched.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { DIALECT, PROTECTED, TYPOS } from '../../../handlers/understanding/normalise-table.js';
import { normaliseText, originalOf, originalOfPiece } from '../../../handlers/understanding/normalise.js';

interface Row {
  in: string;
  out: string;
  value?: { min: number; max?: number; approx?: boolean };
}

const rows = parse(readFileSync(new URL('./normalise.yaml', import.meta.url), 'utf8')) as Row[];

describe('normaliseText, row by row', () => {
  it('has rows for each class the table fixes', () => {
    expect(rows.length).toBeGreaterThanOrEqual(80);
  });

  it.each(rows.map((r) => [r.in, r] as const))('%s', (_, row) => {
    const n = normaliseText(row.in);
    expect(n.text).toBe(row.out);
    expect(n.original).toBe(row.in);
    if (row.value) expect(n.spans.find((s) => s.kind === 'numeral')?.value).toEqual(row.value);
  });
});

describe('normaliseText, properties', () => {
  // Text made of the characters the table reads: numerals, table spellings, protected words, punctuation.
  const pieces = [
    ...PROTECTED,
    ...DIALECT.map((r) => r.from),
    ...TYPOS.map((r) => r.from),
    ...'零〇一二两三四五六七八九十百千万个场名位年月号第周这几来多左右AＡ，。？ 有没不够吗么了的学会报'.split(''),
    '沙龙',
    '专家',
    '2021年',
    '拿过',
  ];
  const messy = fc.array(fc.constantFrom(...pieces), { maxLength: 12 }).map((p) => p.join(''));
  const anyText = fc.oneof(messy, fc.string({ maxLength: 30 }), fc.string({ unit: 'grapheme', maxLength: 20 }));

  it('is idempotent', () => {
    fc.assert(
      fc.property(anyText, (t) => {
        const once = normaliseText(t).text;
        expect(normaliseText(once).text).toBe(once);
      }),
      { numRuns: 3000 },
    );
  });

  it('never changes a protected word', () => {
    fc.assert(
      fc.property(messy, fc.constantFrom(...PROTECTED), messy, (before, word, after) => {
        // A protected word keeps its characters wherever it stands, even between numerals and chat spellings.
        const text = `${before}，${word}，${after}`;
        expect(normaliseText(text).text).toContain(`,${word},`);
      }),
      { numRuns: 3000 },
    );
  });

  it('maps every piece of the normalised text back to the words as typed', () => {
    fc.assert(
      fc.property(messy, (t) => {
        const n = normaliseText(t);
        expect(originalOf(n)).toBe(t.trim().replace(/^[\s\u3000]+|[\s\u3000]+$/g, ''));
      }),
      { numRuns: 1000 },
    );
    const n = normaliseText('去年评价B等，木有不良记录');
    expect(originalOfPiece(n, '没有不良记录')).toBe('木有不良记录');
    expect(originalOfPiece(n, '评价B等')).toBe('评价B等');
  });
});
