import { PROJECT_IDS, type Guide, type ProjectId } from '../rules/index.js';
import { audienceString, describeAudience, type Audience } from './audience.js';
import type { ProjectMatcher } from './parse.js';
import type { ChatState } from './state.js';
import type { Effect, Incoming, Option, Reply } from './types.js';

/** What the staff dialogue needs from outside: counting recipients, queueing delivery, stats. */
export interface StaffPort {
  countAudience(audience: Audience): Promise<{ recipients: number; inactive: number }>;
  startBroadcast(req: { text: string; audience: Audience; by: Incoming }): Promise<{ jobId: string; recipients: number }>;
  stats(): Promise<string>;
}

export const STAFF_COMMANDS = ['broadcast', 'stats'] as const;

const AUDIENCE_KINDS: Option[] = [
  { value: 'all', label: '全部学会' },
  { value: 'intended', label: '打算申报某项目的' },
  { value: 'eligible', label: '符合某项目条件的' },
  { value: 'unknown', label: '某项目还需确认的（请补充档案）' },
  { value: 'grade', label: '按综合能力评价等级' },
  { value: 'incomplete', label: '档案未填完整的' },
  { value: 'inactive30', label: '30天未互动的' },
];
const GRADES: Option[] = [
  ...['A', 'B', 'C', 'D'].map((g) => ({ value: g, label: `${g}等` })),
  { value: 'none', label: '未参加评价' },
];
const CONFIRM: Option[] = [
  { value: 'send', label: '确认发送' },
  { value: 'cancel', label: '取消' },
];

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

  /** true when the message was a staff command (handled, or refused and audited). */
  async command(name: string, args: string, msg: Incoming): Promise<boolean> {
    if (!(STAFF_COMMANDS as readonly string[]).includes(name)) return false;
    if (!msg.isStaff || !this.port) {
      this.effects.push({ type: 'audit', action: `refused:/${name}`, detail: { channel: msg.channel, userId: msg.userId, chatId: msg.chatId, group: !!msg.isGroup } });
      this.say('抱歉，这个命令只有省科协项目工作人员可以使用。如需发布通知，请联系项目工作人员。');
      return true;
    }
    if (name === 'stats') {
      this.effects.push({ type: 'audit', action: '/stats', detail: { channel: msg.channel, userId: msg.userId } });
      this.say(await this.port.stats());
      return true;
    }
    this.state.draft = {};
    if (args) return this.onText('broadcast:text', args, msg).then(() => true);
    this.ask('broadcast:text', '请发送要群发的通知内容（一条消息）。发送 /cancel 取消。');
    return true;
  }

  isStaffStep(ask: string | undefined): boolean {
    return !!ask?.startsWith('broadcast:');
  }

  /** Free text while a broadcast step is pending. */
  async onText(ask: string, text: string, msg: Incoming): Promise<void> {
    if (/^[/／]?(cancel|取消)$/i.test(text)) return this.cancel();
    if (!msg.isStaff) return this.cancel();
    if (ask === 'broadcast:text') {
      this.state.draft = { text };
      return this.ask('broadcast:audience', '发给哪些学会？', AUDIENCE_KINDS);
    }
    if (ask === 'broadcast:project') {
      const project = this.matcher.best(text);
      if (!project) return this.ask('broadcast:project', '没找到这个项目，请点按钮或输入项目名（如“标准制定”）。', projectOptions(this.guide));
      return this.chooseProject(project);
    }
    if (ask === 'broadcast:grade') {
      const grade = /未参加|没参加|none/i.test(text) ? 'none' : /([ABCD])/i.exec(text)?.[1]?.toUpperCase();
      if (!grade) return this.ask('broadcast:grade', '请选择等级：A、B、C、D 或 未参加评价。', GRADES);
      return this.preview({ kind: 'grade', grade: grade as 'A' });
    }
    if (ask === 'broadcast:audience') {
      const option = AUDIENCE_KINDS.find((o) => text.includes(o.label.slice(0, 4)) || text === o.value);
      if (!option) return this.ask('broadcast:audience', '请点按钮选择收件范围。', AUDIENCE_KINDS);
      return this.pick(ask, option.value, msg);
    }
    if (ask === 'broadcast:confirm') {
      const value = /确认|发送|是|yes|send/i.test(text) ? 'send' : /取消|否|不|no|cancel/i.test(text) ? 'cancel' : undefined;
      if (!value) return this.ask('broadcast:confirm', '请回答“确认发送”或“取消”。', CONFIRM);
      return this.pick(ask, value, msg);
    }
  }

  /** A button for a broadcast step. */
  async pick(ask: string, value: string, msg: Incoming): Promise<void> {
    if (!msg.isStaff) return this.cancel();
    if (ask === 'broadcast:audience') {
      if (value === 'intended' || value === 'eligible' || value === 'unknown') {
        this.state.draft = { ...this.state.draft, kind: value };
        return this.ask('broadcast:project', '哪个项目？点按钮或输入项目名。', projectOptions(this.guide));
      }
      if (value === 'grade') return this.ask('broadcast:grade', '哪个等级？', GRADES);
      return this.preview({ kind: value as 'all' });
    }
    if (ask === 'broadcast:project') return this.chooseProject(value as ProjectId);
    if (ask === 'broadcast:grade') return this.preview({ kind: 'grade', grade: value as 'A' });
    if (ask === 'broadcast:confirm') {
      const draft = this.state.draft;
      this.state.pending = undefined;
      this.state.draft = undefined;
      if (value !== 'send' || !draft?.text || !draft.audience) return this.cancel();
      const { jobId, recipients } = await this.port!.startBroadcast({ text: draft.text, audience: draft.audience as Audience, by: msg });
      this.say(`开始发送，共 ${recipients} 个学会（任务 ${jobId}）。进度会在这里更新。`);
    }
  }

  options(ask: string): Option[] {
    if (ask === 'broadcast:audience') return AUDIENCE_KINDS;
    if (ask === 'broadcast:project') return projectOptions(this.guide);
    if (ask === 'broadcast:grade') return GRADES;
    if (ask === 'broadcast:confirm') return CONFIRM;
    return [];
  }

  private chooseProject(project: ProjectId) {
    const kind = (this.state.draft?.kind ?? 'intended') as 'intended';
    return this.preview({ kind, project });
  }

  private async preview(audience: Audience) {
    const draft = { ...this.state.draft, audience };
    this.state.draft = draft;
    const { recipients, inactive } = await this.port!.countAudience(audience);
    this.ask(
      'broadcast:confirm',
      [
        '📣 通知预览：',
        '────────',
        draft.text ?? '',
        '────────',
        `收件范围：${describeAudience(this.guide, audience)}（${audienceString(audience)}）`,
        `收件学会：${recipients} 个${inactive ? `（另有 ${inactive} 个已失联，不发送）` : ''}`,
        recipients ? '确认发送吗？' : '没有符合条件的学会。',
      ].join('\n'),
      recipients ? CONFIRM : [{ value: 'cancel', label: '取消' }],
    );
  }

  private cancel() {
    this.state.pending = undefined;
    this.state.draft = undefined;
    this.say('已取消群发。');
  }

  private ask(ask: string, text: string, options: Option[] = []) {
    this.state.seq += 1;
    this.state.pending = { id: `${ask}#${this.state.seq}`, ask, selected: [] };
    this.say(text, options.length ? { question: { id: this.state.pending.id, mode: 'single', options, selected: [] } } : {});
  }
}

function projectOptions(guide: Guide): Option[] {
  return PROJECT_IDS.map((id) => ({ value: id, label: guide.projectName(id) }));
}
