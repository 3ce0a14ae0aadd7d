import { TROUBLE_DENIED } from './understanding/cues.js';
import { NO_PROBLEM, NO_SUCH_THING } from './understand.js';
import { FACTS, yearWords, type Fact, type Guide, type Profile, type ProjectId } from '../rules/index.js';
import { translator, type Lang, type Translate } from './i18n.js';
import {
  isNoneEn,
  normalise,
  parseGrade,
  parseGradeEn,
  parseLevel,
  parseLevelEn,
  parseNumber,
  parseOrgType,
  parseOrgTypeEn,
  parsePriorProjects,
  parseYesNo,
  parseYesNoEn,
  type ProjectMatcher,
} from './parse.js';
import type { Option } from './types.js';
import { OTHER_VALUE } from './understanding/cues.js';

/**
 * The interview's questions. A step is a profile fact, or `categories` / `projects:<category>`
 * for choosing what to apply for. Each has buttons and a free-text parser; in an English chat the
 * parser first tries simple English answers ("yes", "B", "4A", "none"), then the Chinese ones.
 */
export interface QuestionDef {
  text: string;
  hint: string;
  mode: 'single' | 'multi';
  options: Option[];
  /** A multiple choice whose text already says how to choose (no hint is added). */
  explainsChoice?: boolean;
  /** The profile change an answer makes, or undefined when it cannot be understood. */
  parse(values: string[] | string): Partial<Profile> | undefined;
}

/** A typed answer: English first in an English chat, Chinese always. */
function reader<T>(lang: Lang, chinese: (text: string) => T | undefined, english: (text: string) => T | undefined): (text: string) => T | undefined {
  return lang === 'en' ? (text) => english(text) ?? chinese(text) : chinese;
}

function yesNoOptions(t: Translate): Option[] {
  return [
    { value: 'yes', label: t('question.yes') },
    { value: 'no', label: t('question.no') },
  ];
}

/** Words of each yes/no question's own topic: an answer may repeat them ("年检过了", "没有违规"). */
const TOPIC_WORDS: Record<YesNoFact, RegExp> = {
  annualInspectionPassed: /年检|民政厅?|合格|通过|参加|参检|检查|去年|上一年度?|今年|结果|问题|毛病|岔子|卡|挂|出|事/g,
  integrityIssues: /违规|不良|弄虚作假|诚信|信用|记录|处罚|处理|问题|资金|经费|项目|审计|通报|行为|清白|规范|良好|守信|干净|提升计划|往年|以前|之前/g,
  fullTimeStaff: /专职|兼职|全职|工作人员|人员|秘书处|秘书长|招聘|劳务派遣|员工|一个人|人/g,
  cnJournal: /期刊|刊号|CN|杂志|学报|主办|协办|承办|内刊|刊物|公开发行/gi,
  awardFiled: /报备|备案|奖项|科技厅|奖励|评奖|流程|办理|设奖|奖/g,
};
/** The words name the yes/no question's own topic ("不对，年检其实没过"). */
export function namesTopicOf(fact: YesNoFact, text: string): boolean {
  return new RegExp(TOPIC_WORDS[fact].source, 'i').test(text);
}

/** Yes/no words, particles and pronouns: what remains of an answer once they and the topic are gone. */
const ANSWER_WORDS =
  /不存在|存在|这种|情况|这回事|这事|这样|没有|有过|有的|没|无|不是|是的|是|对的|对|不|有|已经|过|了|啊|呢|的|吧|嗯|哦|呀|好像|都|我们|我|咱们|本会|也|还|就|一直|从来|从未|从没|确实|肯定|当然|真|很|早就|早|都是|全是|只有|只是|目前|现在|一次|两次|几次/g;

/**
 * "合作协议已经有了" while the misconduct question is open: the 有 is about something else. An
 * answer that names a thing outside the question's topic is no answer (the team's first principle:
 * never record what was not said); its pieces may still be read one by one.
 */
function talksOfSomethingElse(text: string, fact: YesNoFact): boolean {
  const rest = text.replace(TOPIC_WORDS[fact], ' ').replace(ANSWER_WORDS, ' ');
  return /[\u4e00-\u9fa5]{3,}/.test(rest) || OTHER_TOPIC.test(rest) || OTHER_VALUE.test(text);
}

/**
 * Words of the programme's other matters, short as they are: "考核也合格了" while the misconduct question is
 * open speaks of a project's assessment, and its 合格 answers nothing asked.
 */
const OTHER_TOPIC = /考核|验收|结题|结项|评估|评价|立项|拿过|获得|场次|专家/;

/** A yes/no question; `special` reads answers that mean yes or no only for this fact. */
function yesNoQuestion(fact: Fact, lang: Lang, special?: (t: string) => boolean | undefined, specialEn?: (t: string) => boolean | undefined): QuestionDef {
  const t = translator(lang);
  const read = reader(
    lang,
    (v) => special?.(v) ?? parseYesNo(v),
    (v) => specialEn?.(v) ?? parseYesNoEn(v),
  );
  return {
    text: t(`question.${fact as YesNoFact}.text`),
    hint: t('question.yesNo.hint'),
    mode: 'single',
    options: yesNoOptions(t),
    parse: (v) => {
      if (!Array.isArray(v) && talksOfSomethingElse(v, fact as YesNoFact)) return undefined;
      const answer = Array.isArray(v) ? (v[0] === 'yes' ? true : v[0] === 'no' ? false : undefined) : read(v);
      return answer === undefined ? undefined : { [fact]: answer };
    },
  };
}

/** The words of an answer about the unit type; what is left beyond them is about something else. */
const UNIT_TYPE_WORDS =
  /江苏|省级|省|市级|市|县级|我们|我|本单位|是|属于|的|一个|一家|学会|协会|研究会|促进会|科协|直属|事业单位|单位|其他|其它|别的|企业|公司|高校|大学|学院|医院|全国性?|国家级|社团|社会组织|啊|呀|吧|呢|哦|嗯|对|就/g;

/** Doings beside the unit type's words: the answer is about them, not the unit ("城市规划学会" is a name). */
const OTHER_DOINGS = /参加|合作|举办|主办|协办|承办|办|报|拿|获|做|搞|弄|想|打算|要|没有|没|木有|过/;

export type YesNoFact = 'annualInspectionPassed' | 'integrityIssues' | 'fullTimeStaff' | 'cnJournal' | 'awardFiled';

/**
 * A fact's question. Typed words that name a sub-project are about that project, not an answer to a
 * question of fact ("一流科普学会先不弄了" is no 省级学会, "一流学会要A等吗" no grade): the team's
 * first principle. The awards question is the one whose answers name projects.
 */
export function factQuestion(fact: Fact, guide: Guide, matcher: ProjectMatcher, lang: Lang = 'zh-CN'): QuestionDef {
  const def = factQuestionOf(fact, guide, matcher, lang);
  if (fact === 'priorProjects') return def;
  return { ...def, parse: (v) => (typeof v === 'string' && matcher.find(v).length ? undefined : def.parse(v)) };
}

function factQuestionOf(fact: Fact, guide: Guide, matcher: ProjectMatcher, lang: Lang): QuestionDef {
  const t = translator(lang);
  switch (fact) {
    case 'orgType': {
      const read = reader(lang, parseOrgType, parseOrgTypeEn);
      return {
        text: t('question.orgType.text'),
        hint: t('question.orgType.hint'),
        mode: 'single',
        options: (['society', 'affiliated_institution', 'other'] as const).map((value) => ({ value, label: t(`question.orgType.${value}`) })),
        parse: (v) => {
          // "我们木有参加过全国学会合作" speaks of something else: no unit type in it (the first principle).
          if (!Array.isArray(v) && OTHER_DOINGS.test(v.replace(UNIT_TYPE_WORDS, ''))) return undefined;
          const org = Array.isArray(v) ? (v[0] as Profile['orgType']) : read(v);
          return org && ['society', 'affiliated_institution', 'other'].includes(org) ? { orgType: org } : undefined;
        },
      };
    }
    case 'evaluationGrade': {
      const read = reader(lang, parseGrade, parseGradeEn);
      return {
        text: t('question.evaluationGrade.text', { ...yearWords(guide) }),
        hint: t('question.evaluationGrade.hint'),
        mode: 'single',
        options: [
          ...(['A', 'B', 'C', 'D'] as const).map((g) => ({ value: g, label: t('question.evaluationGrade.grade', { grade: g }) })),
          { value: 'none', label: t('question.evaluationGrade.none') },
        ],
        parse: (v) => {
          const g = Array.isArray(v) ? v[0] : read(v);
          return g && ['A', 'B', 'C', 'D', 'none'].includes(g) ? { evaluationGrade: g as Profile['evaluationGrade'] } : undefined;
        },
      };
    }
    case 'assessmentLevel': {
      const read = reader(lang, parseLevel, parseLevelEn);
      return {
        text: t('question.assessmentLevel.text'),
        hint: t('question.assessmentLevel.hint'),
        mode: 'single',
        options: [...[5, 4, 3, 2, 1].map((n) => ({ value: String(n), label: `${n}A` })), { value: '0', label: t('question.assessmentLevel.none') }],
        parse: (v) => {
          const level = Array.isArray(v) ? Number(v[0]) : read(v);
          return level !== undefined && Number.isInteger(level) && level >= 0 && level <= 5 ? { assessmentLevel: level } : undefined;
        },
      };
    }
    case 'annualInspectionPassed':
      // ("没出啥问题", "没被卡", "没挂": a problem denied is a pass, though its words say 没.)
      return yesNoQuestion(fact, lang, (text) => (TROUBLE_DENIED.test(text) && !/不合格|没(通)?过(?!什么)|未通过|没参加/.test(text) ? true : undefined));
    case 'integrityIssues': {
      // The question asks about misconduct: "良好", "没问题", "清白" mean none (false), not "yes".
      const q = yesNoQuestion(
        fact,
        lang,
        (text) => (/良好|清白|没出过|规范|守信|干净|一直很好|从来没|从未/.test(text) || NO_PROBLEM.test(text) || NO_SUCH_THING.test(text) ? false : undefined),
        (text) => (/\b(clean|good|never|none|no problems?|no issues?)\b/i.test(text) ? false : undefined),
      );
      // "是/否" reads backwards here (是 = misconduct), so the buttons say what they mean.
      const options = [
        { value: 'no', label: t('question.integrityIssues.no') },
        { value: 'yes', label: t('question.integrityIssues.yes') },
      ];
      return { ...q, options, hint: t('question.integrityIssues.hint') };
    }
    case 'fullTimeStaff':
      return yesNoQuestion(
        fact,
        lang,
        (text) => (/兼职/.test(text) && !/专职/.test(text) ? false : undefined),
        (text) => (/part[- ]time/i.test(text) && !/full[- ]time/i.test(text) ? false : undefined),
      );
    case 'cnJournal':
      return yesNoQuestion(fact, lang, (text) =>
        // An in-house journal (内刊) or a co-sponsored one (协办) is not "主办 … CN刊号".
        /内刊|内部刊物|没有?CN|无CN|协办|承办/i.test(text) ? false : /主办/.test(text) && !/不|没|未/.test(text) ? true : undefined,
      );
    case 'awardFiled':
      return yesNoQuestion(
        fact,
        lang,
        (text) => (/正在|在办|办理中|还在|准备报备|没设|没有设/.test(text) ? false : undefined),
        (text) => (/in progress|pending|not yet/i.test(text) ? false : undefined),
      );
    case 'medicalExperts': {
      const read = reader(
        lang,
        (v) => (/没有|无/.test(v) ? 0 : parseNumber(v)),
        (v) => (isNoneEn(v) ? 0 : undefined),
      );
      return {
        text: t('question.medicalExperts.text'),
        hint: t('question.medicalExperts.hint'),
        mode: 'single',
        options: [0, 3, 5, 6, 8, 10].map((n) => ({
          value: String(n),
          label: t(n === 10 ? 'question.medicalExperts.many' : 'question.medicalExperts.count', { n }),
        })),
        parse: (v) => {
          const n = Array.isArray(v) ? Number(v[0]) : read(v);
          return n !== undefined && Number.isInteger(n) && n >= 0 && n < 100_000 ? { medicalExperts: n } : undefined;
        },
      };
    }
    case 'priorProjects': {
      const options = priorOptions(guide, t);
      const read = reader(
        lang,
        (v) => parsePriorProjects(v, matcher, guide.year),
        (v) => (isNoneEn(v) ? [] : undefined),
      );
      return {
        text: t('question.priorProjects.text', { ...yearWords(guide) }),
        hint: t('question.priorProjects.hint', { ...yearWords(guide) }),
        explainsChoice: true,
        mode: 'multi',
        options,
        parse: (v) => {
          if (Array.isArray(v)) {
            const prior = v
              .filter((x) => options.some((o) => o.value === x))
              .map((x) => {
                const [year, project] = x.split(':');
                return { year: Number(year), project: project as ProjectId };
              });
            return prior.length === v.length ? { priorProjects: prior } : undefined;
          }
          const prior = read(v);
          return prior ? { priorProjects: prior } : undefined;
        },
      };
    }
  }
}

/** The earlier projects this guide's conditions look at, as buttons ("2021年 会员之家建设"). */
function priorOptions(guide: Guide, t: Translate): Option[] {
  const seen = new Map<string, Option>();
  for (const id of guide.projectIds) {
    for (const { condition } of guide.conditionsOf(id)) {
      const years = condition.kind === 'not_funded_in' ? [condition.year] : condition.kind === 'not_funded_in_all' ? condition.years : [];
      for (const year of years) {
        if (condition.kind !== 'not_funded_in' && condition.kind !== 'not_funded_in_all') continue;
        const value = `${year}:${condition.project}`;
        seen.set(value, { value, label: t('question.priorProjects.option', { year, project: guide.projectName(condition.project) }) });
      }
    }
  }
  return [...seen.values()].sort((a, b) => a.value.localeCompare(b.value));
}

export const ALL = 'all';

export function categoriesQuestion(guide: Guide, lang: Lang = 'zh-CN'): QuestionDef {
  const t = translator(lang);
  const options = [...guide.data.categories.map((c) => ({ value: c.id, label: c.name })), { value: ALL, label: t('question.categories.all') }];
  return {
    text: t('question.categories.text'),
    explainsChoice: true,
    hint: t('question.categories.hint', { options: options.map((o) => o.label).join(t('sep.list')) }),
    mode: 'multi',
    options,
    parse: () => undefined,
  };
}

export function projectsQuestion(guide: Guide, categoryId: string, matcher: ProjectMatcher, lang: Lang = 'zh-CN'): QuestionDef | undefined {
  const t = translator(lang);
  const category = guide.data.categories.find((c) => c.id === categoryId);
  if (!category) return undefined;
  const options = category.projects.map((id) => ({ value: id, label: guide.projectName(id) }));
  return {
    text: t('question.projects.text', { category: category.name }),
    hint: t('question.projects.hint', { options: options.map((o) => o.label).join(t('sep.list')) }),
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

/** "同类的只报一个吧": which of the planned projects that cannot go together is kept. */
export function keepQuestion(guide: Guide, projects: readonly ProjectId[], clause: string, matcher: ProjectMatcher, lang: Lang = 'zh-CN'): QuestionDef {
  const t = translator(lang);
  const options = projects.map((id) => ({ value: id, label: guide.projectName(id) }));
  return {
    text: t('question.keep.text', { list: options.map((o) => o.label).join(t('sep.list')), clause }),
    hint: t('question.keep.hint', { options: options.map((o) => o.label).join(t('sep.list')) }),
    mode: 'single',
    options,
    parse: (v) => {
      const ids = Array.isArray(v) ? v : matcher.find(v, { groups: false });
      const kept = ids.filter((id) => projects.includes(id as ProjectId)) as ProjectId[];
      return kept.length === 1 ? { intended: kept } : undefined;
    },
  };
}

/** "那就改报X" with several planned: which of them goes; "都留着" keeps them all (an empty list). */
export function dropQuestion(guide: Guide, projects: readonly ProjectId[], matcher: ProjectMatcher, lang: Lang = 'zh-CN'): QuestionDef {
  const t = translator(lang);
  const options = [...projects.map((id) => ({ value: id, label: guide.projectName(id) })), { value: KEEP_ALL, label: t('question.drop.none') }];
  return {
    text: t('question.drop.text', { list: projects.map(guide.projectName).join(t('sep.list')) }),
    hint: t('question.drop.hint', { options: options.map((o) => o.label).join(t('sep.list')) }),
    mode: 'single',
    options,
    parse: (v) => {
      const said = Array.isArray(v) ? v : [v];
      if (said.includes(KEEP_ALL) || (!Array.isArray(v) && KEEPS_ALL.test(v))) return { intended: [] };
      const ids = Array.isArray(v) ? v : matcher.find(v, { groups: false });
      const dropped = ids.filter((id) => projects.includes(id as ProjectId)) as ProjectId[];
      return dropped.length ? { intended: dropped } : undefined;
    },
  };
}
const KEEP_ALL = 'none';
/** "都留着", "都要", "都不换", "both stay": the switch drops nothing. */
const KEEPS_ALL = /都(留|要|报|保留|不换|不去掉|不删)|全(留|要)|一个都不(换|去|删)|不换了?$|both|keep (them )?all|neither/i;

/** The answers to "你是说：…？": they settle the held facts, not the profile directly. */
export const CONFIRM_YES = { confirm: true } as unknown as Partial<Profile>;
export const CONFIRM_NO = { confirm: false } as unknown as Partial<Profile>;

/** "你是说：年检不合格？" with 是／不是, for a worsening fact read from uncertain words. */
export function confirmQuestion(lang: Lang, what: string, words: string, asked = false, saysOtherwise?: (text: string) => boolean): QuestionDef {
  const t = translator(lang);
  return {
    text: t(asked ? 'confirm.record' : 'confirm.text', { what, words }),
    hint: t('confirm.hint'),
    mode: 'single',
    options: [
      { value: 'yes', label: t('confirm.yes') },
      { value: 'no', label: t('confirm.no') },
    ],
    parse: (v) => {
      const text = Array.isArray(v) ? (v[0] ?? '') : normalise(v).toLowerCase();
      if (Array.isArray(v)) return text === 'yes' ? CONFIRM_YES : text === 'no' ? CONFIRM_NO : undefined;
      // "是20年拿的" to an offer of 2021, "21年没拿，20年拿的": a no, with what is said instead.
      if (/^(不是|不对|不|否|错了|没有|no|nope|n|wrong)/.test(text) || saysOtherwise?.(text)) return CONFIRM_NO;
      // (Not "对了，…" (by the way), "是不是…" (a question), "you…": their first word is no yes.)
      if (/^(是的|是(?![不否])|对的|对(?![了于])|没错|确认|确定|yes|y\b|correct|right|yep)/.test(text)) return CONFIRM_YES;
      return undefined;
    },
  };
}

/** "没认出‘…’，你是指X吗？" with 是／不是. */
export function suggestQuestion(lang: Lang, words: string, project: string): QuestionDef {
  const q = confirmQuestion(lang, '', words);
  const t = translator(lang);
  return { ...q, text: t('names.notRecognised', { words, suggest: t('names.suggest', { list: project }) }) };
}

/** The answers to the reminders offer: they set the chat's reminders, not the profile. */
export const REMINDERS_ON = { reminders: true } as unknown as Partial<Profile>;
export const REMINDERS_OFF = { reminders: false } as unknown as Partial<Profile>;

/** Offered once at the end of the interview. */
export function remindersQuestion(lang: Lang = 'zh-CN'): QuestionDef {
  const t = translator(lang);
  const read = reader(
    lang,
    // Only a short, plain answer: "为啥不行" or "那不报了" is about something else, not the offer.
    (v) =>
      v.length > 8 || /[?？吗啥么]|为|报|项目/.test(v)
        ? undefined
        : /^(开启|打开|开|要|要的|好|好的|需要|是|是的|可以|行|on)/i.test(v) && !/不|关|off/i.test(v)
          ? true
          : /^(不用|不要|不需要|关闭|关|否|算了|off)/i.test(v)
            ? false
            : undefined,
    // (Only a short answer: "Our standard will be published on 25 November" is no "on".)
    (v) =>
      v.trim().split(/\s+/).length > 4
        ? undefined
        : (parseYesNoEn(v) ?? (/\b(on|enable|turn on)\b/i.test(v) ? true : /\b(off|disable)\b/i.test(v) ? false : undefined)),
  );
  return {
    text: t('question.reminders.text'),
    hint: t('question.reminders.hint'),
    mode: 'single',
    options: [
      { value: 'on', label: t('question.reminders.on') },
      { value: 'off', label: t('question.reminders.off') },
    ],
    parse: (v) => {
      const answer = Array.isArray(v) ? v[0] === 'on' : read(v);
      return answer === undefined ? undefined : answer ? REMINDERS_ON : REMINDERS_OFF;
    },
  };
}

export const FACT_ORDER: readonly Fact[] = FACTS;
