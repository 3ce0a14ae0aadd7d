import { checkProject, intentions, type Guide, type ProjectId } from '../rules/index.js';
import { audienceString, describeAudience, inAudience, isIncomplete, type Audience } from '../handlers/audience.js';
import { listSep, translator, type Lang } from '../handlers/i18n.js';
import type { StaffPort } from '../handlers/staff.js';
import type { Channel, Incoming } from '../handlers/types.js';
import { recordAudit } from './audit.js';
import { readAllEntries, societyKeyOf } from './checklist-store.js';
import { checklistView } from '../handlers/checklist.js';
import { changedSocieties } from './guide-switch.js';
import { listSocieties, type Society as RosterSociety } from './roster/societies.js';
import { newState } from '../handlers/state.js';
import { createJob } from './delivery/outbox.js';
import { eachSociety } from './societies.js';
import type { Store } from './store/store.js';

export { eachSociety, type Society } from './societies.js';

export interface BroadcastRequest {
  text: string;
  audience: Audience;
  by: { channel: Channel; userId: string; chatId: string };
  dryRun?: boolean;
}

/** One society an audience reaches: its name, its key, and its chats (active, and inactive ones left out). */
export interface Reached {
  society: string;
  key: string;
  chats: Array<{ channel: Channel; chatId: string; lang: Lang }>;
  inactiveChats: string[];
}

export interface AudienceResult {
  /** Societies with at least one active chat, in pinyin order. */
  reached: Reached[];
  /** Societies in the audience whose every chat is inactive. */
  inactive: number;
  /** Roster societies in the audience that no chat has joined yet, with their roster contact columns. */
  unreachable: Array<{ society: string; key: string; contact: Record<string, string> }>;
}

export interface BroadcastResult {
  jobId: string;
  /** How many societies receive it. */
  recipients: number;
  /** How many chats receive it. */
  chats: number;
  inactive: number;
  /** Per society, the chats reached (`channel:chatId`). */
  list: Array<{ society: string; chats: string[] }>;
  unreachable: AudienceResult['unreachable'];
}

/** Chinese names in pinyin order (Intl's zh collation, measured on this Node: 20.x with full ICU). */
const pinyin = new Intl.Collator('zh-Hans-CN-u-co-pinyin');
export const byPinyin = (a: string, b: string) => pinyin.compare(a, b);

/** A roster society no chat has joined, as a chat state would hold what staff know of it. */
function rosterState(r: RosterSociety, nowMs: number) {
  const state = newState(nowMs);
  state.profile = structuredClone(r.facts);
  state.name = r.name;
  return state;
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

  /**
   * The audience as societies: a roster society with every chat of it (one profile, so one answer),
   * a chat in no roster society as its own. A society whose chats are all inactive is counted as
   * such; a roster society with no chat yet, that the audience would include, is listed as unreachable.
   */
  async audienceOf(audience: Audience): Promise<AudienceResult> {
    const now = this.clock();
    const changed = audience.kind === 'changed' ? await changedSocieties(this.store) : new Set<string>();
    const checklists = audience.kind === 'checklist' ? await readAllEntries(this.store) : undefined;
    const roster = await listSocieties(this.store);
    const names = new Map(roster.map((r) => [r.id, r.name]));
    const bySociety = new Map<string, Reached>();
    const included = new Set<string>();
    const recent = new Set<string>(); // inactive30: societies with a chat active within 30 days
    for await (const s of eachSociety(this.store, now)) {
      const key = societyKeyOf(s.channel, s.chatId, s.state);
      let unit = bySociety.get(key);
      if (!unit) bySociety.set(key, (unit = { society: names.get(key) ?? s.state.name ?? key, key, chats: [], inactiveChats: [] }));
      const checklist = checklists?.get(key);
      if (inAudience(this.guide, s.state, audience, now, { society: `${s.channel}:${s.chatId}`, societies: changed }, checklist)) included.add(key);
      // Quiet for 30 days is said of the society: every one of its chats.
      else if (audience.kind === 'inactive30') recent.add(key);
      if (s.state.inactive) unit.inactiveChats.push(`${s.channel}:${s.chatId}`);
      else unit.chats.push({ channel: s.channel, chatId: s.chatId, lang: s.state.lang });
    }
    const societies = [...bySociety.values()].filter((u) => included.has(u.key) && !recent.has(u.key)).sort((a, b) => byPinyin(a.society, b.society));
    // Roster societies no chat has joined: what staff know of them decides, as it would in a chat.
    const unreachable = roster
      .filter((r) => !bySociety.has(r.id) && !r.chats.length)
      .filter((r) => audience.kind !== 'changed' && audience.kind !== 'inactive30' && inAudience(this.guide, rosterState(r, now), audience, now))
      .map((r) => ({ society: r.name, key: r.id, contact: r.contact ?? {} }))
      .sort((a, b) => byPinyin(a.society, b.society));
    return {
      reached: societies.filter((u) => u.chats.length),
      inactive: societies.filter((u) => !u.chats.length).length,
      unreachable,
    };
  }

  /** Every chat a notice to this audience goes to (each society's active chats). */
  async recipients(audience: Audience): Promise<{ reach: Array<{ channel: Channel; chatId: string; lang: Lang }>; inactive: number }> {
    const { reached, inactive } = await this.audienceOf(audience);
    return { reach: reached.flatMap((u) => u.chats), inactive };
  }

  /** recipients: how many societies; chats: how many chats of theirs receive it. */
  async countAudience(audience: Audience) {
    const { reached, inactive, unreachable } = await this.audienceOf(audience);
    return { recipients: reached.length, chats: reached.reduce((n, u) => n + u.chats.length, 0), inactive, unreachable: unreachable.length };
  }

  async startBroadcast(req: { text: string; audience: Audience; by: Incoming }) {
    const by = { channel: req.by.channel, userId: req.by.userId, chatId: req.by.chatId };
    return this.broadcast({ text: req.text, audience: req.audience, by });
  }

  /** Queues the notice for every chat of every society in the audience (or only lists them on a dry run), and audits it. */
  async broadcast(req: BroadcastRequest): Promise<BroadcastResult> {
    const now = this.clock();
    const { reached, inactive, unreachable } = await this.audienceOf(req.audience);
    const reach = reached.flatMap((u) => u.chats);
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
      recipients: reached.length,
      chats: reach.length,
      inactive,
      text: req.text.slice(0, 200),
      ...(jobId && { job: jobId }),
    });
    return {
      jobId,
      recipients: reached.length,
      chats: reach.length,
      inactive,
      list: reached.map((u) => ({ society: u.society, chats: u.chats.map((c) => `${c.channel}:${c.chatId}`) })),
      unreachable,
    };
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
    /** A society is counted once, however many chats it has (they share one profile); inactive when all its chats are. */
    const allInactive = new Map<string, boolean>();
    for await (const s of eachSociety(this.store, this.clock())) {
      const key = societyKeyOf(s.channel, s.chatId, s.state);
      perChannel[s.channel] = (perChannel[s.channel] ?? 0) + 1;
      allInactive.set(key, (allInactive.get(key) ?? true) && !!s.state.inactive);
      if (bySociety.has(key)) continue;
      count++;
      const society = { name: s.state.name ?? key, projects: new Set<ProjectId>() };
      for (const i of intentions(s.state.profile)) society.projects.add(i.project);
      bySociety.set(key, society);
      for (const i of intentions(s.state.profile)) intended[i.project] = (intended[i.project] ?? 0) + 1;
      for (const id of this.guide.projectIds) {
        const v = (verdicts[id] ??= { eligible: 0, ineligible: 0, unknown: 0 });
        v[checkProject(this.guide, s.state.profile, id).verdict]++;
      }
      if (isIncomplete(this.guide, s.state)) incomplete++;
    }
    for (const off of allInactive.values()) if (off) inactive++;
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
