import { readFileSync } from 'node:fs';
import { describe, it, expect } from 'vitest';
import { splitPassages, type Passage } from '../../rules/passages.js';

const guide = readFileSync('/work/shared/guide/jsast-2022-guide.txt', 'utf8');
const passages = splitPassages(guide);

function find(snippet: string): Passage {
  const hits = passages.filter((p) => p.text.includes(snippet));
  expect(hits, `exactly one passage contains "${snippet}"`).toHaveLength(1);
  return hits[0]!;
}

describe('splitPassages on the 2022 guide', () => {
  it.each([
    ['申报学会上一年度综合能力评价等级不低于B等', '三（一）1（2）1）'],
    ['“品牌学术交流、特色学术交流”项目互不兼报', '二（三）4'],
    ['须在本年度11月底前完成标准制定并发布', '三（三）2（2）'],
    ['5月17日17:00前提交电子版', '五（二）'],
    ['省科协学会学术部', '五（三）'],
    ['组成人数不少于6人', '三（四）2（2）1）'],
    ['积极创建党建强会品牌活动', '三（一）1（1）1）①'],
    ['申报学会是公开发行具有CN刊号的科技期刊的主办单位', '三（二）2（2）1）'],
    ['设定“会员之家”场所', '三（一）3（2）1）'],
    ['牵头学会上一年度省科协综合能力评价B级以上（含）', '三（三）1（2）7）'],
    ['举办年度序列小型高端学术交流活动（不少于15场）', '三（二）1（1）1）'],
    ['充分发挥学会组织在推动学术繁荣', '三（二）1'],
    ['本年度11月底前开展并完成评奖工作', '三（三）4（2）'],
    ['2020、2021连续两年获得立项的学会不得申报', '三（一）4（2）3）'],
    ['各省级学会（协会、研究会、促进会），各直属事业单位', '通知'],
    ['加强领导，精心谋划', '四（一）'],
    ['打造具有标志性、引领性、突破性的双一流学会', '一'],
    ['于下一年度上半年完成项目经费的拨付', '二（一）'],
    ['上一年度已参加省科协学会综合能力评价和省民政厅年检', '二（二）2'],
    ['农业新技术、新品种、新模式、新装备', '三（四）3（1）1）'],
  ])('"%s" sits in %s', (snippet, clause) => {
    expect(find(snippet).clause).toBe(clause);
  });

  it('carries the nearest headings', () => {
    expect(find('申报学会上一年度综合能力评价等级不低于B等').heading).toBe('一流学会建设 · 相关要求');
    expect(find('须在本年度11月底前完成标准制定并发布').heading).toBe('标准制定 · 相关要求');
    expect(find('积极创建党建强会品牌活动').heading).toBe('组织凝聚力全面增强 · 坚持党建强会');
    expect(find('贯彻学术为本理念').heading).toBe('一流平台学会建设 · 一流学术平台');
    expect(find('牵头学会需抓好联合体组织建设').heading).toBe('学会联合体建设 · 项目要求');
    expect(find('省科协学会学术部').heading).toBe('申报方式、申报时间和联系方式 · 联系方式');
  });

  it('keeps the body of a titled item together and strips only the marker', () => {
    const contact = find('省科协学会学术部');
    expect(contact.text).toContain('025-83625058');
    expect(contact.text).toContain('南京市建邺区梦都大街50号');
    expect(contact.text).not.toContain('印发');
    expect(find('申报学会评估等级不低于4A级').text).toBe('申报学会评估等级不低于4A级。');
  });

  it('turns the project table into one passage per category', () => {
    const table = passages.filter((p) => p.heading.includes('项目设置'));
    expect(table.map((p) => p.text.split(/[ \n]/)[0])).toEqual(['学会建设', '学术建设', '服务平台建设', '科技为民服务实事专项', '合计']);
    expect(table.every((p) => p.clause === '二（一）')).toBe(true);
    expect(find('会员之家建设 15').clause).toBe('二（一）');
    expect(find('合计 277').clause).toBe('二（一）');
  });

  it('never emits a bare title or an empty passage', () => {
    for (const p of passages) {
      expect(p.text.trim().length).toBeGreaterThan(0);
      expect(p.text).not.toMatch(/^(项目内容|相关要求)$/);
      expect(p.clause).toMatch(/^(通知|[一二三四五](（[一二三四]）)?.*)$/);
    }
  });

  it('keeps the guide wording verbatim', () => {
    const lines = new Set(guide.split('\n').map((l) => l.trim()));
    const checked = passages.filter((p) => p.clause !== '二（一）' || !p.heading.includes('项目设置'));
    for (const p of checked) {
      for (const line of p.text.split('\n')) {
        const inGuide = lines.has(line) || [...lines].some((l) => l.endsWith(line) && line.length > 3);
        expect(inGuide, line).toBe(true);
      }
    }
  });

  it('handles small synthetic input', () => {
    const text = ['前言一段', '一、总则', '（一）范围', '1．条目标题', '（1）相关要求', '正文甲。', '正文乙。', '2、第二条内容很长，说明了一些事情。'].join(
      '\n',
    );
    expect(splitPassages(text)).toEqual([
      { clause: '通知', heading: '通知', text: '前言一段' },
      { clause: '一（一）1（1）', heading: '条目标题 · 相关要求', text: '正文甲。\n正文乙。' },
      { clause: '一（一）2', heading: '总则 · 范围', text: '第二条内容很长，说明了一些事情。' },
    ]);
  });
});
