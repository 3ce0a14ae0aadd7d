import { z } from 'zod';
import { FACT_LABELS, FACTS, type GRADES, PROJECT_IDS, type Guide, type Profile, type ProjectId } from '../../rules/index.js';

/** The roster's columns: `name` plus the profile facts staff know. */
export const ROSTER_FIELDS = ['name', ...FACTS] as const;
export type RosterField = (typeof ROSTER_FIELDS)[number];
export type FactField = Exclude<RosterField, 'name'>;

/** Short Chinese column names staff write, besides the bot's own labels (FACT_LABELS). */
const SHORT_LABELS: Record<RosterField, string[]> = {
  name: ['学会名称', '名称', '学会', '单位名称', '学会全称'],
  orgType: ['单位类型', '类型', '机构类型'],
  evaluationGrade: ['综合能力评价等级', '综合能力评价', '评价等级', '2021年综合能力评价等级'],
  assessmentLevel: ['社会组织评估等级', '评估等级', '社会组织评估'],
  annualInspectionPassed: ['年检', '年检合格', '年检是否合格', '上一年度年检'],
  integrityIssues: ['不良记录', '违规记录', '弄虚作假或违规使用资金'],
  fullTimeStaff: ['专职人员', '专职化工作人员', '专职工作人员'],
  cnJournal: ['CN刊号期刊', 'CN期刊', '主办CN刊号期刊', '期刊'],
  awardFiled: ['奖项报备', '奖项已报备', '科技奖项报备'],
  medicalExperts: ['医学专家人数', '医学专家', '医学专家队伍人数'],
  priorProjects: ['往年项目', '往年获得项目', '往年提升计划项目', '已获项目'],
};

/** The Chinese label a column is shown under (templates, exports, errors). */
export const FIELD_LABEL: Record<RosterField, string> = {
  name: '学会名称',
  orgType: '单位类型',
  evaluationGrade: '综合能力评价等级',
  assessmentLevel: '社会组织评估等级',
  annualInspectionPassed: '年检合格',
  integrityIssues: '不良记录',
  fullTimeStaff: '专职人员',
  cnJournal: 'CN刊号期刊',
  awardFiled: '奖项报备',
  medicalExperts: '医学专家人数',
  priorProjects: '往年项目',
};

const squash = (s: string) =>
  s
    .normalize('NFKC')
    .replace(/\d{4}(、\d{4})*年度?/g, '')
    .replace(/[\s（）()【】[\]:：*]/g, '')
    .toLowerCase();

const HEADER_INDEX = new Map<string, RosterField>();
for (const field of ROSTER_FIELDS) {
  HEADER_INDEX.set(squash(field), field);
  for (const label of SHORT_LABELS[field]) HEADER_INDEX.set(squash(label), field);
  if (field !== 'name') HEADER_INDEX.set(squash(FACT_LABELS[field]), field);
}

/** The field a header cell names, by field name or Chinese label; undefined when it names none. */
export function fieldOfHeader(header: string): RosterField | undefined {
  return HEADER_INDEX.get(squash(header));
}

const YES = /^(是|有|合格|通过|已报备|已|true|yes|y|1|√|✓)$/i;
const NO = /^(否|无|没有|不合格|未通过|未报备|未|false|no|n|0|×|✗)$/i;

type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };
const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = (message: string): Parsed<never> => ({ ok: false, message });

function parseBool(text: string, yes: string, no: string): Parsed<boolean> {
  if (YES.test(text)) return ok(true);
  if (NO.test(text)) return ok(false);
  return bad(`"${text}" 无法识别：应填 ${yes} 或 ${no}（或留空表示不知道）`);
}

/** One cell's text to the field's value. An empty cell never reaches here: it is unknown. */
export function parseCell(field: FactField, text: string, guide: Guide): Parsed<Profile[FactField]> {
  const t = text.normalize('NFKC').trim();
  switch (field) {
    case 'orgType':
      if (/^(society|省级学会|学会|省级学会\(协会、研究会\))$/i.test(t)) return ok('society');
      if (/^(affiliated_institution|省科协直属事业单位|直属事业单位|事业单位)$/i.test(t)) return ok('affiliated_institution');
      if (/^(other|其他|其他单位)$/i.test(t)) return ok('other');
      return bad(`"${t}" 无法识别：应填 省级学会、省科协直属事业单位 或 其他`);
    case 'evaluationGrade': {
      if (/^(none|未参加|未参评|无|未参加评价)$/i.test(t)) return ok('none');
      const m = /^([A-D])(等|级)?$/i.exec(t);
      if (m) return ok(m[1]!.toUpperCase() as (typeof GRADES)[number]);
      return bad(`"${t}" 无法识别：应填 A、B、C、D 或 未参加`);
    }
    case 'assessmentLevel': {
      if (/^(无|未评估|未参加|none|0)$/i.test(t)) return ok(0);
      const m = /^([0-5])\s*(a|a级|级)?$/i.exec(t);
      if (m) return ok(Number(m[1]));
      // Written as the A's themselves ("AAAA", "AAAA级") or with a Chinese numeral ("四A", "四A级").
      const letters = /^(a{1,5})\s*(级)?$/i.exec(t);
      if (letters) return ok(letters[1]!.length);
      const zh = /^([一二三四五])\s*a\s*(级)?$/i.exec(t);
      if (zh) return ok('一二三四五'.indexOf(zh[1]!) + 1);
      return bad(`"${t}" 无法识别：应填 0–5 的整数（如 4 或 4A），未评估填 0`);
    }
    case 'annualInspectionPassed':
      return parseBool(t, '合格', '不合格');
    case 'integrityIssues':
      return parseBool(t, '有', '无');
    case 'fullTimeStaff':
    case 'cnJournal':
    case 'awardFiled':
      return parseBool(t, '是', '否');
    case 'medicalExperts': {
      const n = z.coerce.number().int().min(0).max(100_000).safeParse(t.replace(/人$/, ''));
      return n.success && /^\d+人?$/.test(t) ? ok(n.data) : bad(`"${t}" 无法识别：应为不小于 0 的整数`);
    }
    case 'priorProjects':
      return parsePriorProjects(t, guide);
  }
}

/** "2021:standard; 2020年问道科学沙龙" → [{year, project}]; "无" → []. */
function parsePriorProjects(text: string, guide: Guide): Parsed<Profile['priorProjects']> {
  if (/^(无|没有|none|-)$/i.test(text)) return ok([]);
  const items: Array<{ year: number; project: ProjectId }> = [];
  for (const part of text
    .split(/[;；,，、\n]+/)
    .map((p) => p.trim())
    .filter(Boolean)) {
    const m = /^(\d{4})\s*[年:：]?\s*(.+)$/.exec(part);
    if (!m) return bad(`"${part}" 无法识别：应写成 年份:项目，如 2021:standard 或 2021年标准制定`);
    const what = m[2]!.trim();
    const project = (PROJECT_IDS as readonly string[]).includes(what)
      ? (what as ProjectId)
      : PROJECT_IDS.find((id) => guide.projectName(id) === what || guide.projectName(id).endsWith(`· ${what}`));
    if (!project) return bad(`"${what}" 不是已知的项目（写项目编号如 standard，或指南里的项目名称）`);
    items.push({ year: Number(m[1]), project });
  }
  return ok(items);
}

/** A value as a roster cell: the inverse of parseCell, in the words staff use. */
export function cellText(field: FactField, profile: Profile, guide: Guide): string {
  const v = profile[field];
  if (v === undefined) return '';
  switch (field) {
    case 'orgType':
      return { society: '省级学会', affiliated_institution: '省科协直属事业单位', other: '其他' }[v as string] ?? String(v);
    case 'evaluationGrade':
      return v === 'none' ? '未参加' : String(v);
    case 'assessmentLevel':
      return v === 0 ? '未评估' : `${v}A`;
    case 'annualInspectionPassed':
      return v ? '合格' : '不合格';
    case 'integrityIssues':
      return v ? '有' : '无';
    case 'fullTimeStaff':
    case 'cnJournal':
    case 'awardFiled':
      return v ? '是' : '否';
    case 'medicalExperts':
      return String(v);
    case 'priorProjects': {
      const list = v as NonNullable<Profile['priorProjects']>;
      return list.length ? list.map((p) => `${p.year}年${guide.projectName(p.project)}`).join('；') : '无';
    }
  }
}
