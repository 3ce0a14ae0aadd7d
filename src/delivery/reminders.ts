import { createHash, randomUUID } from 'node:crypto';
import { reminderSchedule, reminderText, type ReminderPolicy } from '../../handlers/reminders.js';
import type { Guide } from '../../rules/index.js';
import type { Logger } from '../log.js';
import { readEntries, societyKeyOf } from '../checklist-store.js';
import { eachSociety } from '../staff-service.js';
import type { Store } from '../store/store.js';
import { createJob, jobKey } from './outbox.js';

const LATE_LIMIT_MS = 24 * 3600_000;
/**
 * How far back a pass looks for missed reminders. Older ones (a deadline of a past year, or one
 * before the society first wrote to us) are not news to anyone: neither sent nor recorded.
 */
const LOOKBACK_MS = 7 * 24 * 3600_000;
/** Sent this much after its time (longer than a pass interval), a reminder says it comes late. */
const LATE_NOTE_AFTER_MS = 60 * 60_000;
const LEASE_MS = 120_000;

/**
 * Turns due reminders into outbox jobs. The schedule is derived afresh from the stored profiles
 * and the guide on every pass, so profile edits and a new guide need no manual step. A reminder's
 * job id is derived from (chat, deadline, offset): it is created once, ever, and that is the
 * sent-marker. Missed by under 24 h: sent late with a note; older: recorded as skipped and logged.
 */
export class ReminderScheduler {
  private readonly owner = randomUUID();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;

  constructor(private readonly opts: { store: Store; guide: Guide; policy: ReminderPolicy; clock: () => number; logger: Logger; onQueued?: () => void }) {}

  start(intervalMs = 60_000) {
    // A store outage (Redis away) fails this pass only; the next one tries again.
    this.timer = setInterval(
      () => void this.tick().catch((error: unknown) => this.opts.logger.warn({ err: error }, 'reminder pass failed; tried again at the next tick')),
      intervalMs,
    );
    void this.tick().catch((error: unknown) => this.opts.logger.warn({ err: error }, 'first pass failed; tried again at the next tick'));
  }

  async stop() {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }

  /** One pass; resolves to the number of reminders queued. */
  tick(): Promise<number> {
    this.running ??= this.pass().finally(() => (this.running = undefined));
    return this.running;
  }

  private async pass(): Promise<number> {
    const { store, guide, policy, clock, logger } = this.opts;
    if (!(await store.acquireLease('lease:reminders', this.owner, LEASE_MS))) return 0;
    let queued = 0;
    try {
      const now = clock();
      for await (const society of eachSociety(store, now)) {
        const chat = `${society.channel}:${society.chatId}`;
        const since = Math.max(now - LOOKBACK_MS, society.state.createdAt ?? 0);
        for (const r of reminderSchedule(guide, society.state, policy, now)) {
          if (r.dueMs > now || r.dueMs < since) continue;
          const id = `rem-${createHash('sha256').update(`${chat}|${r.key}`).digest('hex').slice(0, 24)}`;
          if ((await store.get(jobKey(id))) !== undefined) continue;
          const late = now - r.dueMs;
          if (late > LATE_LIMIT_MS) {
            await createJob(store, { id, kind: 'reminder', createdAt: now, audience: chat, text: `skipped:${r.key}` }, []);
            logger.info({ chat, reminder: r.key, lateHours: Math.round(late / 3600_000) }, 'reminder skipped: missed by more than 24 hours');
            continue;
          }
          // The society's checklist: the reminder names only what is still missing.
          const checklist = await readEntries(store, societyKeyOf(society.channel, society.chatId, society.state));
          const text = reminderText(guide, r, { checklist, ...(late > LATE_NOTE_AFTER_MS && { lateByMs: late }) });
          await createJob(store, { id, kind: 'reminder', createdAt: now, audience: chat, text: r.key }, [
            { channel: society.channel, chatId: society.chatId, text },
          ]);
          if (late > LATE_NOTE_AFTER_MS) logger.info({ chat, reminder: r.key, lateMinutes: Math.round(late / 60_000) }, 'reminder sent late after downtime');
          queued++;
        }
      }
    } finally {
      await store.releaseLease('lease:reminders', this.owner).catch(() => undefined);
    }
    if (queued) this.opts.onQueued?.();
    return queued;
  }
}
