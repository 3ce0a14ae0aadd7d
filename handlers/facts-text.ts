import {
  awardsThatMatter,
  conditionOfReason,
  factsOf,
  yearWords,
  type Condition,
  type Deadline,
  type Fact,
  type Guide,
  type Profile,
  type Reason,
} from '../rules/index.js';
import { formatDate, type Lang, type Translate } from './i18n.js';

/**
 * Profile facts, reasons and deadline labels in the chat's language. The rules compose these in
 * Chinese (rules/facts.ts, rules/eligibility.ts); the same texts live in the catalogues, so an
 * English chat gets them in English while the guide's own words (requirements, labels) stay as quoted.
 */

/** A fact's name; the years in it follow the guide ("上一年度（2021年）…" under the 2022 guide). */
export function factLabel(t: Translate, fact: Fact, guide: Pick<Guide, 'year'>): string {
  return t(`fact.${fact}.label`, { ...yearWords(guide) });
}

/** The profile's value of a fact in words ("C等" / "grade C"); undefined when unknown. */
export function describeFactIn(t: Translate, profile: Profile, fact: Fact, projectName: (id: string) => string = (id) => id): string | undefined {
  switch (fact) {
    case 'orgType':
      return profile.orgType && t(`fact.orgType.${profile.orgType}`);
    case 'evaluationGrade':
      if (!profile.evaluationGrade) return undefined;
      return profile.evaluationGrade === 'none' ? t('fact.evaluationGrade.none') : t('fact.evaluationGrade.grade', { grade: profile.evaluationGrade });
    case 'assessmentLevel':
      if (profile.assessmentLevel === undefined) return undefined;
      return profile.assessmentLevel === 0 ? t('fact.assessmentLevel.none') : t('fact.assessmentLevel.level', { level: profile.assessmentLevel });
    case 'annualInspectionPassed':
    case 'integrityIssues':
    case 'fullTimeStaff':
    case 'cnJournal':
    case 'awardFiled': {
      const value = profile[fact];
      return value === undefined ? undefined : t(`fact.${fact}.${value ? 'yes' : 'no'}`);
    }
    case 'medicalExperts':
      return profile.medicalExperts === undefined ? undefined : t('fact.medicalExperts.count', { n: profile.medicalExperts });
    case 'priorProjects':
      if (!profile.priorProjects) return undefined;
      if (profile.priorProjects.length === 0) return t('fact.priorProjects.none');
      return profile.priorProjects.map((p) => t('fact.priorProjects.item', { year: p.year, project: projectName(p.project) })).join(t('sep.list'));
  }
}

/** The condition a reason was found for, as the rules keep it beside the reason. */
function conditionOf(reason: Reason): Condition | undefined {
  return conditionOfReason(reason);
}

/**
 * A reason rebuilt in the catalogue's words: the requirement as the guide data words it, then what
 * is known or missing. Undefined when the reason's condition cannot be found (the rules' text is used).
 */
export function rebuildReason(guide: Guide, reason: Reason, t: Translate, profile: Profile = {}, sayValue?: SayValue): string | undefined {
  const condition = conditionOf(reason);
  if (!condition) return undefined;
  const requirement = condition.requirement;
  const sep = t('sep.list');
  if (reason.status === 'unknown') {
    return t('reason.unknown', { requirement, facts: (reason.missing ?? []).map((f) => factLabel(t, f, guide)).join(sep) });
  }
  const known = factsOf(condition)
    .map((f) => sayValue?.(f) ?? (f === 'priorProjects' ? awardsIn(t, guide, condition, profile, reason) : describeFactIn(t, profile, f, guide.projectName)))
    .filter((v): v is string => v !== undefined);
  if (reason.status === 'no') return t('reason.no', { requirement, current: known.join(sep) || t('reason.noValue') });
  return t('reason.yes', { requirement, known: known.join(sep) });
}

/** Only the earlier awards the condition turns on, as the rules word them. */
function awardsIn(t: Translate, guide: Guide, condition: Condition, profile: Profile, reason: Reason): string | undefined {
  const awards = awardsThatMatter(condition, profile, reason.status);
  if (!awards) return undefined;
  const list = awards.items.map((p) => t('fact.priorProjects.item', { year: p.year, project: guide.projectName(p.project) })).join(t('sep.list'));
  return awards.held ? list : t('fact.priorProjects.notHeld', { list });
}

/** How to say a fact's current value in place of the profile's ("低于4A级" for a bound told), or undefined. */
export type SayValue = (fact: Fact) => string | undefined;

/** A reason's text: the rules' own in Chinese, rebuilt from the catalogue in another language or with values told otherwise. */
export function reasonText(guide: Guide, reason: Reason, t: Translate, lang: Lang, profile?: Profile, sayValue?: SayValue): string {
  if (lang === 'zh-CN' && !sayValue) return reason.text;
  return rebuildReason(guide, reason, t, profile, sayValue) ?? reason.text;
}

/**
 * A deadline's label in the chat's language: the guide data's `labelEn` in English (the Chinese
 * label when the data has none); one counted from an event day says which day ("（活动日期2022年10月15日）").
 */
export function deadlineLabel(guide: Guide, d: Deadline, t: Translate, lang: Lang = 'zh-CN'): string {
  const def = guide.deadlines.find((x) => x.id === d.id);
  const english = lang === 'en' ? (d.labelEn ?? def?.labelEn) : undefined;
  if (!d.eventDate) return english ?? d.label;
  const base = english ?? def?.label;
  return base === undefined ? d.label : `${base}${t('deadlines.eventDay', { date: formatDate(t, d.eventDate) })}`;
}
