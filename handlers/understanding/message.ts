import type { ProjectId } from '../../rules/index.js';
import { englishCues, type EventDay, extractFacts, readEventDay, statesAnything, withoutOwnName, type Extracted } from '../parse.js';
import { awardsDenied } from '../withdraw.js';

import { readPlan, saysPlan, type PlanChange } from '../plan.js';
import { REFERS_BACK } from '../understand.js';
import { openStep } from '../interview-state.js';
import { isChoosing, type Step } from '../steps.js';
import type { Turn } from '../turn.js';
import { classifyKind, type KindResult } from './classify.js';
import { isQuestionText, resolveReference } from './reading.js';
import { hasEnglishCue } from './english.js';
import { MAY_IT_BE, WHICH_PLAN } from './question-words.js';

/** "再加个X", "那就加上X", "添一个X": an add said as a directive, at the start of its piece. */
const ADD_DIRECTIVE = /^(那|那就|好|行)?[，,\s]*(再|也)?(加|添)(个|一个|上)/;

/** "我们还想加X", "也打算报X", "we also want to add X": a want of the society's, told (not asked). */
const WANT_TOLD = /(想|打算|准备|计划)(再|也|还)?(加|报|申报|申请|上|搞|做)|\b(?:want|plan|intend|would like|'d like) to (?:add|apply|also)/i;
/** "能一起报吗", "冲突吗", "is that allowed together": whether what is planned goes together. */
const TOGETHER_ASKED = /一起|同时|兼报|冲突|冲不冲突|一块|together|at the same time|conflict|combin/i;

/** A question whose subject is another party: "对方学会还能不能再报", "他们可以单独报吗". */
const OF_ANOTHER_PARTY = /对方|他们|人家|别的学会|其他学会|兄弟学会|合作单位|参与单位|合作方|参与方/;

/** The classifier's confidence above which its kind decides (bench: 97% right above 0.8). */
const SURE = 0.8;

/**
 * One free-text message as the routes see it: the text and everything read from it, each part
 * computed once, when a route first asks for it. Routes never re-read the text themselves.
 */
export class Message {
  private memo = new Map<string, unknown>();

  constructor(
    readonly turn: Turn,
    /** The normalised text. */
    readonly text: string,
  ) {}

  private once<T>(key: string, make: () => T): T {
    if (!this.memo.has(key)) this.memo.set(key, make());
    return this.memo.get(key) as T;
  }

  /** The chat speaks English. */
  get english(): boolean {
    return this.turn.lang === 'en';
  }

  /** The interview question the bot is waiting on, if any. */
  get pending() {
    return this.turn.state.pending;
  }

  get asked(): Step | undefined {
    return this.once('asked', () => openStep(this.turn.state));
  }

  /** The text with "这个" resolved to the project talked about last, English cues in Chinese. */
  get resolved(): string {
    return this.once('resolved', () => {
      // English typed into a Chinese chat is read as English too.
      // "We got 会员之家 in 2021 and 科技奖励 in 2020": two English words are enough; the cues rewrite only
      // English phrases, so the Chinese around them is left as it is.
      const englishText = this.english || hasEnglishCue(this.text);
      return resolveReference(this.turn, englishText ? englishCues(this.text) : this.text);
    });
  }

  /** The facts, plan words, event date and name the message states. */
  get facts(): Extracted {
    return this.once('facts', () => extractFacts(this.resolved, this.turn.matcher, this.turn.guide.year));
  }

  /** The profile fields stated. */
  get stated(): string[] {
    const stated = Object.keys(this.facts.profile);
    // "发展助力我们没拿过" of an award told before withdraws it: a statement about the awards.
    if (!stated.includes('priorProjects') && awardsDenied(this.turn.state.profile, this.facts.priorDenied).length) stated.push('priorProjects');
    return stated;
  }

  /** States a fact, a plan, a date or a name. */
  get statesAnything(): boolean {
    const f = this.facts;
    return this.stated.length > 0 || f.intended.length > 0 || !!f.eventDate;
  }

  /** A change of plan in words, read only when no fact is stated. */
  get plan(): PlanChange | undefined {
    return this.once('plan', () => (this.stated.length || this.facts.eventDate || this.facts.name ? undefined : readPlan(this.turn, this.resolved)));
  }

  /**
   * "我们是期刊主办单位，刊物有CN刊号，那就两个都要": a plan in the pieces that state no fact, beside facts
   * (when the facts themselves name no plan).
   */
  get planBesideFacts(): PlanChange | undefined {
    return this.once('planBesideFacts', () => {
      if (!this.stated.length || this.facts.intended.length) return undefined;
      const pieces = this.resolved
        .split(/[，,。；;！!\n]+/)
        .filter((piece) => piece.trim() && saysPlan(piece) && !statesAnything(extractFacts(piece, this.turn.matcher, this.turn.guide.year)));
      return pieces.length ? readPlan(this.turn, pieces.join('，')) : undefined;
    });
  }

  /**
   * "再加个科技评估，几号截止？要交啥？": a plan in the pieces that do not ask, when others do. Read on those
   * pieces alone (the whole message asks, so it reads as no plan).
   */
  get planToldApart(): PlanChange | undefined {
    return this.once('planToldApart', () => {
      if (!this.asks) return undefined;
      // (An English sentence's full stop parts pieces too: "We also want to add X. Is that allowed together?")
      // (A question mark stays with its piece, which it makes a question.)
      const pieces = this.resolved.split(/(?<=[？?])\s*|[，,。；;！!\n]+|\.(?=\s|$)/).filter((piece) => piece.trim());
      const asking = pieces.filter((piece) => isQuestionText(this.turn, piece));
      if (!asking.length || !pieces.some((piece) => saysPlan(piece) && !asking.includes(piece))) return undefined;
      // "想整标准制定、科技评估，再加个决策咨询，这仨一块儿报超不超限": a piece that only names projects
      // belongs to the plan told beside it.
      const telling = pieces.filter(
        (piece) =>
          !asking.includes(piece) &&
          (saysPlan(piece) || (this.turn.matcher.find(piece).length > 0 && !statesAnything(extractFacts(piece, this.turn.matcher, this.turn.guide.year)))),
      );
      // "我们也报标准，可以吗", "一流学会也一起报，这样就可以了吧", "…和只报发展助力，哪个方案好": the question is
      // whether (or which) plan may be; no plan yet.
      // (But "再加个乡村产业那个，产业和美丽乡村一块报可以不": an add told as a directive in a piece of its own is
      // done; the question is about the plan it makes.)
      // (Not "再加个科技评估，行不行": a bare "may I" asks leave for the add itself.)
      // (Nor "我们还想加一流学术学会，能一起报吗": a want told in its own piece, then whether it goes with the rest.)
      const wantThenTogether = telling.some((piece) => WANT_TOLD.test(piece)) && asking.every((piece) => TOGETHER_ASKED.test(piece));
      const directive =
        wantThenTogether || (telling.some((piece) => ADD_DIRECTIVE.test(piece)) && asking.every((piece) => this.turn.matcher.find(piece).length > 0));
      // (Nor a may-question of another party: "…由我们学会牵头申报，他们参与。请问对方学会今年还能不能再单独报".)
      const asksLeave = (piece: string) => isQuestionText(this.turn, piece) && MAY_IT_BE.test(piece) && !OF_ANOTHER_PARTY.test(piece);
      if ((!directive && pieces.some(asksLeave)) || WHICH_PLAN.test(this.text)) return undefined;
      // ("沙龙？我们又不搞这个": a piece that points back names what the asking piece named, not the last topic.)
      const told = telling.join('，');
      const asked = this.turn.matcher.find(asking.join('，'), { groups: false });
      const pointsAtAsked = asked.length > 0 && !this.turn.matcher.find(told).length && REFERS_BACK.test(told);
      const plan = readPlan(this.turn, pointsAtAsked ? told.replace(REFERS_BACK, asked.map(this.turn.guide.projectName).join('和')) : told);
      // (A drop of what was never planned, beside a question, tells nothing.)
      const remove = plan?.remove.filter((id) => this.turn.intendedIds().includes(id)) ?? [];
      return plan && (plan.add.length || remove.length) ? { ...plan, remove } : undefined;
    });
  }

  /** It is worded as a question ("吗", "几号", "能不能"…). */
  get asks(): boolean {
    return this.once('asks', () => isQuestionText(this.turn, this.text));
  }

  /** The kind the learned model reads (stage 3), given the open question and the last topic. */
  get kind(): KindResult {
    return this.once('kind', () =>
      classifyKind(this.text, {
        ...(this.pending && { open: isChoosing(this.asked) ? 'intended' : this.pending.ask }),
        lastTopic: !!this.turn.state.topic,
        lang: this.turn.lang,
      }),
    );
  }

  /** The model is sure the message is of this kind (97% right at this confidence on held-out data). */
  surely(kind: KindResult['kind']): boolean {
    return this.kind.kind === kind && this.kind.confidence >= SURE;
  }

  /**
   * The projects the message is about when it says a day or a count of its own: those named, else the
   * one talked about last, else the plan. One reading for every route that needs it.
   */
  get projectsInPlay(): ProjectId[] {
    return this.once('projectsInPlay', () => {
      const topic = this.turn.state.topic?.projects ?? [];
      return this.named.length ? this.named : topic.length ? topic : this.turn.intendedIds();
    });
  }

  /**
   * The day the message tells, read loosely ("10月底", "明年一月", "十一月中旬"), and whether it is also an
   * exact day (the statement path keeps only those as an event's day). Read once.
   */
  get dayTold(): { day: EventDay; exact: boolean } | undefined {
    return this.once('dayTold', () => {
      // (A cheap look first: most messages name no month and no digit at all.)
      if (!/月|\d/.test(this.resolved)) return undefined;
      const year = this.turn.guide.year;
      const day = readEventDay(this.resolved, year, { vague: true });
      return day && { day, exact: !!readEventDay(this.resolved, year) };
    });
  }

  /** The projects named, sub-projects only. */
  get named(): ProjectId[] {
    return this.once('named', () => this.turn.matcher.find(withoutOwnName(this.resolved), { groups: false }));
  }
}
