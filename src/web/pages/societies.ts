import { FACTS, intentions, listDeadlines, type Fact, type ProjectId } from '../../../rules/index.js';
import type { Source } from '../../../handlers/state.js';
import { describeFactIn, factLabel } from '../../../handlers/facts-text.js';
import { translator } from '../../../handlers/i18n.js';
import { changedSocieties } from '../../guide-switch.js';
import { listJobs } from '../../delivery/outbox.js';
import { displayName, societyViews, type SocietyView } from '../../roster/overview.js';
import { getSociety, revokeCode, telegramLink } from '../../roster/societies.js';
import type { PageContext } from '../page-context.js';
import { redirect } from '../http.js';
import { readAllEntries, readEntries } from '../../checklist-store.js';
import { checklistView } from '../../../handlers/checklist.js';
import { audienceForm, checklistProgress, filterFrom, filterText, fmt, FILTER_KINDS, viewChecklistKey, viewMatches, type GlanceKind } from './common.js';
import { barPlot, stackPlot } from './plots.js';
import { BEHIND_WITHIN_DAYS, glanceOf, nextDeadlines, type Glance } from './glance.js';

/** The list's filter as the export links carry it: the export is what the list shows. */
function exportQuery(q: URLSearchParams): string {
  const p = new URLSearchParams();
  for (const k of ['q', 'kind', 'project', 'grade']) if (q.get(k)) p.set(k, q.get(k)!);
  const s = p.toString();
  return s ? `?${s}` : '';
}

const t = translator('zh-CN');
/** Societies per page of the list. */
export const PER_PAGE = 100;
const GRADE_ORDER: Record<string, number> = { A: 1, B: 2, C: 3, D: 4, none: 5 };
const channelName = (c: string) => (c === 'lark' ? '飞书' : c === 'telegram' ? 'Telegram' : c);

const SORTS: Record<string, (v: SocietyView) => number | string> = {
  name: (v) => displayName(v),
  grade: (v) => GRADE_ORDER[v.profile.evaluationGrade ?? ''] ?? 9,
  level: (v) => v.profile.assessmentLevel ?? -1,
  intended: (v) => v.intended.length,
  eligible: (v) => Object.values(v.verdicts).filter((x) => x.verdict === 'eligible').length,
  missing: (v) => v.missing.length,
  lastSeen: (v) => v.lastSeenAt ?? 0,
};
const COLUMNS: Array<[string, string | undefined]> = [
  ['学会', 'name'],
  ['渠道', undefined],
  ['评价等级', 'grade'],
  ['评估等级', 'level'],
  ['打算申报（判定）', 'intended'],
  ['材料', undefined],
  ['下个截止', 'next'],
  ['缺少的信息', 'missing'],
  ['最近活跃', 'lastSeen'],
  ['提醒', undefined],
];

/** The list as staff asked for it (search, filter, sort): the page shows it and the export writes it. */
export async function listedViews(c: PageContext, q: URLSearchParams) {
  const { guide, store, clock } = c.deps;
  const now = clock();
  const all = await societyViews(store, guide, now);
  const search = (q.get('q') ?? '').trim().slice(0, 100);
  const hasFilter = !!q.get('kind') && q.get('kind') !== 'all';
  const { filter, error } = hasFilter
    ? filterFrom({ kind: q.get('kind'), project: q.get('project'), grade: q.get('grade') })
    : { filter: undefined, error: undefined };
  const sort = SORTS[q.get('sort') ?? ''] || q.get('sort') === 'next' ? q.get('sort')! : 'name';
  const dir = q.get('dir') === 'desc' ? 'desc' : 'asc';
  const needle = search.normalize('NFKC').toLowerCase();
  const changed = filter?.kind === 'audience' && filter.audience.kind === 'changed' ? await changedSocieties(store) : undefined;
  const checklists = await readAllEntries(store);
  const next = nextDeadlines(guide, now);
  const glances = new Map(all.map((v) => [v.key, glanceOf(guide, v, checklists, now, next)]));
  let rows = all.filter(
    (v) =>
      (!needle || displayName(v).normalize('NFKC').toLowerCase().includes(needle)) &&
      (!filter || viewMatches(v, filter, now, changed, checklists, guide)) &&
      (filter?.kind !== 'glance' || glanceMatches(glances.get(v.key)!, filter.which, v)),
  );
  const key = sort === 'next' ? (v: SocietyView) => glances.get(v.key)!.days ?? 99_999 : SORTS[sort]!;
  const collator = new Intl.Collator('zh-Hans-CN-u-co-pinyin');
  rows = rows
    .map((v) => [key(v), v] as const)
    .sort(([a], [b]) => (typeof a === 'string' ? collator.compare(a, b as string) : a - (b as number)) * (dir === 'desc' ? -1 : 1))
    .map(([, v]) => v);
  return { all, rows, search, filter, error, sort, dir, glances, checklists };
}

function glanceMatches(g: Glance, which: GlanceKind, v: SocietyView): boolean {
  switch (which) {
    case 'joined':
      return g.joined;
    case 'complete':
      return g.complete;
    case 'planned':
      return v.intended.length > 0;
    case 'conflict':
      return g.conflict;
    case 'behind':
      return g.behind;
  }
}

export async function societiesPage(c: PageContext) {
  const { guide } = c.deps;
  const q = new URL(c.req.url ?? '/', 'http://x').searchParams;
  const { all, rows: listed, search, filter, error, sort, dir, glances, checklists } = await listedViews(c, q);
  let rows = listed;
  const base = new URLSearchParams(q);
  base.delete('page');
  // Server-side pages: only one page of rows is described and rendered (2,000 societies made a 12.8 MB page).
  const pages = Math.max(1, Math.ceil(rows.length / PER_PAGE));
  const page = Math.min(pages, Math.max(1, Number.parseInt(q.get('page') ?? '1', 10) || 1));
  const matched = rows.length;
  rows = rows.slice((page - 1) * PER_PAGE, page * PER_PAGE);
  const pageHref = (n: number) => {
    const p = new URLSearchParams(base);
    p.set('page', String(n));
    return `/staff/societies?${p}`;
  };
  const columns = COLUMNS.map(([label, s]) => {
    if (!s) return { label };
    const p = new URLSearchParams(base);
    p.set('sort', s);
    p.set('dir', sort === s && dir === 'asc' ? 'desc' : 'asc');
    return { label, sort: s, href: `/staff/societies?${p}`, mark: sort === s ? (dir === 'asc' ? ' ▲' : ' ▼') : '' };
  });
  c.render('@societies', '学会', {
    q: search,
    sort,
    dir,
    columns,
    total: all.length,
    matched,
    page,
    pages,
    perPage: PER_PAGE,
    prev: page > 1 ? pageHref(page - 1) : '',
    next: page < pages ? pageHref(page + 1) : '',
    filtered: !!filter,
    filterError: error,
    audienceText: filter ? filterText(guide, filter) : '',
    audienceForm: audienceForm(guide, { kind: q.get('kind') ?? 'all', project: q.get('project') ?? '', grade: q.get('grade') ?? '' }, FILTER_KINDS),
    exportQuery: exportQuery(q),
    rows: rows.map((v) => ({
      glance: glances.get(v.key)!,
      // Facts two of its chats said differently, not yet settled.
      disputes: Object.keys(v.disputes)
        .filter((f): f is Fact => (FACTS as readonly string[]).includes(f))
        .map(shortLabel)
        .join('、'),
      key: v.key,
      name: displayName(v),
      inRoster: v.inRoster,
      channels: [...new Set(v.chats.map((ch) => channelName(ch.channel)))].join('、') || '未接入',
      grade: describeFactIn(t, v.profile, 'evaluationGrade') ?? '',
      level: describeFactIn(t, v.profile, 'assessmentLevel') ?? '',
      intended: v.intended.map(guide.projectName).join('、'),
      checklist: checklistProgress(guide, v, checklists).text,
      eligible: Object.values(v.verdicts).filter((x) => x.verdict === 'eligible').length,
      ineligible: Object.values(v.verdicts).filter((x) => x.verdict === 'ineligible').length,
      unknown: Object.values(v.verdicts).filter((x) => x.verdict === 'unknown').length,
      missing: v.missing.map((f) => shortLabel(f)).join('、'),
      lastSeen: fmt(v.lastSeenAt) || '从未',
      reminders: v.chats.length ? (v.remindersOn ? '开' : '关') : '—',
    })),
  });
}

const SHORT: Record<Fact, string> = {
  orgType: '单位类型',
  evaluationGrade: '评价等级',
  assessmentLevel: '评估等级',
  annualInspectionPassed: '年检',
  integrityIssues: '不良记录',
  fullTimeStaff: '专职人员',
  cnJournal: 'CN期刊',
  awardFiled: '奖项报备',
  medicalExperts: '医学专家',
  priorProjects: '往年项目',
};
const shortLabel = (f: Fact) => SHORT[f];

/** "副秘书长的会话：“…”（2022-05-10 10:00）": who said a fact, where and when (Beijing time). */
export function sourceText(source: Source): string {
  if (source.from === 'roster') return `${source.text}（${fmt(source.at)}）`;
  const [channel, ...id] = (source.chat ?? '').split(':');
  const who = source.member ? `${source.member}的会话` : source.chat ? `${channelName(channel!)} ${id.join(':')} 会话` : '学会在聊天中';
  return `${who}所说：“${source.text}”（${fmt(source.at)}）`;
}

async function findView(c: PageContext): Promise<SocietyView | undefined> {
  const id = new URL(c.req.url ?? '/', 'http://x').searchParams.get('id') ?? '';
  if (!id || id.length > 200) return undefined;
  const views = await societyViews(c.deps.store, c.deps.guide, c.deps.clock());
  return views.find((v) => v.key === id);
}

export async function societyPage(c: PageContext) {
  const { guide, store, clock } = c.deps;
  const v = await findView(c);
  if (!v) return c.render('@error', '找不到学会', { message: '没有这个学会（可能已被删除，或链接有误）。', back: '/staff/societies' }, 404);
  const now = clock();
  const facts = FACTS.map((f) => {
    const source = v.sources[f];
    const value = describeFactIn(t, v.profile, f, guide.projectName);
    return {
      label: factLabel(t, f, guide),
      value: value ?? '不知道',
      source: value === undefined ? '' : source ? sourceText(source) : '学会在聊天中所说',
      // Two chats said it differently: the other value and who said it, until one is confirmed.
      dispute: v.disputes[f]
        ? `另有说法：${describeFactIn(t, { [f]: v.disputes[f]!.value }, f, guide.projectName) ?? ''}，${sourceText(v.disputes[f]!.source)}；已请学会确认以哪个为准`
        : '',
    };
  });
  const projects = v.intended.length ? v.intended : [];
  const eventDates = v.chats[0]?.state.eventDates ?? {};
  const deadlines = projects
    .flatMap((project) => listDeadlines(guide, { nowMs: now, project, eventDates }))
    .filter((d, i, all) => all.findIndex((x) => x.id === d.id && x.at === d.at) === i)
    .map((d) => ({ at: d.at ? d.at.replace('T', ' ').slice(0, 16) : '另行通知', label: d.label, passed: d.passed }));
  const chatIds = new Set(v.chats.map((ch) => `${ch.channel}:${ch.chatId}`));
  const reminders = (await listJobs(store))
    .filter((j) => j.kind === 'reminder' && j.audience && chatIds.has(j.audience))
    .sort((a, b) => a.createdAt - b.createdAt)
    .map((j) => ({
      at: fmt(j.createdAt),
      what: (j.text ?? '').replace(/^skipped:/, ''),
      state: j.text?.startsWith('skipped:')
        ? '错过（停机超过24小时）'
        : j.counts.sent
          ? '已送达'
          : j.counts.inactive
            ? '已失联'
            : j.counts.failed
              ? '失败'
              : '发送中',
    }));
  const bot = v.code ? await c.deps.botUsername() : undefined;
  const checklist = checklistView(guide, v.intended, await readEntries(store, viewChecklistKey(v)));
  const mark = { todo: '☐ 待办', done: '✅ 已齐', na: '⊘ 不适用' } as const;
  c.render('@society', displayName(v), {
    id: v.key,
    code: v.code,
    telegram: v.code ? telegramLink(bot, v.code) : undefined,
    canRevoke: v.inRoster,
    revoked: v.society?.revokedCodes ?? [],
    chats: v.chats.map((ch) => `${channelName(ch.channel)} ${ch.chatId}${ch.state.inactive ? '（已失联）' : ''}`).join('、'),
    // How to reach a society no chat has joined: the roster's contact columns.
    contact: Object.entries(v.society?.contact ?? {})
      .map(([k, val]) => `${k}：${val}`)
      .join('；'),
    facts,
    intended: intentions(v.profile)
      .map((i) => (i.count > 1 ? `${guide.projectName(i.project)}×${i.count}` : guide.projectName(i.project)))
      .join('、'),
    conflicts: v.conflicts.map((cf) => `${cf.projects.map(guide.projectName).join('、')}：${cf.text}（${cf.clause}）`),
    verdicts: guide.projectIds.map((id: ProjectId) => {
      const pv = v.verdicts[id];
      return {
        name: guide.projectName(id),
        verdict: pv.verdict,
        label: { eligible: '可以申报', ineligible: '不符合', unknown: '待确认' }[pv.verdict],
        reasons: pv.reasons.filter((r) => r.status !== 'yes').map((r) => `${r.text}（${r.clause}）`),
      };
    }),
    deadlines,
    reminders,
    checklist: {
      progress: `${checklist.total.done}/${checklist.total.done + checklist.total.open}`,
      rows: checklist.rows.map((r) => ({
        project: guide.projectName(r.project),
        phase: r.phase === 'application' ? '申报' : '结项',
        text: r.text,
        clause: r.clause,
        state: mark[r.state],
        by: r.entry ? `${r.entry.by}（${fmt(r.entry.at)}）` : '',
      })),
    },
  });
}

export async function revokeAction(c: PageContext) {
  const id = c.form.id ?? '';
  const society = id ? await getSociety(c.deps.store, id) : undefined;
  if (!society) return c.render('@error', '找不到学会', { message: '没有这个名单学会。', back: '/staff/societies' }, 404);
  const updated = await revokeCode(c.deps.store, society.id, c.deps.clock());
  await c.audit('roster:revoke', { society: society.name, societyId: society.id });
  redirect(c.res, `/staff/society?id=${encodeURIComponent(updated?.id ?? id)}`);
}

export async function overviewPage(c: PageContext) {
  const { guide, store, clock } = c.deps;
  const views = await societyViews(store, guide, clock());
  const intended: Record<string, number> = {};
  const verdicts: Record<string, { eligible: number; ineligible: number; unknown: number }> = {};
  for (const v of views) {
    for (const i of intentions(v.profile)) intended[i.project] = (intended[i.project] ?? 0) + 1;
    for (const id of guide.projectIds) (verdicts[id] ??= { eligible: 0, ineligible: 0, unknown: 0 })[v.verdicts[id].verdict]++;
  }
  const now = clock();
  const checklists = await readAllEntries(store);
  const next = nextDeadlines(guide, now);
  const glances = views.map((v) => glanceOf(guide, v, checklists, now, next));
  const roster = views.filter((v) => v.inRoster);
  c.render('@overview', '概览', {
    // Tiles: each links to the list filtered to the societies it counts.
    tiles: [
      { label: '已接入', value: `${roster.filter((v) => v.chats.length).length}/${roster.length}`, href: '/staff/societies?kind=joined' },
      { label: '档案完整', value: glances.filter((g) => g.complete).length, href: '/staff/societies?kind=complete' },
      { label: '已有申报计划', value: views.filter((v) => v.intended.length).length, href: '/staff/societies?kind=planned' },
      { label: '计划有冲突', value: glances.filter((g) => g.conflict).length, href: '/staff/societies?kind=conflict', warn: true },
      { label: `材料落后（${BEHIND_WITHIN_DAYS}天内截止）`, value: glances.filter((g) => g.behind).length, href: '/staff/societies?kind=behind', warn: true },
    ],
    total: views.length,
    inRoster: views.filter((v) => v.inRoster).length,
    joined: views.filter((v) => v.chats.length).length,
    incomplete: views.filter((v) => v.incomplete).length,
    intentPlot: barPlot(guide, intended),
    verdictPlot: stackPlot(guide, verdicts),
  });
}
