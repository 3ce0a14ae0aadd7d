import type { Channel } from '../../handlers/types.js';
import { holderIsDead, leaseOwnerId } from '../lease-owner.js';
import type { Logger } from '../log.js';
import { replies, updatesReceived } from '../metrics.js';
import type { Store, WriteOp } from '../store/store.js';

/**
 * Durable intake, one module for every transport (Telegram polling and webhook, Lark webhook
 * and long connection):
 * - `receive` stores an event as received (atomically with its dedupe marker) before the
 *   transport acknowledges it to the platform; a redelivery finds the record and is dropped;
 * - a stored event is processed at least once, in arrival order per chat: the transport's
 *   `process` converses through ChatService.handleEvent, which stores the chat state and the
 *   replies to send (the "plan") in one atomic write, so the effects happen exactly once;
 * - the plan is then delivered, retried with backoff while the platform fails, and the record is
 *   closed; a crash anywhere leaves the record open, and `replay` at start picks it up.
 *
 * Several instances may share one store (Redis): each event is also indexed under its chat, by
 * arrival. An instance works on a chat only while it holds the chat's intake lease, and then
 * processes the chat's earliest open record first, whichever instance received it, until the
 * chat has none left; the others wait for their record to be closed or for the lease. A periodic
 * sweep picks up open records nobody works on (their receiver died): a dead holder's lease is
 * taken over at once on the same machine, and runs out within LEASE_TTL_MS elsewhere.
 */

export type IntakeStatus = 'received' | 'handled' | 'done';

export interface IntakeRecord {
  channel: Channel;
  /** The platform's id of the event (update_id, event_id). */
  id: string;
  /** Ordering key: events of one chat are processed one at a time, in arrival order. */
  chat: string;
  /** Arrival order (sortable). */
  seq: string;
  at: number;
  payload: unknown;
  status: IntakeStatus;
  /** What to send (the transport's own shape), stored together with the state change. */
  plan?: unknown;
  /** Plan items delivered so far. */
  sent?: number;
}

/** Kept past every platform's last redelivery (Lark: 6 h after the first; Telegram: 24 h). */
export const DONE_TTL_MS = 25 * 3600_000;
export const recordKey = (channel: Channel, id: string) => `intake:ev:${channel}:${id}`;
const openKey = (seq: string) => `intake:open:${seq}`;
/** The chat's open records, sorted by arrival. The chat id is encoded, so no chat's prefix is another's. */
const chatIndexPrefix = (channel: Channel, chat: string) => `intake:chat:${channel}:${encodeURIComponent(chat)}:`;
const chatIndexKey = (record: Pick<IntakeRecord, 'channel' | 'chat' | 'seq'>) => chatIndexPrefix(record.channel, record.chat) + record.seq;
const chatLease = (channel: Channel, chat: string) => `intake:${channel}:${chat}`;

/** The prefixes the intake lists keys by, often: a store may keep an index of them (the Redis store does). */
export const LISTED_PREFIXES = ['intake:open:', 'intake:chat:'];

/** A chat lease runs out this long after its holder stopped renewing it (it died on another machine). */
export const LEASE_TTL_MS = 10_000;
const RENEW_EVERY_MS = 3_000;
/** How often an instance waiting for another's chat lease looks again. */
const WAIT_POLL_MS = 25;
/** Open records older than this that no live instance works on are taken over by the sweep. */
const SWEEP_AGE_MS = 2_000;

/** Thrown by a transport's `deliver` when the platform failed in a way worth retrying (5xx, 429, network). */
export class RetryLater extends Error {
  override name = 'RetryLater';
  constructor(
    message: string,
    readonly afterMs = 0,
  ) {
    super(message);
  }
}

export interface Transport {
  channel: Channel;
  /**
   * Handles a received event. When it converses it must go through
   * `service.handleEvent(incoming, key, plan)`; anything else it does must be idempotent.
   */
  process(record: IntakeRecord, key: string): Promise<void>;
  /** Sends plan items from `record.sent ?? 0` on, calling `sent(n)` after each; throws RetryLater to be retried. */
  deliver(record: IntakeRecord, sent: (n: number) => Promise<void>): Promise<void>;
}

export interface IntakeOptions {
  store: Store;
  logger: Logger;
  /** How long a failing delivery is retried before it is given up (default 1 h). */
  retryForMs?: number;
  backoffMs?: (attempt: number) => number;
  clock?: () => number;
  /** How often open records are swept for ones nobody works on (default 2 s; 0: never). */
  sweepMs?: number;
}

export type ReceiveResult = 'stored' | 'duplicate' | 'closed';

const pad = (n: number, width: number) => String(n).padStart(width, '0');
let counter = 0;
const nextSeq = (now: number) => `${pad(now, 15)}-${pad((counter = (counter + 1) % 1e9), 9)}-${process.pid}`;

export class Intake {
  private readonly transports = new Map<Channel, Transport>();
  private readonly chains = new Map<string, Promise<void>>();
  /** Open-index keys of the records queued here (not swept again). */
  private readonly queued = new Set<string>();
  private closed = false;
  /** Wakes delivery backoffs early on stop. */
  private readonly wakers = new Set<() => void>();
  private readonly owner = leaseOwnerId();
  /** Chat leases held now. */
  private readonly held = new Set<string>();
  private renewTimer: NodeJS.Timeout | undefined;
  private sweepTimer: NodeJS.Timeout | undefined;
  private sweeping = false;

  constructor(private readonly opts: IntakeOptions) {}

  register(transport: Transport): void {
    this.transports.set(transport.channel, transport);
    const every = this.opts.sweepMs ?? 2_000;
    if (every > 0 && !this.sweepTimer && !this.closed) {
      this.sweepTimer = setInterval(() => void this.sweep(), every);
      this.sweepTimer.unref();
    }
  }

  get accepting(): boolean {
    return !this.closed;
  }

  /**
   * Stores the event (unless seen before) and queues it. Resolves once it is durable: only then
   * may the transport acknowledge it. Throws when the store cannot write (do not acknowledge).
   */
  async receive(channel: Channel, id: string, chat: string, payload: unknown): Promise<ReceiveResult> {
    if (this.closed) return 'closed';
    const key = recordKey(channel, id);
    const now = (this.opts.clock ?? Date.now)();
    const seq = nextSeq(now);
    const record: IntakeRecord = { channel, id, chat, seq, at: now, payload, status: 'received' };
    const stored = await this.opts.store.write(
      [
        { key, value: record },
        { key: openKey(seq), value: key },
        { key: chatIndexKey(record), value: key },
      ],
      { unlessPresent: key },
    );
    updatesReceived.inc({ channel, result: stored ? 'stored' : 'duplicate' });
    if (!stored) return 'duplicate';
    this.schedule(key, record);
    return 'stored';
  }

  /** Queues every open record of `channel` (after a crash or a stop), in arrival order. */
  async replay(channel: Channel): Promise<number> {
    const { store, logger } = this.opts;
    let n = 0;
    for (const index of await store.keys('intake:open:')) {
      const key = await store.get<string>(index);
      const record = key === undefined ? undefined : await store.get<IntakeRecord>(key);
      if (!record || record.status === 'done') {
        await store.delete(index);
        continue;
      }
      if (record.channel !== channel) continue;
      this.schedule(key!, record);
      n++;
    }
    if (n) logger.info({ channel, events: n }, 'intake: resuming events received before the last stop');
    return n;
  }

  /** Waits until nothing is queued (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.chains.size) await Promise.all([...this.chains.values()]);
  }

  /** Stops taking events and retrying; waits up to `graceMs` for the work in flight. Open records stay for the next start. */
  async stop(graceMs = 3_000): Promise<void> {
    this.closed = true;
    clearInterval(this.sweepTimer);
    for (const wake of this.wakers) wake();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.idle(), new Promise((r) => (timer = setTimeout(r, graceMs)))]);
    clearTimeout(timer);
  }

  private schedule(key: string, record: IntakeRecord) {
    const open = openKey(record.seq);
    if (this.queued.has(open)) return;
    this.queued.add(open);
    const chain = `${record.channel}:${record.chat}`;
    const previous = this.chains.get(chain) ?? Promise.resolve();
    const next = previous
      .then(() => this.run(key, record))
      .catch((error: unknown) => {
        this.opts.logger.error({ err: error, channel: record.channel, event: record.id }, 'intake: event left open, retried later');
      })
      .finally(() => this.queued.delete(open));
    this.chains.set(chain, next);
    void next.then(() => {
      if (this.chains.get(chain) === next) this.chains.delete(chain);
    });
  }

  /**
   * Sees `key` closed: by this instance, holding the chat's lease and working through the chat's
   * open records in arrival order, or by another instance that holds it.
   */
  private async run(key: string, record: IntakeRecord): Promise<void> {
    const { store } = this.opts;
    const lease = chatLease(record.channel, record.chat);
    for (;;) {
      if (this.closed) return;
      const now = await store.get<IntakeRecord>(key);
      if (!now || now.status === 'done') return;
      if (await this.acquire(lease)) {
        try {
          await this.drain(record.channel, record.chat);
          // A record stored before the chat index existed is not in it.
          const still = await store.get<IntakeRecord>(key);
          if (!this.closed && still && still.status !== 'done') await this.runOne(key, still);
        } finally {
          await this.release(lease);
        }
        return;
      }
      await this.pause(WAIT_POLL_MS);
    }
  }

  /** Processes the chat's open records, earliest first, until there are none (or on stop). */
  private async drain(channel: Channel, chat: string): Promise<void> {
    const { store } = this.opts;
    const prefix = chatIndexPrefix(channel, chat);
    // A record that failed unexpectedly is passed over (the sweep tries it again), as before the
    // chat index: one bad event must not hold up the chat for good.
    const failed = new Set<string>();
    while (!this.closed) {
      const head = (await store.keys(prefix)).find((k) => !failed.has(k));
      if (head === undefined) return;
      const key = await store.get<string>(head);
      const record = key === undefined ? undefined : await store.get<IntakeRecord>(key);
      if (!record || record.status === 'done' || record.seq !== head.slice(prefix.length)) {
        await store.delete(head); // left by a crash between two writes
        continue;
      }
      try {
        await this.runOne(key!, record);
      } catch (error) {
        failed.add(head);
        this.opts.logger.error({ err: error, channel, event: record.id }, 'intake: event left open, retried later');
      }
    }
  }

  /** Takes the chat's lease (renewed in the background while held); a dead holder's on this machine at once. */
  private async acquire(lease: string): Promise<boolean> {
    const { store } = this.opts;
    for (let attempt = 0; attempt < 2; attempt++) {
      if (await store.acquireLease(lease, this.owner, LEASE_TTL_MS)) {
        this.held.add(lease);
        this.renewTimer ??= setInterval(() => void this.renew(), RENEW_EVERY_MS).unref();
        return true;
      }
      const holder = await store.leaseOwner(lease);
      if (!holder || !holderIsDead(holder, this.owner)) return false;
      await store.releaseLease(lease, holder);
    }
    return false;
  }

  private async release(lease: string) {
    this.held.delete(lease);
    if (!this.held.size) {
      clearInterval(this.renewTimer);
      this.renewTimer = undefined;
    }
    await this.opts.store.releaseLease(lease, this.owner).catch(() => undefined);
  }

  private async renew() {
    for (const lease of this.held) {
      const kept = await this.opts.store.acquireLease(lease, this.owner, LEASE_TTL_MS).catch(() => true);
      if (!kept) this.opts.logger.warn({ lease }, 'intake: chat lease lost to another instance (this one stalled)');
    }
  }

  /** Queues open records that no live instance works on: their receiver died, or their lease ran out. */
  private async sweep() {
    if (this.sweeping || this.closed) return;
    this.sweeping = true;
    const { store, logger } = this.opts;
    const clock = this.opts.clock ?? Date.now;
    try {
      for (const index of await store.keys('intake:open:')) {
        if (this.closed) return;
        if (this.queued.has(index)) continue;
        const key = await store.get<string>(index);
        const record = key === undefined ? undefined : await store.get<IntakeRecord>(key);
        if (!record || record.status === 'done' || !this.transports.has(record.channel)) continue;
        if (clock() - record.at < SWEEP_AGE_MS) continue;
        const holder = await store.leaseOwner(chatLease(record.channel, record.chat));
        if (holder && !holderIsDead(holder, this.owner)) continue;
        logger.info({ channel: record.channel, event: record.id, chat: record.chat }, 'intake: taking over an open event nobody works on');
        this.schedule(key!, record);
      }
    } catch (error) {
      logger.warn({ err: error }, 'intake: sweep of open events failed; trying again');
    } finally {
      this.sweeping = false;
    }
  }

  /** Processes, delivers and closes one record (the caller holds its chat's lease). */
  private async runOne(key: string, first: IntakeRecord): Promise<void> {
    const { store, logger } = this.opts;
    const transport = this.transports.get(first.channel);
    if (!transport) throw new Error(`no transport for ${first.channel}`);
    let record = first;
    for (let attempt = 1; record.status === 'received'; attempt++) {
      if (this.closed) return;
      try {
        // A turn on the event loop between events: no burst of messages runs back to back.
        await new Promise((r) => setImmediate(r));
        await transport.process(record, key);
      } catch (error) {
        // The store could not write (or a bug outside the conversation): the event stays received.
        logger.error({ err: error, channel: record.channel, event: record.id, attempt }, 'intake: processing failed; will retry');
        if (!(await this.pause(this.backoff(attempt)))) return;
        continue;
      }
      const now = await store.get<IntakeRecord>(key);
      if (!now) return;
      // Still received: process() had nothing to converse (a membership change, an ignored message).
      if (now.status === 'received') return this.close(key, now);
      record = now;
    }
    if (record.status === 'handled') await this.deliver(key, record, transport);
  }

  private async deliver(key: string, record: IntakeRecord, transport: Transport) {
    const { logger } = this.opts;
    const clock = this.opts.clock ?? Date.now;
    const started = clock();
    const retryFor = this.opts.retryForMs ?? 3600_000;
    for (let attempt = 1; ; attempt++) {
      try {
        await transport.deliver(record, async (n) => {
          record = { ...record, sent: n };
          await this.persist(key, record);
        });
        await this.close(key, record);
        return;
      } catch (error) {
        if (!(error instanceof RetryLater)) throw error;
        if (clock() - started > retryFor) {
          logger.error({ channel: record.channel, event: record.id, chat: record.chat, reason: error.message }, 'intake: reply not delivered; gave up');
          replies.inc({ channel: record.channel, result: 'failed' });
          await this.close(key, record);
          return;
        }
        const wait = Math.max(error.afterMs, this.backoff(attempt));
        logger.warn(
          { channel: record.channel, event: record.id, reason: error.message, retryInMs: Math.round(wait) },
          'intake: reply delivery failed; will retry',
        );
        if (!(await this.pause(wait))) return;
      }
    }
  }

  /**
   * Records how far a delivery got. A send that happened must not happen again: when the store
   * cannot write (Redis restarting), this waits and writes again, holding the count in memory,
   * rather than failing the delivery (which would be retried from the last count, sending the
   * same reply twice). Gives up only when the intake stops; then the next start may resend one.
   */
  private async persist(key: string, record: IntakeRecord): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.opts.store.set(key, record);
        return;
      } catch (error) {
        if (attempt === 1)
          this.opts.logger.warn(
            { err: error, channel: record.channel, event: record.id, sent: record.sent },
            'intake: cannot record a sent reply yet; retrying',
          );
        if (!(await this.pause(Math.min(2_000, 100 * attempt)))) throw error;
      }
    }
  }

  private async close(key: string, record: IntakeRecord) {
    const ops: WriteOp[] = [
      { key, value: { ...record, status: 'done', payload: null, plan: null } satisfies IntakeRecord, ttlMs: DONE_TTL_MS },
      { key: openKey(record.seq), delete: true },
      { key: chatIndexKey(record), delete: true },
    ];
    await this.opts.store.write(ops);
  }

  private backoff(attempt: number) {
    return this.opts.backoffMs?.(attempt) ?? Math.min(60_000, 500 * 2 ** (attempt - 1)) * (0.75 + Math.random() / 2);
  }

  /** Sleeps; false when stopped meanwhile. */
  private pause(ms: number): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.wakers.delete(wake);
        resolve(!this.closed);
      };
      const timer = setTimeout(wake, ms);
      this.wakers.add(wake);
    });
  }
}

/** The ops that mark a received event handled, with its plan: written together with the chat state. */
export function handledOps(key: string, record: IntakeRecord, plan: unknown): WriteOp[] {
  return [{ key, value: { ...record, status: 'handled', plan, sent: 0 } satisfies IntakeRecord }];
}
