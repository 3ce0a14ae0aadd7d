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
import { listSep, translator, type Lang } from './i18n.js';

/** Plain-text renderings of rule answers, shared by the chat and the CLI. */

export interface RenderOptions {
  lang?: Lang;
  nowMs?: number;
}

const MARK: Record<Verdict, string> = { eligible: '✅', ineligible: '❌', unknown: '❓' };

export function renderReason(guide: Guide, reason: Reason, lang: Lang = 'zh-CN'): string {
  const t = translator(lang);
  let line = `${reason.text}（${t('clause', { clause: reason.clause })}）`;
  if (reason.reading !== undefined) line += t('check.reading', { n: reason.reading, text: guide.readingText(reason.reading) ?? '' });
  return line;
}

function projectLine(guide: Guide, result: CheckResult, id: ProjectId, lang: Lang): string {
  const v = result.projects[id];
  const t = translator(lang);
  const head = `${MARK[v.verdict]} ${guide.projectName(id)}：${t(`verdict.${v.verdict}`)}`;
  // An eligible verdict needs no reasons listed; the others say why, with the clause.
  if (v.verdict === 'eligible') return head;
  return [head, ...v.reasons.map((r) => `   · ${renderReason(guide, r, lang)}`)].join('\n');
}

export function renderCheck(guide: Guide, result: CheckResult, profile: Profile, opts: RenderOptions = {}): string {
  const lang = opts.lang ?? 'zh-CN';
  const t = translator(lang);
  const sep = listSep(lang);
  const intended = intentions(profile).map((i) => i.project);
  const out: string[] = [t('check.title', { guide: guide.data.title })];
  if (intended.length) {
    out.push('', t('check.intended'));
    for (const id of intended) out.push(projectLine(guide, result, id, lang));
  }
  const rest = guide.projectIds.filter((id) => !intended.includes(id));
  for (const verdict of ['eligible', 'ineligible', 'unknown'] as const) {
    const ids = rest.filter((id) => result.projects[id].verdict === verdict);
    out.push('', t(`check.${verdict}`));
    if (!ids.length) out.push(t('check.none'));
    for (const id of ids) out.push(projectLine(guide, result, id, lang));
  }
  if (intended.length) {
    out.push('', t('check.conflicts'));
    if (!result.conflicts.length) out.push(t('check.noConflicts'));
    for (const c of result.conflicts) {
      let line = `⚠️ ${c.text}：${c.projects.map(guide.projectName).join(sep)}（${t('clause', { clause: c.clause })}）`;
      if (c.reading !== undefined) line += t('check.reading', { n: c.reading, text: guide.readingText(c.reading) ?? '' });
      out.push(line);
    }
    if (result.alternatives.length) {
      out.push(t('check.alternatives'));
      for (const alt of result.alternatives) {
        const changes = [
          alt.removed.length ? t('check.alt.remove', { list: alt.removed.map(guide.projectName).join(sep) }) : '',
          alt.added.length ? t('check.alt.add', { list: alt.added.map(guide.projectName).join(sep) }) : '',
          alt.reduced.length ? t('check.alt.reduce', { list: alt.reduced.map(guide.projectName).join(sep) }) : '',
        ].filter(Boolean);
        const keep = t('check.alt.keep', { list: alt.intended.map((i) => guide.projectName(i.project)).join(sep) });
        out.push(`👉 ${changes.join('，')}。${keep}`);
      }
    }
  }
  return out.join('\n');
}

/** "还剩12天" / "已过" / "时间另行通知" */
export function deadlineStatus(d: Deadline, nowMs: number, lang: Lang = 'zh-CN'): string {
  const t = translator(lang);
  if (d.at === null) return t('deadlines.open');
  if (d.passed) return t('deadlines.passed');
  const days = daysUntil(nowMs, parseInstant(d.at));
  return days === 0 ? t('deadlines.today') : t('deadlines.left', { days });
}

export function renderDeadlines(guide: Guide, list: Deadline[], nowMs: number, opts: { lang?: Lang; showProjects?: boolean } = {}): string {
  const lang = opts.lang ?? 'zh-CN';
  const t = translator(lang);
  if (!list.length) return t('deadlines.none');
  const lines = [`⏰ ${t('deadlines.title')}`];
  for (const d of list) {
    const when = d.at ? d.at.slice(0, 16).replace('T', ' ') : '—';
    const mark = d.passed ? '✔️' : '•';
    lines.push(`${mark} ${when} ${d.label}【${deadlineStatus(d, nowMs, lang)}】（${t('clause', { clause: d.clause })}）`);
    if (opts.showProjects && d.projects.length < guide.projectIds.length) {
      lines.push(`   ${t('deadlines.forProjects', { list: d.projects.map(guide.projectName).join(listSep(lang)) })}`);
    }
    if (d.reading !== undefined) lines.push(`   ${t('check.reading', { n: d.reading, text: guide.readingText(d.reading) ?? '' })}`);
  }
  return lines.join('\n');
}

export function renderEvidence(guide: Guide, ev: EvidenceList, lang: Lang = 'zh-CN'): string {
  const t = translator(lang);
  const section = (title: string, items: EvidenceList['items']['application']) => [
    `${title}：`,
    ...(items.length ? items.map((i, n) => `${n + 1}. ${i.text ?? i.quote}（${i.clause}）`) : [t('evidence.none')]),
  ];
  return [
    `📋 ${t('evidence.title', { project: guide.projectName(ev.project) })}`,
    ...section(t('evidence.application'), ev.items.application),
    ...section(t('evidence.closing'), ev.items.closing),
    ...(ev.items.notes.length ? section(t('evidence.notes'), ev.items.notes) : []),
  ].join('\n');
}
