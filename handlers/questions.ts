import { FACTS, type Fact, type Guide, type Profile, type ProjectId } from '../rules/index.js';
import { parseGrade, parseLevel, parseNumber, parseOrgType, parsePriorProjects, parseYesNo, type ProjectMatcher } from './parse.js';
import type { Option } from './types.js';

/**
 * The interview's questions. A step is a profile fact, or `categories` / `projects:<category>`
 * for choosing what to apply for. Each has buttons and a free-text parser.
 */
export interface QuestionDef {
  text: string;
  hint: string;
  mode: 'single' | 'multi';
  options: Option[];
  /** The profile change an answer makes, or undefined when it cannot be understood. */
  parse(values: string[] | string): Partial<Profile> | undefined;
}

const YES_NO: Option[] = [
  { value: 'yes', label: '是' },
  { value: 'no', label: '否' },
];

/** A yes/no question; `special` reads answers that mean yes or no only for this fact. */
function yesNoQuestion(fact: Fact, text: string, special?: (t: string) => boolean | undefined): QuestionDef {
  return {
    text,
    hint: '请回答“是”或“否”（也可以说“有”“没有”“合格”“不合格”）。',
    mode: 'single',
    options: YES_NO,
    parse: (v) => {
      const answer = Array.isArray(v) ? (v[0] === 'yes' ? true : v[0] === 'no' ? false : undefined) : (special?.(v) ?? parseYesNo(v));
      return answer === undefined ? undefined : { [fact]: answer };
    },
  };
}

export function factQuestion(fact: Fact, guide: Guide, matcher: ProjectMatcher): QuestionDef {
  switch (fact) {
    case 'orgType':
      return {
        text: '你们是哪类单位？',
        hint: '可选：省级学会（含协会、研究会、促进会）／省科协直属事业单位／其他单位。',
        mode: 'single',
        options: [
          { value: 'society', label: '省级学会' },
          { value: 'affiliated_institution', label: '省科协直属事业单位' },
          { value: 'other', label: '其他单位' },
        ],
        parse: (v) => {
          const org = Array.isArray(v) ? (v[0] as Profile['orgType']) : parseOrgType(v);
          return org && ['society', 'affiliated_institution', 'other'].includes(org) ? { orgType: org } : undefined;
        },
      };
    case 'evaluationGrade':
      return {
        text: '去年（2021年度）学会综合能力评价是什么等级？',
        hint: '可回答 A、B、C、D（如“B等”“b”），没参加评价请回答“没参加”。',
        mode: 'single',
        options: [
          ...(['A', 'B', 'C', 'D'] as const).map((g) => ({ value: g, label: `${g}等` })),
          { value: 'none', label: '没参加评价' },
        ],
        parse: (v) => {
          const g = Array.isArray(v) ? v[0] : parseGrade(v);
          return g && ['A', 'B', 'C', 'D', 'none'].includes(g) ? { evaluationGrade: g as Profile['evaluationGrade'] } : undefined;
        },
      };
    case 'assessmentLevel':
      return {
        text: '学会的社会组织评估等级是几A？',
        hint: '可回答 1A–5A（如“4A”“四A”“5A级”），没参加评估请回答“未评估”。',
        mode: 'single',
        options: [
          ...[5, 4, 3, 2, 1].map((n) => ({ value: String(n), label: `${n}A` })),
          { value: '0', label: '未评估' },
        ],
        parse: (v) => {
          const level = Array.isArray(v) ? Number(v[0]) : parseLevel(v);
          return level !== undefined && Number.isInteger(level) && level >= 0 && level <= 5 ? { assessmentLevel: level } : undefined;
        },
      };
    case 'annualInspectionPassed':
      return yesNoQuestion(fact, '去年是否参加了省民政厅年检，并且年检合格？');
    case 'integrityIssues': {
      // The question asks about misconduct: "良好", "没问题", "清白" mean none (false), not "yes".
      const q = yesNoQuestion(fact, '往年实施“提升计划”项目时，是否有过弄虚作假、违规使用项目资金等不良行为？', (t) =>
        /良好|清白|没问题|没出过|规范|守信|干净|一直很好|从来没|从未/.test(t) ? false : undefined,
      );
      // "是/否" reads backwards here (是 = misconduct), so the buttons say what they mean.
      const options = [
        { value: 'no', label: '没有（诚信记录良好）' },
        { value: 'yes', label: '有过' },
      ];
      return { ...q, options, hint: '请回答“没有”（诚信记录良好）或“有过”。' };
    }
    case 'fullTimeStaff':
      return yesNoQuestion(fact, '学会秘书处有专职化工作人员吗（社会招聘或劳务派遣）？', (t) =>
        /兼职/.test(t) && !/专职/.test(t) ? false : undefined,
      );
    case 'cnJournal':
      return yesNoQuestion(fact, '学会是否主办公开发行、有CN刊号的科技期刊？', (t) =>
        // An in-house journal (内刊) or a co-sponsored one (协办) is not "主办 … CN刊号".
        /内刊|内部刊物|没有?CN|无CN|协办|承办/i.test(t) ? false : /主办/.test(t) && !/不|没|未/.test(t) ? true : undefined,
      );
    case 'awardFiled':
      return yesNoQuestion(fact, '学会自主设立的科技奖项，是否已在省科学技术行政部门（省科技厅）报备？', (t) =>
        /正在|在办|办理中|还在|准备报备|没设|没有设/.test(t) ? false : undefined,
      );
    case 'medicalExperts':
      return {
        text: '学会健康服务的医学专家队伍有多少人？',
        hint: '请直接输入人数，如“8”或“8人”。',
        mode: 'single',
        options: [0, 3, 5, 6, 8, 10].map((n) => ({ value: String(n), label: n === 10 ? '10人及以上' : `${n}人` })),
        parse: (v) => {
          const n = Array.isArray(v) ? Number(v[0]) : /没有|无/.test(v) ? 0 : parseNumber(v);
          return n !== undefined && Number.isInteger(n) && n >= 0 && n < 100_000 ? { medicalExperts: n } : undefined;
        },
      };
    case 'priorProjects': {
      const options = priorOptions(guide);
      return {
        text: '2020、2021年学会获得过下列提升计划项目吗？可多选，都没有就直接点“选好了”。',
        hint: '例如“2021年拿过会员之家”，或回答“都没有”。',
        mode: 'multi',
        options,
        parse: (v) => {
          if (Array.isArray(v)) {
            const prior = v.filter((x) => options.some((o) => o.value === x)).map((x) => {
              const [year, project] = x.split(':');
              return { year: Number(year), project: project as ProjectId };
            });
            return prior.length === v.length ? { priorProjects: prior } : undefined;
          }
          const prior = parsePriorProjects(v, matcher);
          return prior ? { priorProjects: prior } : undefined;
        },
      };
    }
  }
}

/** The earlier projects this guide's conditions look at, as buttons ("2021年 会员之家建设"). */
function priorOptions(guide: Guide): Option[] {
  const seen = new Map<string, Option>();
  for (const id of guide.projectIds) {
    for (const { condition } of guide.conditionsOf(id)) {
      const years = condition.kind === 'not_funded_in' ? [condition.year] : condition.kind === 'not_funded_in_all' ? condition.years : [];
      for (const year of years) {
        if (condition.kind !== 'not_funded_in' && condition.kind !== 'not_funded_in_all') continue;
        const value = `${year}:${condition.project}`;
        seen.set(value, { value, label: `${year}年 ${guide.projectName(condition.project)}` });
      }
    }
  }
  return [...seen.values()].sort((a, b) => a.value.localeCompare(b.value));
}

export const ALL = 'all';

export function categoriesQuestion(guide: Guide): QuestionDef {
  const options = [...guide.data.categories.map((c) => ({ value: c.id, label: c.name })), { value: ALL, label: '还没想好，全部看看' }];
  return {
    text: '今年打算申报哪些类别的项目？可多选，选好后点“选好了”。',
    hint: `可选：${options.map((o) => o.label).join('、')}；也可以直接说项目名，如“一流学会和标准制定”。`,
    mode: 'multi',
    options,
    parse: () => undefined,
  };
}

export function projectsQuestion(guide: Guide, categoryId: string, matcher: ProjectMatcher): QuestionDef | undefined {
  const category = guide.data.categories.find((c) => c.id === categoryId);
  if (!category) return undefined;
  const options = category.projects.map((id) => ({ value: id, label: guide.projectName(id) }));
  return {
    text: `“${category.name}”类里，打算申报哪些子项目？可多选。`,
    hint: `可选：${options.map((o) => o.label).join('、')}。`,
    mode: 'multi',
    options,
    parse: (v) => {
      // A group name ("一流平台") is not a choice of sub-project: it gets the hint.
      const ids = Array.isArray(v) ? v : matcher.find(v, { groups: false });
      const valid = ids.filter((id) => category.projects.includes(id as ProjectId)) as ProjectId[];
      return valid.length || (Array.isArray(v) && v.length === 0) ? { intended: valid } : undefined;
    },
  };
}

export const FACT_ORDER: readonly Fact[] = FACTS;
