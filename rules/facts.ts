import type { Fact, Profile } from './profile.js';

/** How each profile fact is named in Chinese answers; the years follow the guide's programme year. */
export function factLabels(year: number): Record<Fact, string> {
  return {
    ...FACT_LABELS,
    evaluationGrade: `上一年度（${year - 1}年）学会综合能力评价等级`,
    priorProjects: `往年（${year - 2}、${year - 1}年）获得的提升计划项目`,
  };
}

/** The labels without years (roster column headers are matched against these). */
export const FACT_LABELS: Record<Fact, string> = {
  orgType: '单位类型（省级学会／省科协直属事业单位）',
  evaluationGrade: '上一年度学会综合能力评价等级',
  assessmentLevel: '社会组织评估等级',
  annualInspectionPassed: '上一年度省民政厅年检是否合格',
  integrityIssues: '往年提升计划项目中有无弄虚作假、违规使用资金等不良记录',
  fullTimeStaff: '秘书处有无专职化工作人员',
  cnJournal: '是否主办有CN刊号的公开发行科技期刊',
  awardFiled: '学会自主设立的科技奖项是否已在省科技厅报备',
  medicalExperts: '健康服务医学专家队伍人数',
  priorProjects: '往年获得的提升计划项目',
};

const ORG_NAMES = { society: '省级学会', affiliated_institution: '省科协直属事业单位', other: '其他单位' } as const;

/** The profile's value of a fact, in words ("C等", "4A级"); undefined when unknown. */
export function describeFact(profile: Profile, fact: Fact, projectNames?: (id: string) => string): string | undefined {
  switch (fact) {
    case 'orgType':
      return profile.orgType && ORG_NAMES[profile.orgType];
    case 'evaluationGrade':
      if (!profile.evaluationGrade) return undefined;
      return profile.evaluationGrade === 'none' ? '未参加综合能力评价' : `${profile.evaluationGrade}等`;
    case 'assessmentLevel':
      if (profile.assessmentLevel === undefined) return undefined;
      return profile.assessmentLevel === 0 ? '未参加评估' : `${profile.assessmentLevel}A级`;
    case 'annualInspectionPassed':
      return yesNo(profile.annualInspectionPassed, '年检合格', '未参加年检或年检不合格');
    case 'integrityIssues':
      return yesNo(profile.integrityIssues, '有不良记录', '诚信记录良好');
    case 'fullTimeStaff':
      return yesNo(profile.fullTimeStaff, '有专职化工作人员', '没有专职化工作人员');
    case 'cnJournal':
      return yesNo(profile.cnJournal, '主办有CN刊号的期刊', '没有主办CN刊号期刊');
    case 'awardFiled':
      return yesNo(profile.awardFiled, '奖项已报备', '奖项未报备');
    case 'medicalExperts':
      return profile.medicalExperts === undefined ? undefined : `医学专家${profile.medicalExperts}人`;
    case 'priorProjects': {
      if (!profile.priorProjects) return undefined;
      if (profile.priorProjects.length === 0) return '往年未获提升计划项目';
      const name = projectNames ?? ((id: string) => id);
      return profile.priorProjects.map((p) => `${p.year}年${name(p.project)}`).join('、');
    }
  }
}

function yesNo(value: boolean | undefined, ifTrue: string, ifFalse: string): string | undefined {
  return value === undefined ? undefined : value ? ifTrue : ifFalse;
}
