/**
 * The committed homophone-table.json is what the build makes of homophone-words.ts: a word added there and not
 * built fails here, and so does a table edited by hand.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildHomophoneTable, HOMOPHONE_TABLE } from '../../src/training/homophone-table.js';
import { repairHomophones } from '../../handlers/understanding/homophones.js';

describe('homophone table', () => {
  it('is current with homophone-words.ts', () => {
    const committed = JSON.parse(readFileSync(new URL(`../../${HOMOPHONE_TABLE}`, import.meta.url), 'utf8'));
    expect(committed).toEqual(buildHomophoneTable());
  });

  it('reads slips by sound and keeps real words of the same sound', () => {
    expect(repairHomophones('想深报品排学术交流和特涩学术活动')).toBe('想申报品牌学术交流和特色学术活动');
    expect(repairHomophones('在家一个问道科学沙龙 冲凸吗')).toBe('再加一个问道科学沙龙 冲突吗');
    for (const kept of ['我在家办公', '体检报告出来没', '截至目前有12个专家', '我们编年鉴', '五一六', '专家只有五个'])
      expect(repairHomophones(kept)).toBe(kept);
  });
});
