/**
 * The faults an independent fidelity check found (issue 10), each pinned: alternatives keep only
 * projects the society may apply for, a prior-project reason names only the award that matters,
 * the 四（二） note says what the clause says, a BOM is accepted, readings 11–13 are in the data.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { check, parseGuide, type Profile } from '../../rules/index.js';
import { BUNDLED_GUIDE, loadGuideFile } from '../../src/guide-file.js';

const guide = loadGuideFile();
const BASE: Profile = {
  orgType: 'society',
  assessmentLevel: 5,
  annualInspectionPassed: true,
  integrityIssues: false,
  fullTimeStaff: true,
  cnJournal: true,
  awardFiled: true,
  medicalExperts: 6,
  priorProjects: [],
};

describe('closest allowed combinations', () => {
  it('a grade-C society is not advised to keep 一流学会; it is removed with its reason', () => {
    const result = check(guide, { ...BASE, evaluationGrade: 'C', intended: ['first_class_society', 'development_aid', 'platform_academic'] });
    expect(result.projects.first_class_society.verdict).toBe('ineligible');
    expect(result.alternatives.length).toBeGreaterThan(0);
    for (const alt of result.alternatives) {
      expect(alt.intended.map((i) => i.project)).not.toContain('first_class_society');
      const why = alt.because.find((b) => b.project === 'first_class_society')!;
      expect(why.clause).toBe('三（一）1（2）1）');
      expect(why.text).toContain('C等');
    }
  });

  it('a grade-B society is not advised to take 发展助力', () => {
    const result = check(guide, { ...BASE, evaluationGrade: 'B', intended: ['platform_academic', 'development_aid'] });
    expect(result.alternatives).toHaveLength(1);
    const [alt] = result.alternatives;
    expect(alt!.intended.map((i) => i.project)).toEqual(['platform_academic']);
    expect(alt!.because).toEqual([{ project: 'development_aid', clause: '三（一）4（2）2）', text: expect.stringContaining('B等') }]);
  });

  it('never adds an ineligible companion; an unknown kept project says what is missing', () => {
    // Grade unknown: 一流学会 and the platforms are unknown; the companion added says what it waits on.
    const result = check(guide, { ...BASE, evaluationGrade: undefined, intended: ['first_class_society'] });
    expect(result.alternatives.length).toBeGreaterThan(0);
    for (const alt of result.alternatives) {
      for (const p of alt.pending) expect(p.missing).toContain('evaluationGrade');
      expect(alt.pending.map((p) => p.project).sort()).toEqual(alt.intended.map((i) => i.project).sort());
    }
    const noGrade = check(guide, { ...BASE, evaluationGrade: 'D', intended: ['first_class_society'] });
    for (const alt of noGrade.alternatives) expect(alt.added).toEqual([]);
  });
});

describe('reasons', () => {
  it('a prior-project reason names only the award that matters', () => {
    const history = [
      { year: 2019, project: 'development_aid' as const },
      { year: 2020, project: 'standard' as const },
      { year: 2021, project: 'member_home' as const },
    ];
    const result = check(guide, { ...BASE, evaluationGrade: 'B', priorProjects: history });
    const [reason] = result.projects.member_home.reasons;
    expect(reason!.text).toMatch(/当前为2021年会员之家建设$/);
    expect(reason!.text).not.toContain('2019');
    expect(reason!.text).not.toContain('标准制定');
    const award = result.projects.tech_award.reasons.find((r) => r.text.includes('科技奖励项目'))!;
    expect(award.text).toContain('未获2021年科技奖励');
    expect(award.text).not.toContain('会员之家');
  });

  it('the 四（二） note is forward-looking, as the clause says', () => {
    const prepare = check(guide, BASE).projects.standard.prepare.find((p) => p.includes('四（二）'))!;
    expect(prepare).toContain('下一年度');
    expect(prepare).not.toMatch(/20\d\d|今年/);
  });
});

describe('readings 11–13', () => {
  it('are spelled out in the data', () => {
    for (const n of [11, 12, 13]) expect(guide.readingText(n), `reading ${n}`).toBeTruthy();
    expect(guide.readingText(11)).toContain('省科协学会学术部');
    expect(guide.readingText(11)).toContain('分别');
  });

  it('青少年科普 + 健康 is a 二（三）6 conflict resting on reading 11', () => {
    const result = check(guide, { ...BASE, evaluationGrade: 'A', intended: ['youth_science', 'health'] });
    expect(result.conflicts).toEqual([expect.objectContaining({ clause: '二（三）6', reading: 11, projects: ['youth_science', 'health'] })]);
  });
});

describe('a guide file with a UTF-8 BOM', () => {
  it('is read like the same file without it', () => {
    const text = readFileSync(BUNDLED_GUIDE, 'utf8');
    expect(parseGuide(`\uFEFF${text}`).data).toEqual(parseGuide(text).data);
  });
});
