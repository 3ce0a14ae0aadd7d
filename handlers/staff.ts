import { PROJECT_IDS, type Guide, type ProjectId } from '../rules/index.js';
import { audienceString, describeAudience, type Audience } from './audience.js';
import { translator, type Lang, type MessageKey, type Translate, type Vars } from './i18n.js';
import type { ProjectMatcher } from './parse.js';
import { askStep, closeQuestion } from './interview-state.js';
import type { ChatState } from './state.js';
import { stepOf } from './steps.js';
import type { Effect, Incoming, Option, Reply, StaffPort } from './types.js';

export type { StaffPort } from './types.js';

export const STAFF_COMMANDS = ['broadcast', 'stats'] as const;

const AUDIENCE_VALUES = ['all', 'intended', 'eligible', 'unknown', 'grade', 'incomplete', 'inactive30', 'changed', 'checklist'] as const;

function audienceKinds(t: Translate): Option[] {
  return AUDIENCE_VALUES.map((value) => ({ value, label: t(`staff.audience.${value}`) }));
}
function grades(t: Translate): Option[] {
  return [...['A', 'B', 'C', 'D'].map((g) => ({ value: g, label: t('staff.grade', { grade: g }) })), { value: 'none', label: t('staff.grade.none') }];
}
function confirmOptions(t: Translate): Option[] {
  return [
    { value: 'send', label: t('staff.confirm.send') },
    { value: 'cancel', label: t('staff.confirm.cancel') },
  ];
}

type Say = (text: string, extra?: Omit<Reply, 'text'>) => void;

/**
 * The /broadcast dialogue: compose → audience → preview with the exact count → confirm → delivery.
 * Its steps are pending asks named `broadcast:*` in the chat state.
 */
export class StaffDialogue {
  constructor(
    private readonly guide: Guide,
    private readonly matcher: ProjectMatcher,
    private readonly port: StaffPort | undefined,
    private readonly state: ChatState,
    private readonly say: Say,
    private readonly effects: Effect[],
  ) {}

  private get lang(): Lang {
    return this.state.lang;
  }

  private t(key: MessageKey, vars?: Vars): string {
    return translator(this.lang)(key, vars);
  }

  /** true when the message was a staff command (handled, or refused and audited). */
  async command(name: string, args: string, msg: Incoming): Promise<boolean> {
    if (!(STAFF_COMMANDS as readonly string[]).includes(name)) return false;
    if (!msg.isStaff || !this.port) {
      this.refuse(`/${name}`, msg);
      return true;
    }
    if (name === 'stats') {
      this.effects.push({ type: 'audit', action: '/stats', detail: { channel: msg.channel, userId: msg.userId } });
      this.say(await this.port.stats(this.lang));
      return true;
    }
    this.state.draft = {};
    if (args) return this.onText('broadcast:text', args, msg).then(() => true);
    this.ask('broadcast:text', this.t('staff.askText'));
    return true;
  }

  isStaffStep(ask: string | undefined): boolean {
    return stepOf(ask)?.kind === 'broadcast';
  }

  /** Free text while a broadcast step is pending. */
  async onText(ask: string, text: string, msg: Incoming): Promise<void> {
    if (/^[/／]?(cancel|取消)$/i.test(text)) return this.cancel();
    if (!msg.isStaff) return this.refuseStep(ask, msg);
    if (ask === 'broadcast:text') {
      this.state.draft = { text };
      return this.ask('broadcast:audience', this.t('staff.askAudience'), this.options('broadcast:audience'));
    }
    if (ask === 'broadcast:project') {
      const project = this.matcher.best(text);
      if (!project) return this.ask('broadcast:project', this.t('staff.projectNotFound'), projectOptions(this.guide));
      return this.chooseProject(project);
    }
    if (ask === 'broadcast:grade') {
      const grade = /未参加|没参加|none|not evaluated/i.test(text) ? 'none' : /([ABCD])/i.exec(text)?.[1]?.toUpperCase();
      if (!grade) return this.ask('broadcast:grade', this.t('staff.askGradeAgain'), this.options('broadcast:grade'));
      return this.preview({ kind: 'grade', grade: grade as 'A' });
    }
    if (ask === 'broadcast:audience') {
      // The chat's labels, then the Chinese ones: typed Chinese is understood in either language.
      const labels = [...this.options(ask), ...audienceKinds(translator('zh-CN'))];
      const option = labels.find((o) => text.includes(o.label.slice(0, 4)) || text === o.value);
      if (!option) return this.ask('broadcast:audience', this.t('staff.askAudienceButtons'), this.options(ask));
      return this.pick(ask, option.value, msg);
    }
    if (ask === 'broadcast:confirm') {
      const value = /确认|发送|是|yes|send/i.test(text) ? 'send' : /取消|否|不|no|cancel/i.test(text) ? 'cancel' : undefined;
      if (!value) return this.ask('broadcast:confirm', this.t('staff.askConfirm'), this.options(ask));
      return this.pick(ask, value, msg);
    }
  }

  /** A button for a broadcast step. */
  async pick(ask: string, value: string, msg: Incoming): Promise<void> {
    if (!msg.isStaff) return this.refuseStep(ask, msg);
    if (ask === 'broadcast:audience') {
      if (value === 'intended' || value === 'eligible' || value === 'unknown' || value === 'checklist') {
        this.state.draft = { ...this.state.draft, kind: value };
        return this.ask('broadcast:project', this.t('staff.askProject'), projectOptions(this.guide));
      }
      if (value === 'grade') return this.ask('broadcast:grade', this.t('staff.askGrade'), this.options('broadcast:grade'));
      return this.preview({ kind: value as 'all' });
    }
    if (ask === 'broadcast:project') return this.chooseProject(value as ProjectId);
    if (ask === 'broadcast:grade') return this.preview({ kind: 'grade', grade: value as 'A' });
    if (ask === 'broadcast:confirm') {
      const draft = this.state.draft;
      closeQuestion(this.state);
      this.state.draft = undefined;
      if (value !== 'send' || !draft?.text || !draft.audience) return this.cancel();
      const { jobId, recipients } = await this.port!.startBroadcast({ text: draft.text, audience: draft.audience as Audience, by: msg });
      this.say(this.t('staff.started', { recipients, job: jobId }));
    }
  }

  options(ask: string): Option[] {
    const t = translator(this.lang);
    if (ask === 'broadcast:audience') return audienceKinds(t);
    if (ask === 'broadcast:project') return projectOptions(this.guide);
    if (ask === 'broadcast:grade') return grades(t);
    if (ask === 'broadcast:confirm') return confirmOptions(t);
    return [];
  }

  private chooseProject(project: ProjectId) {
    const kind = (this.state.draft?.kind ?? 'intended') as 'intended';
    return this.preview({ kind, project });
  }

  private async preview(audience: Audience) {
    const draft = { ...this.state.draft, audience };
    this.state.draft = draft;
    const { recipients, inactive, chats } = await this.port!.countAudience(audience);
    this.ask(
      'broadcast:confirm',
      [
        this.t('staff.preview.title'),
        '────────',
        draft.text ?? '',
        '────────',
        this.t('staff.preview.audience', { description: describeAudience(this.guide, audience, this.lang), audience: audienceString(audience) }),
        this.t('staff.preview.recipients', { recipients, inactive: inactive ? this.t('staff.preview.inactive', { inactive }) : '' }),
        ...(chats !== undefined && chats !== recipients ? [this.t('staff.preview.chats', { chats })] : []),
        this.t(recipients ? 'staff.preview.confirm' : 'staff.preview.nobody'),
      ].join('\n'),
      recipients ? this.options('broadcast:confirm') : [{ value: 'cancel', label: this.t('staff.confirm.cancel') }],
    );
  }

  /** A non-staff attempt: politely refused, and recorded in the audit log. */
  private refuse(what: string, msg: Incoming) {
    this.effects.push({
      type: 'audit',
      action: `refused:${what}`,
      detail: { channel: msg.channel, userId: msg.userId, chatId: msg.chatId, group: !!msg.isGroup },
    });
    this.say(this.t('staff.refused'));
  }

  /** Someone no longer staff (or another member of a group) answers a broadcast step: drop the draft. */
  private refuseStep(ask: string, msg: Incoming) {
    closeQuestion(this.state);
    this.state.draft = undefined;
    this.refuse(ask, msg);
  }

  private cancel() {
    closeQuestion(this.state);
    this.state.draft = undefined;
    this.say(this.t('staff.cancelled'));
  }

  private ask(ask: string, text: string, options: Option[] = []) {
    const pending = askStep(this.state, stepOf(ask) ?? { kind: 'broadcast', part: ask.replace(/^broadcast:/, '') });
    this.say(text, options.length ? { question: { id: pending.id, mode: 'single', options, selected: [] } } : {});
  }
}

function projectOptions(guide: Guide): Option[] {
  return PROJECT_IDS.map((id) => ({ value: id, label: guide.projectName(id) }));
}
