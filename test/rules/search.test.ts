import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { splitPassages } from '../../rules/passages.js';
import { buildSearchIndex, searchPassages, tokenize } from '../../rules/search.js';

const passages = splitPassages(readFileSync('/work/shared/guide/jsast-2022-guide.txt', 'utf8'));
const index = buildSearchIndex(passages);
const top = (q: string) => searchPassages(index, q)[0]?.passage.clause;

describe('tokenize', () => {
  it('emits CJK unigrams and bigrams, skipping stop characters', () => {
    expect(tokenize('会员的家')).toEqual(['会', '会员', '员', '家']);
  });

  it('keeps ASCII words and numbers with their unit', () => {
    const t = tokenize('具有ＣＮ刊号，不低于4A级，11月底前');
    expect(t).toEqual(expect.arrayContaining(['cn', '4a', '11', '11月', '刊号']));
    expect(t).not.toContain('，');
  });
});

describe('searchPassages on the 2022 guide', () => {
  it.each([
    ['会员之家的场所有什么要求', '三（一）3（2）'],
    ['期刊要有CN刊号吗', '三（二）2（2）1）'],
    ['联合体牵头学会要求', '三（三）1（2）'],
    ['党建强会是什么', '三（一）1（1）1）①'],
    ['纸质材料寄到哪里', '五（三）'],
    ['联系电话是多少', '五（三）'],
    ['申报截止时间是什么时候', '五（二）'],
    ['一流学会需要什么评估等级', '三（一）1（2）2）'],
    ['品牌学术交流和特色学术交流可以同时报吗', '二（三）4'],
    ['标准制定什么时候要完成', '三（三）2（2）'],
    ['健康专项的专家团队要几个人', '三（四）2（2）1）'],
    ['问道科学沙龙要办几场', '三（二）1（1）1）'],
    ['直属事业单位能申报吗', '二（二）1'],
    ['乡村振兴专项能报几个', '二（三）5'],
    ['去年综合评价C等能报一流平台学会吗', '三（一）2（2）1）'],
    ['项目管理系统网址', '五（一）'],
  ])('%s → %s', (query, clause) => {
    expect(top(query)).toMatch(new RegExp(`^${clause.replace(/[()（）]/g, '\\$&')}`));
  });

  it('returns [] for off-topic or empty questions', () => {
    for (const q of ['今天天气怎么样', '我想吃饭', '你好', '', '？？？', '请问我们可以吗']) {
      expect(searchPassages(index, q), q).toEqual([]);
    }
  });

  it('respects the limit and sorts by score', () => {
    const hits = searchPassages(index, '11月底前完成', 5);
    expect(hits).toHaveLength(5);
    const scores = hits.map((h) => h.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(searchPassages(index, '11月底前完成')).toHaveLength(3);
  });

  it('builds the index cheaply', () => {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      buildSearchIndex(passages);
      times.push(performance.now() - t);
    }
    expect(Math.min(...times)).toBeLessThan(20);
  });
});
