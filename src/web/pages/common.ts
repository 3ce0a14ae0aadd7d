import { PROJECT_IDS, type Guide } from '../../../rules/index.js';
import { parseAudience, audienceString, describeAudience, type Audience } from '../../../handlers/audience.js';
import type { SocietyView } from '../../roster/overview.js';

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
] as const;

/** The societies table also filters by "in the roster but never opened the bot". */
export const FILTER_KINDS = [...AUDIENCE_KINDS, { value: 'unjoined', label: '名单内尚未接入机器人的' }] as const;

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

export type Filter = { kind: 'audience'; audience: Audience } | { kind: 'unjoined' };

/** kind + project + grade fields → an audience, validated; an error names what is missing. */
export function filterFrom(fields: { kind?: string | null; project?: string | null; grade?: string | null }): { filter?: Filter; error?: string } {
  const kind = fields.kind || 'all';
  if (kind === 'unjoined') return { filter: { kind: 'unjoined' } };
  if (!AUDIENCE_KINDS.some((k) => k.value === kind)) return { error: `收件范围“${kind}”无效` };
  if ((kind === 'intended' || kind === 'eligible' || kind === 'unknown') && !fields.project) return { error: '请选择项目' };
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
  return filter.kind === 'unjoined' ? '名单内尚未接入机器人的学会' : describeAudience(guide, filter.audience);
}

export function filterString(filter: Filter): string {
  return filter.kind === 'unjoined' ? 'unjoined' : audienceString(filter.audience);
}

/** Whether a society (as the staff see it) belongs to a filter; the same vocabulary as broadcast audiences. */
/** `changed`: the `channel:chatId` of societies the last guide switch changed (read from the store by the caller). */
export function viewMatches(view: SocietyView, filter: Filter, nowMs: number, changed: ReadonlySet<string> = new Set()): boolean {
  if (filter.kind === 'unjoined') return view.inRoster && view.chats.length === 0;
  const a = filter.audience;
  switch (a.kind) {
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
