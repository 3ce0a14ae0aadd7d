/** What every answer is built from: the question's context, the answer's shape, and small shared helpers. */
import { intentions, type Guide, type Profile, type ProjectId, type SearchIndex } from '../rules/index.js';
import type { Lang, Translate } from './i18n.js';
import type { ProjectMatcher } from './parse.js';

export type Intent =
  | 'catalogue'
  | 'what_can_we_apply'
  | 'combination'
  | 'deadline'
  | 'submission'
  | 'contacts'
  | 'evidence'
  | 'funding'
  | 'quota'
  | 'eligibility'
  | 'project'
  | 'search'
  | 'unknown';

export interface Answer {
  intent: Intent;
  answer: string;
  clauses: string[];
  /** What the topic's intent is to be instead of `intent`, when a follow-up needs more ("hand_in:submit_online:2022-05-17"). */
  topicIntent?: string;
  /** The projects the answer was about, for "这个" / "那X呢" next time. */
  projects?: ProjectId[];
}

export interface AskContext {
  guide: Guide;
  matcher: ProjectMatcher;
  nowMs: number;
  profile?: Profile;
  eventDates?: Record<string, string>;
  search?: SearchIndex;
  /** The profile is the question's own assumption ("C等能报吗"), not the stored one. */
  assumed?: boolean;
  /** The answer's language; questions are understood in Chinese either way. Default zh-CN. */
  lang?: Lang;
  /** What the previous answer was about: "这个啥时候交", "那X呢". */
  topic?: {
    projects: ProjectId[];
    intent?: string | undefined;
    /** Projects talked about just before these ("沙龙呢" … "品牌呢"). */
    earlier?: ProjectId[] | undefined;
  };
  /**
   * Projects a circumstance remembered from the chat bars (a failed assessment in their category, the hosting
   * told), said beside the answer with its own ❌: the profile's ✅ or ❓ of them speaks only of the other conditions.
   */
  barred?: readonly ProjectId[];
}

/** What every answer is written with: the context, its language and its texts. */
export interface Ctx extends AskContext {
  lang: Lang;
  t: Translate;
  question?: string;
}

export const uniq = (xs: string[]) => [...new Set(xs)];

/** Projects a question is about: those named, else those the society intends. */
export function about(ctx: Ctx, named: ProjectId[]): ProjectId[] {
  if (named.length) return named;
  return ctx.profile ? intentions(ctx.profile).map((i) => i.project) : [];
}

export const names = (ctx: Ctx, ids: readonly ProjectId[]) => ids.map(ctx.guide.projectName).join(ctx.t('sep.list'));
export const cite = (ctx: Ctx, text: string, clause: string) => ctx.t('common.cite', { text, clause });
export const bullets = (ctx: Ctx, items: string[]) => items.map((text) => ctx.t('common.bullet', { text })).join('\n');
