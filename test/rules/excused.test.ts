/** excusedBy: a fact told that the guide does not hold against this kind of unit (READING 6). */
import { describe, expect, it } from 'vitest';
import { excusedBy } from '../../rules/index.js';
import { loadGuideFile } from '../../src/guide-file.js';

const guide = loadGuideFile();

describe('excusedBy', () => {
  it('excuses a failed 年检 for a 直属事业单位, with the clause and reading', () => {
    const by = excusedBy(guide, { orgType: 'affiliated_institution', annualInspectionPassed: false }, 'annualInspectionPassed');
    expect(by?.clause).toBe('二（二）2');
    expect(by?.reading).toBe(6);
  });

  it('excuses no evaluation grade for a 直属事业单位', () => {
    expect(excusedBy(guide, { orgType: 'affiliated_institution', evaluationGrade: 'none' }, 'evaluationGrade')).toBeDefined();
  });

  it('does not excuse a society, nor a fact that holds, nor the unit type itself', () => {
    expect(excusedBy(guide, { orgType: 'society', annualInspectionPassed: false }, 'annualInspectionPassed')).toBeUndefined();
    expect(excusedBy(guide, { orgType: 'affiliated_institution', annualInspectionPassed: true }, 'annualInspectionPassed')).toBeUndefined();
    expect(excusedBy(guide, { orgType: 'society', evaluationGrade: 'C' }, 'orgType')).toBeUndefined();
  });

  it('does not excuse integrity issues, which count for every unit (二（二）3)', () => {
    expect(excusedBy(guide, { orgType: 'affiliated_institution', integrityIssues: true }, 'integrityIssues')).toBeUndefined();
  });
});
