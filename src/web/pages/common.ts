import { PROJECT_IDS, type Guide } from '../../../rules/index.js';
import { parseAudience, audienceString, describeAudience, type Audience } from '../../../handlers/audience.js';
import { checklistView, type ChecklistEntries } from '../../../handlers/checklist.js';
import type { SocietyView } from '../../roster/overview.js';

/** The key a society's checklist is stored under: its roster id, or its one chat (`channel:chatId`). */
export const viewChecklistKey = (v: Pick<SocietyView, 'key' | 'society'>) => v.society?.id ?? v.key.replace(/^chat:/, '');

/** "5/12": items done of those to hand in (not applicable left out), over the intended projects; "—" when none. */
export function checklistProgress(guide: Guide, v: Pick<SocietyView, 'key' | 'society' | 'intended'>, checklists: ReadonlyMap<string, ChecklistEntries>) {
  if (!v.intended.length) return { text: '—', open: -1 };
  const { total } = checklistView(guide, v.intended, checklists.get(viewChecklistKey(v)) ?? new Map());
  return { text: `${total.done}/${total.done + total.open}`, open: total.open };
}

const DAY = 86_400_000;

/** Beijing time, "2022-05-10 09:10". */
export function fmt(ms: number | undefined): string {
  if (ms === undefined) return '';
  return new Date(ms + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
}

export const AUDIENCE_KINDS = [
  { value: 'all', label: '全部学会' },
  { value: 'intended', label: '打算申报某项目的' },
  { value: 'eligible', label: '符合某项目条件的' },
  { value: 'unknown', label: '某项目还需确认的' },
  { value: 'grade', label: '按综合能力评价等级' },
  { value: 'incomplete', label: '档案未填完整的' },
  { value: 'inactive30', label: '30天未互动的' },
  { value: 'checklist', label: '某项目材料清单未齐的' },
] as const;

/** The societies table also filters by "in the roster but never opened the bot". */
export const FILTER_KINDS = [
  ...AUDIENCE_KINDS,
  { value: 'unjoined', label: '名单内尚未接入机器人的' },
  { value: 'joined', label: '已接入机器人的' },
  { value: 'complete', label: '档案完整的' },
  { value: 'planned', label: '已有申报计划的' },
  { value: 'conflict', label: '申报计划有冲突的' },
  { value: 'behind', label: '临近截止材料未齐的' },
] as const;

/** Filters of the list only (the overview's tiles), decided from each society's at-a-glance status. */
export const GLANCE_KINDS = ['joined', 'complete', 'planned', 'conflict', 'behind'] as const;
export type GlanceKind = (typeof GLANCE_KINDS)[number];

export function audienceForm(
  guide: Guide,
  sel: { kind?: string; project?: string; grade?: string },
  kinds: ReadonlyArray<{ value: string; label: string }> = AUDIENCE_KINDS,
) {
  return {
    kinds,
    projects: PROJECT_IDS.map((id) => ({ id, name: guide.projectName(id) })),
    sel: { kind: sel.kind ?? 'all', project: sel.project ?? '', grade: sel.grade ?? '' },
  };
}

export type Filter = { kind: 'audience'; audience: Audience } | { kind: 'unjoined' } | { kind: 'glance'; which: GlanceKind };

/** kind + project + grade fields → an audience, validated; an error names what is missing. */
export function filterFrom(fields: { kind?: string | null; project?: string | null; grade?: string | null }): { filter?: Filter; error?: string } {
  const kind = fields.kind || 'all';
  if (kind === 'unjoined') return { filter: { kind: 'unjoined' } };
  if ((GLANCE_KINDS as readonly string[]).includes(kind)) return { filter: { kind: 'glance', which: kind as GlanceKind } };
  if (!AUDIENCE_KINDS.some((k) => k.value === kind)) return { error: `收件范围“${kind}”无效` };
  if ((kind === 'intended' || kind === 'eligible' || kind === 'unknown' || kind === 'checklist') && !fields.project) return { error: '请选择项目' };
  if (kind === 'grade' && !fields.grade) return { error: '请选择等级' };
  const text =
    kind === 'grade'
      ? `grade:${fields.grade}`
      : fields.project && kind !== 'all' && kind !== 'incomplete' && kind !== 'inactive30'
        ? `${kind}:${fields.project}`
        : kind;
  const audience = parseAudience(text);
  return audience ? { filter: { kind: 'audience', audience } } : { error: `收件范围“${text}”无效` };
}

export function filterText(guide: Guide, filter: Filter): string {
  if (filter.kind === 'glance') return FILTER_KINDS.find((k) => k.value === filter.which)!.label.replace(/的$/, '的学会');
  return filter.kind === 'unjoined' ? '名单内尚未接入机器人的学会' : describeAudience(guide, filter.audience);
}

export function filterString(filter: Filter): string {
  if (filter.kind === 'glance') return filter.which;
  return filter.kind === 'unjoined' ? 'unjoined' : audienceString(filter.audience);
}

/** Whether a society (as the staff see it) belongs to a filter; the same vocabulary as broadcast audiences. */
/** `changed`: the `channel:chatId` of societies the last guide switch changed (read from the store by the caller). */
/** `checklists`: every society's checklist entries, by society key (read from the store by the caller). */
export function viewMatches(
  view: SocietyView,
  filter: Filter,
  nowMs: number,
  changed: ReadonlySet<string> = new Set(),
  checklists: ReadonlyMap<string, ChecklistEntries> = new Map(),
  guide?: Guide,
): boolean {
  if (filter.kind === 'unjoined') return view.inRoster && view.chats.length === 0;
  if (filter.kind === 'glance') return true; // decided by the caller, which has each society's glance
  const a = filter.audience;
  switch (a.kind) {
    case 'checklist':
      return (
        view.intended.includes(a.project) && !!guide && checklistView(guide, [a.project], checklists.get(viewChecklistKey(view)) ?? new Map()).total.open > 0
      );
    case 'all':
      return true;
    case 'changed':
      return view.chats.some((c) => changed.has(`${c.channel}:${c.chatId}`));
    case 'intended':
      return view.intended.includes(a.project);
    case 'eligible':
    case 'unknown':
      return view.verdicts[a.project].verdict === (a.kind === 'eligible' ? 'eligible' : 'unknown');
    case 'grade':
      return view.profile.evaluationGrade === a.grade;
    case 'incomplete':
      return view.incomplete;
    case 'inactive30':
      return nowMs - (view.lastSeenAt ?? 0) >= 30 * DAY;
  }
}
