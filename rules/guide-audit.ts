import { parse as parseYaml } from 'yaml';
import { compileGuide, deepest, GuideError } from './guide.js';
import { formatPath, describeIssue } from './validation.js';
import { GRADES } from './profile.js';
import { guideSchema, type Condition, type GuideData } from './schema.js';
import { missingTopics } from './topics.js';

/** One problem in a guide data file, at its path inside the file. */
export interface GuideProblem {
  path: string;
  message: string;
}

const squash = (s: string) => s.replace(/\s+/gu, '');
const LOWEST_GRADE = GRADES.filter((g) => g !== 'none').at(-1);

/**
 * Everything `guide check` verifies in a guide data file (its text given as read, BOM and all):
 * the schema (every issue, not only the first), that every `quote` occurs in the guide's own text
 * (whitespace aside), that every condition's `requirement` sentence agrees with its values
 * ("不低于B等" with grade B), that every referenced reading and deadline exists, and that every topic
 * the answers look items up by (USED_TOPICS) is carried by some item, and that every deadline has its
 * English label. Pure: the
 * caller reads both files. `guideText` undefined means the text file could not be read.
 */
export function auditGuide(dataText: string, guideText: string | undefined): GuideProblem[] {
  let raw: unknown;
  try {
    raw = parseYaml(dataText.replace(/^\uFEFF/, ''), { merge: true });
  } catch (error) {
    return [{ path: '(根)', message: `不是有效的 YAML/JSON：${(error as Error).message.split('\n')[0]}` }];
  }
  const problems: GuideProblem[] = [];
  const parsed = guideSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const { path, message } = describeIssue(deepest(issue), raw);
      problems.push({ path, message });
    }
  }
  // One line per missing topic: without it a question about that topic finds nothing, silently.
  for (const topic of missingTopics(raw)) problems.push({ path: 'topic', message: `没有任何条目标注 topic: ${topic}（回答问题要用到）` });
  if (guideText === undefined) problems.push({ path: 'textFile', message: '找不到指南原文文件，无法核对引文' });
  else quotesIn(raw, squash(guideText.replace(/^\uFEFF/, '')), problems);
  if (!parsed.success) return problems;

  const data = parsed.data;
  try {
    compileGuide(data);
  } catch (error) {
    if (error instanceof GuideError) problems.push({ path: error.path, message: error.message.replace(/^指南数据文件 \S+ 有误：/, '') });
    else throw error;
  }
  requirements(data, problems);
  references(data, problems);
  minimums(data, problems);
  englishLabels(data, problems);
  piecesIn(raw, problems);
  return problems;
}

function quotesIn(node: unknown, text: string, problems: GuideProblem[], path: (string | number)[] = []): void {
  if (Array.isArray(node)) {
    node.forEach((item, i) => quotesIn(item, text, problems, [...path, i]));
    return;
  }
  if (node === null || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if (key === 'quote' && typeof value === 'string' && !text.includes(squash(value))) {
      problems.push({ path: formatPath([...path, key]), message: `引文不在指南原文中："${value.slice(0, 40)}"` });
    }
    if (key !== 'readings') quotesIn(value, text, problems, [...path, key]);
  }
}

/** The words a requirement sentence must contain for its condition's values. */
function expectedWords(c: Condition): string[][] {
  switch (c.kind) {
    case 'grade_at_least':
      // At least the lowest grade means only "took part in the evaluation".
      if (c.grade === LOWEST_GRADE) return [[`${c.grade}等`, `${c.grade}级`, '参加']];
      return [[`${c.grade}等`, `${c.grade}级`]];
    case 'grade_at_most':
      return [[`${c.grade}等`, `${c.grade}级`]];
    case 'assessment_at_least':
      return [[`${c.level}A`]];
    case 'count_at_least':
      return [[`${c.min}人`, `${c.min}名`, `${c.min}个`, String(c.min)]];
    case 'not_funded_in':
      return [[String(c.year)]];
    case 'not_funded_in_all':
      return c.years.map((y) => [String(y)]);
    default:
      return [];
  }
}

function requirements(data: GuideData, problems: GuideProblem[]): void {
  const visit = (c: Condition, path: string) => {
    for (const options of expectedWords(c)) {
      if (!options.some((w) => c.requirement.includes(w))) {
        problems.push({ path: `${path}.requirement`, message: `要求的文字"${c.requirement}"与条件的取值不符（应含"${options[0]}"）` });
      }
    }
    // Another grade or level written in the sentence contradicts the value.
    if (c.kind === 'grade_at_least' || c.kind === 'grade_at_most') {
      const other = /([ABCD])[等级]/.exec(c.requirement.split(`${c.grade}等`).join('').split(`${c.grade}级`).join(''));
      if (other) problems.push({ path: `${path}.requirement`, message: `要求的文字写的是${other[0]}，条件的等级是${c.grade}` });
    }
    if (c.kind === 'any_of') c.conditions.forEach((sub, i) => visit(sub, `${path}.conditions[${i}]`));
  };
  data.whoMayApply.forEach((g, i) => visit(g.condition, `whoMayApply[${i}].condition`));
  for (const [id, project] of Object.entries(data.projects)) project!.conditions.forEach((c, i) => visit(c, `projects.${id}.conditions[${i}]`));
}

function references(data: GuideData, problems: GuideProblem[]): void {
  const readings = new Set(Object.keys(data.readings));
  const deadlineIds = new Set([...data.sharedDeadlines.map((d) => d.id), ...Object.values(data.projects).flatMap((p) => p!.deadlines.map((d) => d.id))]);
  const walk = (node: unknown, path: (string | number)[]) => {
    if (Array.isArray(node)) return node.forEach((item, i) => walk(item, [...path, i]));
    if (node === null || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if ((key === 'reading' || key === 'edgeReading') && !readings.has(String(value))) {
        problems.push({ path: formatPath([...path, key]), message: `引用的理解 #${String(value)} 在 readings 中不存在` });
      }
      if (key === 'eventBy' && !deadlineIds.has(String(value))) {
        problems.push({ path: formatPath([...path, key]), message: `引用的截止事项 "${String(value)}" 不存在` });
      }
      if (key !== 'readings') walk(value, [...path, key]);
    }
  };
  walk(data, []);
  for (const category of data.categories) {
    for (const id of category.projects) if (!data.projects[id]) problems.push({ path: `categories`, message: `子项目 ${id} 未定义` });
  }
}

/** A min_count item states its number in `count`, and a min_count condition is a count_at_least: answers compare with it. */
function minimums(data: GuideData, problems: GuideProblem[]): void {
  const walk = (node: unknown, path: (string | number)[]) => {
    if (Array.isArray(node)) return node.forEach((item, i) => walk(item, [...path, i]));
    if (node === null || typeof node !== 'object') return;
    const item = node as { topic?: unknown; count?: unknown; kind?: unknown };
    if (item.topic === 'min_count' && item.count === undefined && item.kind !== 'count_at_least') {
      problems.push({ path: formatPath([...path, 'count']), message: 'topic 为 min_count 的条目须写明 count（如 { min: 15, unit: events }）' });
    }
    for (const [key, value] of Object.entries(node)) if (key !== 'readings') walk(value, [...path, key]);
  };
  walk(data, []);
}

/** Every deadline has its label in English: an English chat, calendar and reminder show it. */
function englishLabels(data: GuideData, problems: GuideProblem[]): void {
  const lists: Array<[string, ReadonlyArray<{ labelEn?: string | undefined }>]> = [
    ['sharedDeadlines', data.sharedDeadlines],
    ...Object.entries(data.projects).map(([id, p]): [string, ReadonlyArray<{ labelEn?: string | undefined }>] => [`projects.${id}.deadlines`, p!.deadlines]),
  ];
  for (const [path, list] of lists) {
    list.forEach((d, i) => {
      if (!d.labelEn) problems.push({ path: `${path}[${i}].labelEn`, message: '截止事项缺少英文名称 labelEn（英文对话、日历和提醒要用）' });
    });
  }
}

/** Each of an item's `pieces` is words of its own quote (whitespace aside): the checklist names what the guide names. */
function piecesIn(node: unknown, problems: GuideProblem[], path: (string | number)[] = []): void {
  if (Array.isArray(node)) return node.forEach((item, i) => piecesIn(item, problems, [...path, i]));
  if (node === null || typeof node !== 'object') return;
  const item = node as { quote?: unknown; pieces?: unknown };
  if (typeof item.quote === 'string' && Array.isArray(item.pieces)) {
    item.pieces.forEach((piece, i) => {
      if (typeof piece === 'string' && !squash(item.quote as string).includes(squash(piece)))
        problems.push({ path: formatPath([...path, 'pieces', i]), message: `材料"${piece}"不在本条引文中` });
    });
  }
  for (const [key, value] of Object.entries(node)) if (key !== 'readings') piecesIn(value, problems, [...path, key]);
}
