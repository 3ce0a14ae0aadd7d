import { checkProject, intentions, type Guide } from '../rules/index.js';
import { audienceString, describeAudience, inAudience, isIncomplete, type Audience } from '../handlers/audience.js';
import type { StaffPort } from '../handlers/staff.js';
import { loadState, type ChatState } from '../handlers/state.js';
import type { Channel, Incoming } from '../handlers/types.js';
import { recordAudit } from './audit.js';
import { listSocieties } from './roster/societies.js';
import { createJob } from './delivery/outbox.js';
import type { Store } from './store/store.js';

/** Channels a notice can reach; the console chat is a local tool, not a society. */
const REACHABLE: readonly Channel[] = ['telegram', 'lark'];

export interface Society {
  channel: Channel;
  chatId: string;
  state: ChatState;
}

/**
 * Every society: each stored chat on a reachable channel but the staff's own, with its state, one at a time: with thousands of
 * societies only their keys are held in memory at once.
 */
export async function* eachSociety(store: Store, nowMs: number): AsyncGenerator<Society> {
  for (const key of await store.keys('chat:')) {
    const [, channel, ...rest] = key.split(':');
    if (!REACHABLE.includes(channel as Channel)) continue;
    const raw = await store.get(key);
    if (raw === undefined) continue;
    const { state } = loadState(raw, nowMs);
    if (state.staff) continue;
    yield { channel: channel as Channel, chatId: rest.join(':'), state };
  }
}

export interface BroadcastRequest {
  text: string;
  audience: Audience;
  by: { channel: Channel; userId: string; chatId: string };
  dryRun?: boolean;
}

/** Staff work over all stored societies: audiences, broadcasts, stats. Shared by the chat and the CLI. */
export class StaffService implements StaffPort {
  constructor(
    private readonly store: Store,
    private readonly guide: Guide,
    private readonly clock: () => number,
  ) {}

  async recipients(audience: Audience): Promise<{ reach: Array<Pick<Society, 'channel' | 'chatId'>>; inactive: number }> {
    const now = this.clock();
    const reach: Array<Pick<Society, 'channel' | 'chatId'>> = [];
    let inactive = 0;
    for await (const s of eachSociety(this.store, now)) {
      if (!inAudience(this.guide, s.state, audience, now)) continue;
      if (s.state.inactive) inactive++;
      else reach.push({ channel: s.channel, chatId: s.chatId });
    }
    return { reach, inactive };
  }

  async countAudience(audience: Audience) {
    const { reach, inactive } = await this.recipients(audience);
    return { recipients: reach.length, inactive };
  }

  async startBroadcast(req: { text: string; audience: Audience; by: Incoming }) {
    const by = { channel: req.by.channel, userId: req.by.userId, chatId: req.by.chatId };
    return this.broadcast({ text: req.text, audience: req.audience, by });
  }

  /** Queues the notice for every recipient (or only counts them on a dry run), and audits it. */
  async broadcast(req: BroadcastRequest): Promise<{ jobId: string; recipients: number; inactive: number }> {
    const now = this.clock();
    const { reach, inactive } = await this.recipients(req.audience);
    let jobId = '';
    if (!req.dryRun) {
      const text = `📣 省科协通知\n${req.text}`;
      const job = await createJob(
        this.store,
        { kind: 'broadcast', createdAt: now, by: req.by, audience: audienceString(req.audience), text: req.text },
        reach.map((s) => ({ channel: s.channel, chatId: s.chatId, text })),
      );
      jobId = job.id;
    }
    await recordAudit(this.store, {
      at: now,
      action: req.dryRun ? 'broadcast:dry-run' : 'broadcast',
      who: `${req.by.channel}:${req.by.userId}`,
      audience: audienceString(req.audience),
      audienceText: describeAudience(this.guide, req.audience),
      recipients: reach.length,
      inactive,
      text: req.text.slice(0, 200),
      ...(jobId && { job: jobId }),
    });
    return { jobId, recipients: reach.length, inactive };
  }

  async statsData() {
    let count = 0;
    const perChannel: Record<string, number> = {};
    const intended: Record<string, number> = {};
    const verdicts: Record<string, { eligible: number; ineligible: number; unknown: number }> = {};
    let incomplete = 0;
    let inactive = 0;
    for await (const s of eachSociety(this.store, this.clock())) {
      count++;
      perChannel[s.channel] = (perChannel[s.channel] ?? 0) + 1;
      if (s.state.inactive) inactive++;
      for (const i of intentions(s.state.profile)) intended[i.project] = (intended[i.project] ?? 0) + 1;
      for (const id of this.guide.projectIds) {
        const v = (verdicts[id] ??= { eligible: 0, ineligible: 0, unknown: 0 });
        v[checkProject(this.guide, s.state.profile, id).verdict]++;
      }
      if (isIncomplete(this.guide, s.state)) incomplete++;
    }
    const roster = await listSocieties(this.store);
    return { societies: count, perChannel, inactive, incomplete, intended, verdicts, roster: { societies: roster.length, joined: roster.filter((r) => r.chats.length).length } };
  }

  async stats(): Promise<string> {
    const d = await this.statsData();
    const name = (id: string) => this.guide.projectName(id);
    const intended = Object.entries(d.intended).sort((a, b) => b[1] - a[1]);
    return [
      `📊 已登记学会：${d.societies} 个（${Object.entries(d.perChannel).map(([c, n]) => `${c === 'lark' ? '飞书' : 'Telegram'} ${n}`).join('，') || '无'}）`,
      `省科协名单：${d.roster.societies} 个学会，其中 ${d.roster.joined} 个已接入机器人`,
      `档案未完成：${d.incomplete} 个；已失联：${d.inactive} 个`,
      `打算申报（按学会数）：${intended.map(([id, n]) => `${name(id)} ${n}`).join('、') || '暂无'}`,
      '各项目判定（可以申报／不符合／还需确认）：',
      ...this.guide.projectIds.map((id) => {
        const v = d.verdicts[id] ?? { eligible: 0, ineligible: 0, unknown: 0 };
        return `· ${name(id)}：${v.eligible}／${v.ineligible}／${v.unknown}`;
      }),
    ].join('\n');
  }
}
