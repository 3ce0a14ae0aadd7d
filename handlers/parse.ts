import {
  PROJECT_IDS,
  type Grade,
  type Guide,
  type OrgType,
  type Profile,
  type ProjectId,
} from '../rules/index.js';

/** Free-text understanding: forgiving of case, full-width characters, Chinese numerals and filler. */

/** Full-width ASCII to half-width, lower-cased, spaces squeezed. */
export function normalise(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\u200B-\u200D\uFEFF]/g, '')
    .replace(/\u3000/g, ' ')
    .trim();
}

const CN_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10 };

/** "6", "六", "十二", "12" → number. */
export function parseNumber(text: string): number | undefined {
  const digits = /\d+/.exec(text);
  if (digits) return Number(digits[0]);
  const m = /[零〇一二两三四五六七八九十]+/.exec(text);
  if (!m) return undefined;
  const s = m[0];
  if (s.includes('十')) {
    const [tens, ones] = s.split('十');
    return (tens ? (CN_DIGITS[tens] ?? 1) : 1) * 10 + (ones ? (CN_DIGITS[ones] ?? 0) : 0);
  }
  return CN_DIGITS[s];
}

const NEGATIVE = /^(否|不是|不|没有|没|无|未|n|no|nope|false|0|×|不合格|不通过)|没有|没|未|无|不合格|不通过|不是/i;
const POSITIVE = /^(是|是的|有|对|对的|嗯|好|合格|通过|已|已经|y|yes|ok|true|1|✓|√)|有|合格|通过|已经|是的|良好|没问题/i;

/** Yes or no in Chinese or English; negatives win ("没有" contains "有"). */
export function parseYesNo(text: string): boolean | undefined {
  const t = normalise(text).toLowerCase();
  if (!t) return undefined;
  if (/没问题|没错|不错/.test(t)) return true;
  if (NEGATIVE.test(t)) return false;
  if (POSITIVE.test(t)) return true;
  return undefined;
}

/** "B等", "b", "评为B", "没参加" → grade. */
export function parseGrade(text: string): Grade | undefined {
  const t = normalise(text).toUpperCase();
  if (/没(有)?参加|未参加|没评|未评|没有评价|无等级|^无$|^没有$|NONE/.test(t)) return 'none';
  const m = /(?:^|[^A-Z])([ABCD])(?:\s*[等级类]|$|[^A-Z])/.exec(t) ?? /^([ABCD])$/.exec(t);
  if (m) return m[1] as Grade;
  const cn = /([甲乙丙丁])等/.exec(t);
  if (cn) return ({ 甲: 'A', 乙: 'B', 丙: 'C', 丁: 'D' } as const)[cn[1] as '甲'];
  return undefined;
}

/** "4A", "四A", "5A级", "AAAA", "未评估" → 0–5. */
export function parseLevel(text: string): number | undefined {
  const t = normalise(text).toUpperCase();
  if (/未(参加)?评估|没(有)?(参加)?评估|没评过|无评估|^0$|^无$|^没有$/.test(t)) return 0;
  const a = /(A{1,5})(?:级|$|[^A-Z])/.exec(t);
  if (a && !/\d|[一二三四五]/.test(t)) return a[1]!.length;
  const m = /([1-5]|[一二三四五])\s*A/.exec(t) ?? /^([1-5]|[一二三四五])\s*(级|星)?$/.exec(t);
  if (m) return /\d/.test(m[1]!) ? Number(m[1]) : CN_DIGITS[m[1]!];
  return undefined;
}

export function parseOrgType(text: string): OrgType | undefined {
  const t = normalise(text);
  if (/直属|事业单位/.test(t)) return 'affiliated_institution';
  if (/省级?学会|学会|协会|研究会|促进会|^society$/i.test(t)) return 'society';
  if (/其他|其它|企业|公司|高校|大学|医院|市级|县级|全国|^other$/i.test(t)) return 'other';
  return undefined;
}

/** A matcher for project names, aliases and close typos, built from the guide data. */
export interface ProjectMatcher {
  /** Every project mentioned, in order of appearance. */
  find(text: string): ProjectId[];
  /** Best single project for a short answer, tolerating a typo. */
  best(text: string): ProjectId | undefined;
}

export function projectMatcher(guide: Guide): ProjectMatcher {
  const terms: Array<[string, ProjectId]> = [];
  for (const id of PROJECT_IDS) {
    const p = guide.project(id);
    const names = new Set([p.name, ...p.name.split(' · '), ...p.aliases]);
    for (const name of names) terms.push([normalise(name).toLowerCase(), id]);
    terms.push([id, id]);
  }
  // Longest first, so 一流学会建设 is not read as 一流学会 + 建设, nor 一流科普学会 as 科普学会.
  terms.sort((a, b) => b[0].length - a[0].length);
  const ambiguous = new Set(terms.filter(([term], i) => terms.findIndex(([t]) => t === term) !== i).map(([t]) => t));
  const find = (text: string) => {
    let rest = normalise(text).toLowerCase();
    const hits: Array<[number, ProjectId]> = [];
    for (const [term, id] of terms) {
      if (ambiguous.has(term) && !PROJECT_IDS.includes(term as ProjectId)) continue;
      let at = rest.indexOf(term);
      while (at >= 0) {
        hits.push([at, id]);
        rest = rest.slice(0, at) + '\u0000'.repeat(term.length) + rest.slice(at + term.length);
        at = rest.indexOf(term);
      }
    }
    const ids: ProjectId[] = [];
    for (const [, id] of hits.sort((a, b) => a[0] - b[0])) if (!ids.includes(id)) ids.push(id);
    return ids;
  };
  const best = (text: string) => {
    const exact = find(text);
    if (exact.length) return exact[0];
    const t = normalise(text).toLowerCase();
    if (t.length < 2) return undefined;
    let top: [number, ProjectId] | undefined;
    for (const [term, id] of terms) {
      if (term.length < 3 || /^[a-z_]+$/.test(term)) continue;
      const distance = levenshtein(t, term);
      const allowed = term.length >= 6 ? 2 : 1;
      if (distance <= allowed && (!top || distance < top[0])) top = [distance, id];
    }
    return top?.[1];
  };
  return { find, best };
}

/** Edit distance, for one or two mistyped characters in a project name. */
export function levenshtein(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** "2021年拿过会员之家", "2020、2021年都获得发展助力" → prior projects; "没拿过" → []. */
export function parsePriorProjects(text: string, matcher: ProjectMatcher): Profile['priorProjects'] | undefined {
  const t = normalise(text);
  const found: NonNullable<Profile['priorProjects']> = [];
  for (const clause of t.split(/[，,。；;！!\n]/)) {
    const years = [...clause.matchAll(/(20\d{2})|(?:^|[^\d])(\d{2})年/g)].map((m) => Number(m[1] ?? `20${m[2]}`));
    const projects = matcher.find(clause);
    if (!years.length && /去年/.test(clause)) years.push(2021);
    if (!years.length && /前年/.test(clause)) years.push(2020);
    for (const year of years) for (const project of projects) found.push({ year, project });
  }
  if (found.length) return found;
  if (/没(有)?(拿|获|得|立项|做|申报)|未(获|曾)|都没有|没有过|^没有$|^无$|^都没有$|^没$|^否$|^none$/i.test(t)) return [];
  return undefined;
}

const INTEND = /想报|想申报|打算|准备|计划|要报|申报|报一下|想做|拟/;
const PRIOR = /拿过|获得过|获过|得过|立过项|做过|被认定|获得|认定过|立项过|往年/;

/** Facts a secretary volunteers in one message; only what is clearly stated. */
export interface Extracted {
  profile: Profile;
  /** Projects the message says they mean to apply for. */
  intended: ProjectId[];
  /** YYYY-MM-DD of an event, when a date is mentioned with 会/活动/举办. */
  eventDate?: string;
}

export function extractFacts(text: string, matcher: ProjectMatcher, year: number): Extracted {
  const t = normalise(text);
  const profile: Profile = {};
  const intended: ProjectId[] = [];
  const prior: NonNullable<Profile['priorProjects']> = [];
  for (const raw of t.split(/[，,。；;！!？?\n]/)) {
    const clause = raw.trim();
    if (!clause) continue;
    if (/直属事业单位|事业单位/.test(clause)) profile.orgType = 'affiliated_institution';
    else if (/(我们|我|本会)?是.{0,6}(省级学会|学会|协会|研究会|促进会)/.test(clause) || /^省级学会$/.test(clause)) profile.orgType = 'society';
    if (/评价|等级|[ABCD]\s*等|没参加评价|未参加评价/i.test(clause) && !/评估/.test(clause)) {
      const g = parseGrade(clause.replace(/^.*?(评价|等级)/, ''));
      if (g) profile.evaluationGrade = g;
    }
    if (/评估|[1-5一二三四五]\s*A|AAA/i.test(clause)) {
      const level = parseLevel(clause.replace(/^.*?评估(等级)?/, ''));
      if (level !== undefined) profile.assessmentLevel = level;
    }
    if (/年检/.test(clause)) {
      const yes = parseYesNo(clause.replace(/^.*?年检/, '') || '合格');
      if (yes !== undefined) profile.annualInspectionPassed = /没参加|未参加/.test(clause) ? false : yes;
    }
    if (/诚信|不良(记录|行为)|弄虚作假|违规/.test(clause)) {
      profile.integrityIssues = /没有|无|良好|未/.test(clause) ? false : true;
    }
    if (/专职/.test(clause)) profile.fullTimeStaff = !/没有|无|没|未/.test(clause);
    if (/CN|刊号|期刊/i.test(clause) && /主办|有|办|没有|无/.test(clause) && !INTEND.test(clause)) {
      profile.cnJournal = !/没有|无|没|未|不/.test(clause);
    }
    if (/报备/.test(clause)) profile.awardFiled = !/没有|未|没|不/.test(clause);
    const experts = /(\d+|[一二两三四五六七八九十]+)\s*(?:名|个|位|人)?\s*(?:医学|医疗|医生)?专家/.exec(clause);
    if (experts) profile.medicalExperts = parseNumber(experts[1]!) ?? 0;
    const projects = matcher.find(clause);
    const years = [...clause.matchAll(/(20\d{2})/g)].map((m) => Number(m[1]));
    if (projects.length && (PRIOR.test(clause) || years.some((y) => y < year)) && !/今年|本年/.test(clause)) {
      for (const y of years.length ? years : /去年/.test(clause) ? [year - 1] : []) for (const p of projects) prior.push({ year: y, project: p });
    } else if (projects.length && (INTEND.test(clause) || intended.length)) {
      for (const p of projects) if (!intended.includes(p)) intended.push(p);
    }
    if (/往年.*(没|未)|没(有)?拿过|从没/.test(clause) && !projects.length) profile.priorProjects = [];
  }
  if (prior.length) profile.priorProjects = prior;
  const eventDate = parseEventDate(t, year);
  return { profile, intended, ...(eventDate && { eventDate }) };
}

/** "年会10月15日举办" → 2022-10-15 (the guide's year when none is given). */
export function parseEventDate(text: string, year: number): string | undefined {
  const m = /(?:(20\d{2})\s*[年\-/.])?\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*[日号]?/.exec(text);
  if (!m || !/会|活动|举办|召开|沙龙|论坛/.test(text)) return undefined;
  const y = Number(m[1] ?? year);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
