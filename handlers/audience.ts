import { z } from 'zod';
import { checkProject, intentions, projectIdSchema, type Guide } from '../rules/index.js';
import { checklistView, type ChecklistEntries } from './checklist.js';
import { translator, type Lang } from './i18n.js';
import type { ChatState } from './state.js';

/** Who a staff notice goes to. Written "all", "intended:standard", "grade:C", "inactive30"… */
export const audienceSchema = z.union([
  z.object({ kind: z.literal('all') }),
  z.object({ kind: z.enum(['intended', 'eligible', 'unknown']), project: projectIdSchema }),
  z.object({ kind: z.literal('grade'), grade: z.enum(['A', 'B', 'C', 'D', 'none']) }),
  z.object({ kind: z.literal('incomplete') }),
  z.object({ kind: z.literal('inactive30') }),
  /** Societies whose verdicts the last guide switch changed (GUIDE_FILE switched, bot restarted). */
  z.object({ kind: z.literal('changed') }),
  /** Societies that intend the project and still have checklist items open for it. */
  z.object({ kind: z.literal('checklist'), project: projectIdSchema }),
]);
export type Audience = z.infer<typeof audienceSchema>;

const DAY = 86_400_000;

export function parseAudience(text: string): Audience | undefined {
  const [kind, arg] = text.trim().split(':');
  const candidate =
    kind === 'grade' ? { kind, grade: arg?.toUpperCase() === 'NONE' ? 'none' : arg?.toUpperCase() } : arg !== undefined ? { kind, project: arg } : { kind };
  const parsed = audienceSchema.safeParse(candidate);
  return parsed.success ? parsed.data : undefined;
}

export function audienceString(a: Audience): string {
  if (a.kind === 'grade') return `grade:${a.grade}`;
  if ('project' in a) return `${a.kind}:${a.project}`;
  return a.kind;
}

export function describeAudience(guide: Guide, a: Audience, lang: Lang = 'zh-CN'): string {
  const t = translator(lang);
  switch (a.kind) {
    case 'all':
    case 'incomplete':
    case 'inactive30':
    case 'changed':
      return t(`audience.${a.kind}`);
    case 'intended':
    case 'eligible':
    case 'unknown':
    case 'checklist':
      return t(`audience.${a.kind}`, { project: guide.projectName(a.project) });
    case 'grade':
      return a.grade === 'none' ? t('audience.gradeNone') : t('audience.grade', { grade: a.grade });
  }
}

/** A profile is complete when none of the projects it cares about (all when none chosen) is still unknown. */
export function isIncomplete(guide: Guide, state: ChatState): boolean {
  const focus = intentions(state.profile).map((i) => i.project);
  const ids = focus.length ? focus : guide.projectIds;
  return ids.some((id) => checkProject(guide, state.profile, id).verdict === 'unknown');
}

/**
 * Whether a (reachable) chat belongs to the audience. Inactive chats are counted apart by the caller.
 * `changed` needs the society's key (`channel:chatId`) and the set the last guide switch recorded;
 * `checklist` the entries of the chat's society (none given: nothing ticked yet).
 */
export function inAudience(
  guide: Guide,
  state: ChatState,
  a: Audience,
  nowMs: number,
  changed?: { society: string; societies: ReadonlySet<string> },
  checklist: ChecklistEntries = new Map(),
): boolean {
  switch (a.kind) {
    case 'checklist':
      return intentions(state.profile).some((i) => i.project === a.project) && checklistView(guide, [a.project], checklist).total.open > 0;
    case 'changed':
      return !!changed && changed.societies.has(changed.society);
    case 'all':
      return true;
    case 'intended':
      return intentions(state.profile).some((i) => i.project === a.project);
    case 'eligible':
    case 'unknown':
      return checkProject(guide, state.profile, a.project).verdict === (a.kind === 'eligible' ? 'eligible' : 'unknown');
    case 'grade':
      return state.profile.evaluationGrade === a.grade;
    case 'incomplete':
      return isIncomplete(guide, state);
    case 'inactive30':
      return nowMs - (state.lastSeenAt ?? state.createdAt ?? 0) >= 30 * DAY;
  }
}
