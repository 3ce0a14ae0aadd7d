import {
  daysUntil,
  intentions,
  parseInstant,
  type CheckResult,
  type Deadline,
  type EvidenceList,
  type Guide,
  type Profile,
  type ProjectId,
  type Reason,
  type Verdict,
} from '../rules/index.js';
import { deadlineLabel, factLabel, reasonText, type SayValue } from './facts-text.js';
import { formatDate, formatWhen, listSep, translator, type Lang } from './i18n.js';

/** Plain-text renderings of rule answers, shared by the chat and the CLI. */

export interface RenderOptions {
  lang?: Lang;
  nowMs?: number;
}

export interface ReasonOptions {
  lang?: Lang;
  /** Readings used are collected here for one footnote; without it each reason explains its own. */
  readings?: Set<number>;
  /** The profile the reason was found for: an English reason says its current values from it. */
  profile?: Profile;
  /** Values said otherwise than the profile's: a what-if's bound ("当前为低于4A级"). */
  sayValue?: SayValue;
}

const MARK: Record<Verdict, string> = { eligible: '✅', ineligible: '❌', unknown: '❓' };

/** A reason with its clause; a reading it rests on is marked ［理解#5］ and collected for a footnote. */
export function renderReason(guide: Guide, reason: Reason, opts: ReasonOptions = {}): string {
  const lang = opts.lang ?? 'zh-CN';
  const t = translator(lang);
  const text = reasonText(guide, reason, t, lang, opts.profile, opts.sayValue);
  return t('reason.line', { text, clause: reason.clause, mark: readingMark(guide, reason.reading, lang, opts.readings) });
}

/** "［理解#5］" (collected for a footnote), or the reading spelled out when nothing collects it. */
export function readingMark(guide: Guide, n: number | undefined, lang: Lang, readings?: Set<number>): string {
  if (n === undefined) return '';
  if (!readings) return translator(lang)('check.reading', { n, text: guide.readingText(n) ?? '' });
  readings.add(n);
  return translator(lang)('check.readingMark', { n });
}

/** The footnote explaining each reading used: "#5 综合能力评价等级按A＞B＞C＞D排序……" */
export function renderReadings(guide: Guide, readings: Set<number>, lang: Lang = 'zh-CN'): string {
  if (!readings.size) return '';
  const t = translator(lang);
  return [t('check.readingsTitle'), ...[...readings].sort((a, b) => a - b).map((n) => `#${n} ${guide.readingText(n) ?? ''}`)].join('\n');
}

function projectLine(guide: Guide, result: CheckResult, id: ProjectId, profile: Profile, lang: Lang, readings: Set<number>): string {
  const v = result.projects[id];
  const t = translator(lang);
  const head = `${MARK[v.verdict]} ${guide.projectName(id)}：${t(`verdict.${v.verdict}`)}`;
  // An eligible verdict needs no reasons listed; the others say why, with the clause.
  if (v.verdict === 'eligible') return head;
  return [head, ...v.reasons.map((r) => `   · ${renderReason(guide, r, { lang, readings, profile })}`)].join('\n');
}

/** "👉 去掉 X（why, clause）。保留：Y", and what a kept project still waits for. */
function alternativeLine(guide: Guide, alt: CheckResult['alternatives'][number], lang: Lang): string {
  const t = translator(lang);
  const sep = listSep(lang);
  const names = (ids: ProjectId[]) => ids.map(guide.projectName).join(sep);
  const changes = [
    alt.removed.length
      ? t('check.alt.remove', {
          list: alt.because.map((b) => t('check.alt.removedWhy', { project: guide.projectName(b.project), text: b.text, clause: b.clause })).join(sep),
        })
      : '',
    alt.added.length ? t('check.alt.add', { list: names(alt.added) }) : '',
    alt.reduced.length ? t('check.alt.reduce', { list: names(alt.reduced) }) : '',
  ].filter(Boolean);
  const keep = t('check.alt.keep', { list: names(alt.intended.map((i) => i.project)) });
  const pending = alt.pending.map((p) =>
    t('check.alt.pending', { project: guide.projectName(p.project), facts: p.missing.map((f) => factLabel(t, f, guide)).join(sep) }),
  );
  return t('check.alternative', { changes: changes.join(t('sep.comma')), keep }) + pending.join('');
}

/**
 * The first answer of /check: the intended projects with the one reason that decides each, the
 * conflicts, and counts for the rest. Everything else is one command away.
 */
export function renderSummary(guide: Guide, result: CheckResult, profile: Profile, opts: RenderOptions = {}): string {
  const lang = opts.lang ?? 'zh-CN';
  const t = translator(lang);
  const names = (ids: ProjectId[]) => ids.map(guide.projectName).join(listSep(lang));
  const intended = intentions(profile).map((i) => i.project);
  const readings = new Set<number>();
  const out: string[] = [t('result.summary', { guide: guide.data.title })];
  if (intended.length) out.push(t('check.intended'));
  for (const id of intended) {
    const v = result.projects[id];
    const first = v.reasons[0];
    const reason = v.verdict === 'eligible' || !first ? '' : ` — ${renderReason(guide, first, { lang, readings, profile })}`;
    out.push(t('result.intendedLine', { mark: MARK[v.verdict], project: guide.projectName(id), verdict: t(`verdict.${v.verdict}`), reason }));
  }
  for (const c of result.conflicts) {
    out.push(t('check.conflict', { text: c.text, projects: names(c.projects), clause: c.clause, mark: readingMark(guide, c.reading, lang, readings) }));
  }
  const rest = guide.projectIds.filter((id) => !intended.includes(id));
  const count = (verdict: Verdict) => rest.filter((id) => result.projects[id].verdict === verdict).length;
  if (!intended.length) {
    const eligible = rest.filter((id) => result.projects[id].verdict === 'eligible');
    if (eligible.length) out.push(`${t('check.eligible')}\n✅ ${names(eligible)}`);
  }
  if (result.conflicts.length) out.splice(out.length - result.conflicts.length, 0, t('check.conflicts'));
  if (result.alternatives.length) out.push(t('check.alternatives'));
  for (const alt of result.alternatives.slice(0, 2)) out.push(alternativeLine(guide, alt, lang));
  out.push(t('result.othersCount', { eligible: count('eligible'), ineligible: count('ineligible'), unknown: count('unknown') }));
  out.push(t('result.detailsHint'));
  const footnote = renderReadings(guide, readings, lang);
  if (footnote) out.push(footnote);
  return out.join('\n');
}

export function renderCheck(guide: Guide, result: CheckResult, profile: Profile, opts: RenderOptions = {}): string {
  const lang = opts.lang ?? 'zh-CN';
  const t = translator(lang);
  const sep = listSep(lang);
  const names = (ids: ProjectId[]) => ids.map(guide.projectName).join(sep);
  const intended = intentions(profile).map((i) => i.project);
  const readings = new Set<number>();
  const out: string[] = [t('check.title', { guide: guide.data.title })];
  if (intended.length) {
    out.push('', t('check.intended'));
    for (const id of intended) out.push(projectLine(guide, result, id, profile, lang, readings));
  }
  const rest = guide.projectIds.filter((id) => !intended.includes(id));
  for (const verdict of ['eligible', 'ineligible', 'unknown'] as const) {
    const ids = rest.filter((id) => result.projects[id].verdict === verdict);
    out.push('', t(`check.${verdict}`));
    if (!ids.length) out.push(t('check.none'));
    else if (verdict === 'eligible') out.push(`✅ ${names(ids)}`);
    else for (const id of ids) out.push(projectLine(guide, result, id, profile, lang, readings));
  }
  if (intended.length) {
    out.push('', t('check.conflicts'));
    if (!result.conflicts.length) out.push(t('check.noConflicts'));
    for (const c of result.conflicts) {
      out.push(t('check.conflict', { text: c.text, projects: names(c.projects), clause: c.clause, mark: readingMark(guide, c.reading, lang, readings) }));
    }
    if (result.alternatives.length) {
      out.push(t('check.alternatives'));
      for (const alt of result.alternatives) out.push(alternativeLine(guide, alt, lang));
    }
  }
  const footnote = renderReadings(guide, readings, lang);
  if (footnote) out.push('', footnote);
  return out.join('\n');
}

/** "还剩12天" / "已过" / "时间另行通知" */
export function deadlineStatus(d: Deadline, nowMs: number, lang: Lang = 'zh-CN'): string {
  const t = translator(lang);
  if (d.late) {
    const { eventDate, by } = d.late;
    const label = (lang === 'en' && by.labelEn) || by.label;
    return `⚠️ ${t('deadlines.eventTooLate', { event: formatDate(t, eventDate), label, at: formatDate(t, by.at), clause: by.clause })}`;
  }
  if (d.warning) return `⚠️ ${d.warning}`;
  if (d.at === null) return t('deadlines.open');
  if (d.passed) return t('deadlines.passed');
  const days = daysUntil(nowMs, parseInstant(d.at));
  return days === 0 ? t('deadlines.today') : days === 1 ? t('deadlines.leftOne') : t('deadlines.left', { days });
}

/** "2022年5月17日 17:00" / "17 May 2022 17:00", from an ISO time at +08:00. */
const when = (at: string, t: ReturnType<typeof translator>) => formatWhen(t, at);

export function renderDeadlines(
  guide: Guide,
  list: Deadline[],
  nowMs: number,
  opts: { lang?: Lang; showProjects?: boolean; readings?: Set<number>; only?: readonly ProjectId[] } = {},
): string {
  const lang = opts.lang ?? 'zh-CN';
  const t = translator(lang);
  if (!list.length) return t('deadlines.none');
  const lines = [`⏰ ${t('deadlines.title')}`];
  // A list for several projects: a start that has passed says nothing, and the completion days
  // that fall on one date are one line.
  const many = opts.showProjects === true;
  const shown = many ? list.filter((d) => !(d.kind === 'opens' && d.passed)) : list;
  const completions = many ? shown.filter((d) => d.kind === 'complete' && d.at) : [];
  const sameDay = completions.filter((d) => completions.filter((o) => o.at === d.at).length >= 3);
  for (const d of shown) {
    if (sameDay.includes(d)) {
      if (sameDay[0] !== d && sameDay.find((o) => o.at === d.at) !== d) continue;
      const group = sameDay.filter((o) => o.at === d.at);
      const projects = [...new Set(group.flatMap((o) => o.projects))].filter((id) => !opts.only || opts.only.includes(id));
      lines.push(
        t('deadlines.groupLine', {
          mark: d.passed ? '✔️' : '•',
          when: when(d.at!, t),
          list: projects.map(guide.projectName).join(listSep(lang)),
          status: deadlineStatus(d, nowMs, lang),
          clause: d.clause,
          reading: readingMark(guide, d.reading, lang, opts.readings ?? new Set<number>()),
        }),
      );
      continue;
    }
    const readings = opts.readings ?? new Set<number>();
    lines.push(
      t('deadlines.line', {
        mark: d.passed ? '✔️' : '•',
        when: d.at ? when(d.at, t) : '—',
        label: deadlineLabel(guide, d, t, lang),
        status: deadlineStatus(d, nowMs, lang),
        clause: d.clause,
        reading: readingMark(guide, d.reading, lang, readings),
      }),
    );
    const mine = opts.only ? d.projects.filter((id) => opts.only!.includes(id)) : d.projects;
    if (opts.showProjects && opts.only && mine.length < opts.only.length) {
      lines.push(`   ${t('deadlines.forProjects', { list: mine.map(guide.projectName).join(listSep(lang)) })}`);
    } else if (opts.showProjects && !opts.only && d.projects.length < guide.projectIds.length) {
      // "除问道科学沙龙外的所有项目" rather than nineteen names.
      const others = guide.projectIds.filter((id) => !d.projects.includes(id));
      const list =
        others.length <= 2
          ? t('deadlines.allBut', { list: others.map(guide.projectName).join(listSep(lang)) })
          : d.projects.map(guide.projectName).join(listSep(lang));
      lines.push(`   ${t('deadlines.forProjects', { list })}`);
    }
  }
  if (!opts.readings) {
    const used = new Set(list.map((d) => d.reading).filter((n): n is number => n !== undefined));
    const footnote = renderReadings(guide, used, lang);
    if (footnote) lines.push(footnote);
  }
  return lines.join('\n');
}

/** `stage`: only what is handed in at that stage ("会后要交什么": the closing), with the notes. */
export function renderEvidence(guide: Guide, ev: EvidenceList, lang: Lang = 'zh-CN', stage?: 'application' | 'closing'): string {
  const t = translator(lang);
  const section = (title: string, items: EvidenceList['items']['application']) => [
    t('evidence.section', { title }),
    ...(items.length ? items.map((i, n) => t('common.numbered', { n: n + 1, text: i.text ?? i.quote, clause: i.clause })) : [t('evidence.none')]),
  ];
  return [
    `📋 ${t('evidence.title', { project: guide.projectName(ev.project) })}`,
    ...(stage === 'closing' ? [] : section(t('evidence.application'), ev.items.application)),
    ...(stage === 'application' ? [] : section(t('evidence.closing'), ev.items.closing)),
    ...(ev.items.notes.length ? section(t('evidence.notes'), ev.items.notes) : []),
  ].join('\n');
}
