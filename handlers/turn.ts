import {
  intentions,
  listDeadlines,
  type Deadline,
  type Fact,
  type Guide,
  type Intention,
  type Profile,
  type ProjectId,
  type SearchIndex,
} from '../rules/index.js';
import { describeFactIn, factLabel } from './facts-text.js';
import { formatDate, translator, type Lang, type MessageKey, type Translate, type Vars } from './i18n.js';
import type { ProjectMatcher } from './parse.js';
import { StaffDialogue } from './staff.js';
import type { ChatState } from './state.js';
import type { Effect, HandlerContext, Incoming, Reply } from './types.js';
import { normaliseText, type NormalisedText } from './understanding/normalise.js';

/** What a turn reads from its Conversation. */
interface TurnSetup {
  readonly guide: Guide;
  readonly matcher: ProjectMatcher;
  readonly search?: SearchIndex;
}

/** One message being handled: the chat state it changes and the replies and effects it collects. */
export class Turn {
  readonly replies: Reply[] = [];
  readonly effects: Effect[] = [];
  readonly guide: Guide;
  readonly matcher: ProjectMatcher;
  readonly search: SearchIndex | undefined;
  /** Stage 1 of understanding: the message's text as read (normalised), with the words as typed for provenance. */
  readonly heard: NormalisedText;

  constructor(
    setup: TurnSetup,
    public state: ChatState,
    readonly ctx: HandlerContext,
    readonly msg: Incoming,
  ) {
    this.guide = setup.guide;
    this.matcher = setup.matcher;
    this.search = setup.search;
    this.heard = normaliseText(msg.text ?? '');
  }

  say(text: string, extra: Omit<Reply, 'text'> = {}): void {
    this.replies.push({ text, ...extra });
  }

  /** This turn's replies in another language than the chat's: an English message is answered in English. */
  replyLang: Lang | undefined;

  get lang(): Lang {
    return this.replyLang ?? this.state.lang;
  }

  /** The chat's texts, in its language at the time of speaking (/lang changes it mid-turn). */
  get translate(): Translate {
    return translator(this.lang);
  }

  t(key: MessageKey, vars?: Vars): string {
    return this.translate(key, vars);
  }

  names(ids: readonly string[]): string {
    return ids.map(this.guide.projectName).join(this.t('sep.list'));
  }

  label(fact: Fact): string {
    return factLabel(this.translate, fact, this.guide);
  }

  describe(profile: Profile, fact: Fact): string | undefined {
    return describeFactIn(this.translate, profile, fact, this.guide.projectName);
  }

  /** "2022年10月20日" / "20 October 2022", from YYYY-MM-DD. */
  day(iso: string): string {
    return formatDate(this.translate, iso);
  }

  /** A new dialogue each time: /reset replaces the state it works on. */
  staff(): StaffDialogue {
    return new StaffDialogue(this.guide, this.matcher, this.ctx.staff, this.state, (text, extra) => this.say(text, extra), this.effects);
  }

  intendedIds(): ProjectId[] {
    return intentions(this.state.profile).map((i) => i.project);
  }

  /** The projects the interview is about: the intended ones, or all when none were chosen. */
  focus(): ProjectId[] {
    const intended = this.intendedIds();
    return intended.length ? intended : [...this.guide.projectIds];
  }

  /** Stores intentions back as the profile keeps them (a bare id for a single application), then `added`. */
  storeIntended(list: Intention[], added: ProjectId[] = []): void {
    this.state.profile.intended = [...list.map((i) => (i.count === 1 ? i.project : i)), ...added];
  }

  /** A project's deadlines, counting 会后一个月内 from its event day when the chat gave one. */
  deadlinesOf(project: ProjectId): Deadline[] {
    return listDeadlines(this.guide, { nowMs: this.ctx.nowMs, project, eventDates: this.state.eventDates });
  }
}
