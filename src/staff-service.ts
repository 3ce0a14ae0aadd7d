import { checkProject, intentions, type Guide, type ProjectId } from '../rules/index.js';
import { audienceString, describeAudience, inAudience, isIncomplete, type Audience } from '../handlers/audience.js';
import { listSep, translator, type Lang } from '../handlers/i18n.js';
import type { StaffPort } from '../handlers/staff.js';
import type { Channel, Incoming } from '../handlers/types.js';
import { recordAudit } from './audit.js';
import { readAllEntries, societyKeyOf } from './checklist-store.js';
import { checklistView } from '../handlers/checklist.js';
import { changedSocieties } from './guide-switch.js';
import { listSocieties } from './roster/societies.js';
import { createJob } from './delivery/outbox.js';
import { eachSociety } from './societies.js';
import type { Store } from './store/store.js';

export { eachSociety, type Society } from './societies.js';
import type { Society } from './societies.js';

export interface BroadcastRequest {
  text: string;
  audience: Audience;
  by: { channel: Channel; userId: string; chatId: string };
  dryRun?: boolean;
}

/** A chat message stays readable: the societies furthest behind, then how many more (all of them in --json). */
const STATS_CHECKLIST_LINES = 15;

/** Staff work over all stored societies: audiences, broadcasts, stats. Shared by the chat and the CLI. */
export class StaffService implements StaffPort {
  constructor(
    private readonly store: Store,
    private readonly guide: Guide,
    private readonly clock: () => number,
  ) {}

  async recipients(audience: Audience): Promise<{ reach: Array<Pick<Society, 'channel' | 'chatId'> & { lang: Lang }>; inactive: number }> {
    const now = this.clock();
    const reach: Array<Pick<Society, 'channel' | 'chatId'> & { lang: Lang }> = [];
    let inactive = 0;
    const societies = audience.kind === 'changed' ? await changedSocieties(this.store) : new Set<string>();
    const checklists = audience.kind === 'checklist' ? await readAllEntries(this.store) : undefined;
    for await (const s of eachSociety(this.store, now)) {
      const checklist = checklists?.get(societyKeyOf(s.channel, s.chatId, s.state));
      if (!inAudience(this.guide, s.state, audience, now, { society: `${s.channel}:${s.chatId}`, societies }, checklist)) continue;
      if (s.state.inactive) inactive++;
      else reach.push({ channel: s.channel, chatId: s.chatId, lang: s.state.lang });
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
      // Each society reads the notice's heading in its own chat's language; the notice itself is as staff wrote it.
      const job = await createJob(
        this.store,
        { kind: 'broadcast', createdAt: now, by: req.by, audience: audienceString(req.audience), text: req.text },
        reach.map((s) => ({ channel: s.channel, chatId: s.chatId, text: translator(s.lang)('broadcast.notice', { text: req.text }) })),
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
    /** Per society (its chats together): the projects its chats intend, and the name it goes by. */
    const bySociety = new Map<string, { name: string; projects: Set<ProjectId> }>();
    for await (const s of eachSociety(this.store, this.clock())) {
      count++;
      const key = societyKeyOf(s.channel, s.chatId, s.state);
      const society = bySociety.get(key) ?? { name: s.state.name ?? key, projects: new Set<ProjectId>() };
      for (const i of intentions(s.state.profile)) society.projects.add(i.project);
      bySociety.set(key, society);
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
    const names = new Map(roster.map((r) => [r.id, r.name]));
    const entries = await readAllEntries(this.store);
    // Checklist progress of every society with intended projects, the most items missing first.
    const checklist = [...bySociety]
      .filter(([, s]) => s.projects.size)
      .map(([key, s]) => {
        const { total } = checklistView(this.guide, [...s.projects], entries.get(key) ?? new Map());
        return { society: key, name: names.get(key) ?? s.name, projects: [...s.projects], ...total, total: total.done + total.open };
      })
      .sort((a, b) => b.open - a.open || (a.name < b.name ? -1 : 1));
    return {
      societies: count,
      perChannel,
      inactive,
      incomplete,
      intended,
      verdicts,
      roster: { societies: roster.length, joined: roster.filter((r) => r.chats.length).length },
      checklist,
    };
  }

  async stats(lang: Lang = 'zh-CN'): Promise<string> {
    const d = await this.statsData();
    const t = translator(lang);
    const sep = listSep(lang);
    const name = (id: string) => this.guide.projectName(id);
    const intended = Object.entries(d.intended).sort((a, b) => b[1] - a[1]);
    const channels = Object.entries(d.perChannel).map(([c, n]) => t(`stats.channel.${c as Channel}`, { n }));
    return [
      t('stats.societies', { n: d.societies, channels: channels.join(t('sep.comma')) || t('stats.none') }),
      t('stats.roster', { societies: d.roster.societies, joined: d.roster.joined }),
      t('stats.incomplete', { incomplete: d.incomplete, inactive: d.inactive }),
      t('stats.intended', { list: intended.map(([id, n]) => `${name(id)} ${n}`).join(sep) || t('stats.intendedNone') }),
      t('stats.verdictsTitle'),
      ...this.guide.projectIds.map((id) => {
        const v = d.verdicts[id] ?? { eligible: 0, ineligible: 0, unknown: 0 };
        return t('stats.verdicts', { project: name(id), ...v });
      }),
      t('stats.checklistTitle'),
      ...(d.checklist.some((c) => c.done || c.na)
        ? d.checklist.slice(0, STATS_CHECKLIST_LINES).map((c) => t('stats.checklist', { society: c.name, done: c.done, total: c.total, open: c.open }))
        : [t('stats.checklistNone')]),
      ...(d.checklist.length > STATS_CHECKLIST_LINES && d.checklist.some((c) => c.done || c.na)
        ? [t('stats.checklistMore', { n: d.checklist.length - STATS_CHECKLIST_LINES })]
        : []),
    ].join('\n');
  }
}
