/**
 * The committed simplified-table.json is what the build makes with opencc-js: a table edited by hand, or a
 * library update that changes it, fails here until `npm run build` writes it again.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildSimplifiedTable, SIMPLIFIED_TABLE } from '../../src/training/simplified-table.js';
import { simplified } from '../../handlers/understanding/simplified.js';

describe('simplified table', () => {
  it('is current with opencc-js', () => {
    const committed = JSON.parse(readFileSync(new URL(`../../${SIMPLIFIED_TABLE}`, import.meta.url), 'utf8'));
    expect(committed).toEqual(buildSimplifiedTable());
  });

  it('reads traditional characters one for one, and keeps the Cantonese the table reads', () => {
    expect(simplified('申報書幾時交，寄去邊度')).toBe('申报书几时交，寄去边度');
    expect(simplified('健康嗰個')).toBe('健康嗰个');
    for (const kept of ['我们是省园林学会', 'B等4A', 'We are grade B']) expect(simplified(kept)).toBe(kept);
  });
});
