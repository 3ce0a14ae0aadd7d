import type { Guide } from '../../../rules/index.js';

/**
 * Simple SVG plots drawn on the server (no chart library, no script): the numbers are laid out
 * here and the eta templates @barPlot/@stackPlot write the elements, escaping every label.
 */
const ROW = 22;
const LABEL = 260;
const PLOT = 420;

export function barPlot(guide: Guide, intended: Record<string, number>) {
  const ids = guide.projectIds;
  const quota = (id: string) => guide.quotaOf(id as never);
  const max = Math.max(1, ...ids.map((id) => intended[id] ?? 0), ...ids.map((id) => quota(id)?.max ?? 0));
  const scale = PLOT / max;
  const bars = ids.map((id, i) => {
    const value = intended[id] ?? 0;
    const q = quota(id);
    const shared = q && q.projects.length > 1 ? `（${q.projects.length}项共用限额${q.max}）` : q ? `／限额${q.max}` : '';
    return {
      y: i * ROW,
      label: guide.projectName(id),
      value,
      w: Math.round(value * scale),
      quotaX: q ? LABEL + Math.round(q.max * scale) : undefined,
      quotaText: shared,
      tip: `${guide.projectName(id)}：打算申报 ${value} 个学会${q ? `，限额 ${q.max}` : ''}`,
      // Clicking a bar lists those societies.
      href: `/staff/societies?kind=intended&project=${id}`,
    };
  });
  return { title: '各项目打算申报的学会数与限额', width: LABEL + PLOT + 200, height: ids.length * ROW + 4, labelWidth: LABEL, bars };
}

const COLORS = { eligible: '#0a7a32', ineligible: '#b00020', unknown: '#d49a00' } as const;

export function stackPlot(guide: Guide, verdicts: Record<string, { eligible: number; ineligible: number; unknown: number }>) {
  const ids = guide.projectIds;
  const totals = ids.map((id) => {
    const v = verdicts[id] ?? { eligible: 0, ineligible: 0, unknown: 0 };
    return v.eligible + v.ineligible + v.unknown;
  });
  const scale = PLOT / Math.max(1, ...totals);
  const bars = ids.map((id, i) => {
    const v = verdicts[id] ?? { eligible: 0, ineligible: 0, unknown: 0 };
    let x = LABEL;
    const segments = (['eligible', 'ineligible', 'unknown'] as const).map((k) => {
      const w = Math.round(v[k] * scale);
      const s = { x, w, color: COLORS[k] };
      x += w;
      return s;
    });
    return {
      y: i * ROW,
      label: guide.projectName(id),
      segments,
      end: x,
      text: `${v.eligible}／${v.ineligible}／${v.unknown}`,
      tip: `${guide.projectName(id)}：可以申报 ${v.eligible}，不符合 ${v.ineligible}，待确认 ${v.unknown}`,
      href: `/staff/societies?kind=eligible&project=${id}`,
    };
  });
  return { title: '各项目判定', width: LABEL + PLOT + 120, height: ids.length * ROW + 4, labelWidth: LABEL, bars };
}
