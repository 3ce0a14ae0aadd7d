import type { Conversation } from '../handlers/conversation.js';
import { translator, type Lang } from '../handlers/i18n.js';
import { loadState, type ChatState } from '../handlers/state.js';
import type { StaffPort } from '../handlers/staff.js';
import type { RosterPort } from '../handlers/join.js';
import type { Channel, Effect, HandlerContext, Incoming, PackPort, Reply } from '../handlers/types.js';
import type { Logger } from './log.js';
import { auditOp } from './audit.js';
import { chatKey, chatLanguage } from './chat-language.js';
import { checklistOp, checklistPort, societyKeyOf } from './checklist-store.js';
import { emptyShared, mergeShared, sharedOf, withShared, type SharedProfile } from '../handlers/society-profile.js';
import { chatWithShared, readShared, sharedKey, societyProfileWith, withSocietyLease } from './society-profile-store.js';
import { handledOps, type IntakeRecord } from './intake/intake.js';
import { PackService } from './pack/pack-service.js';
import { holderIsDead, leaseOwnerId } from './lease-owner.js';
import { timedTurn } from './metrics.js';
import type { Store, WriteOp } from './store/store.js';

export { chatKey, holderIsDead };

/** One message through the conversation: the replies, and the chat's language for the adapter's own words. */
export type Turn = (msg: Incoming) => Promise<{ replies: Reply[]; lang: Lang }>;

/** A lease left by an instance that died on another machine runs out within this (on this machine: at once). */
const LOCK_TTL_MS = 10_000;
const RELEASE_AFTER_MS = 1_000;
const LOCK_POLL_MS = 15;

/**
 * Longer than any real answer or question, in Chinese or in English (an English message of facts and a plan
 * runs to 250 characters): the rest is not read (the user is told). Matching
 * costs grow with the length (measured by `npm run bench`), so this bounds the work per message.
 */
export const MAX_TEXT_CHARS = 400;
/**
 * One conversation turn at a time in this process, each in its own turn of the event loop: a
 * burst of heavy messages in many chats then blocks the loop for one message at a time, and
 * /healthz and the webhooks are served in between (they would otherwise run back to back, as
 * the SQLite store answers without a real wait).
 */
let turnGate: Promise<void> = Promise.resolve();
async function oneTurnAtATime<T>(work: () => Promise<T>): Promise<T> {
  const previous = turnGate;
  let release!: () => void;
  turnGate = new Promise<void>((resolve) => (release = resolve));
  await previous;
  await new Promise((resolve) => setImmediate(resolve));
  try {
    return await work();
  } finally {
    release();
  }
}

/** A refused staff command is audited at most once per user and command in this time. */
const REFUSAL_AUDIT_EVERY_MS = 10 * 60_000;

/**
 * Runs the conversation for incoming messages: one at a time per chat (in this process by a
 * queue, across processes by a store lease), with state loaded before and saved after.
 */
export class ChatService {
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly owner = leaseOwnerId();
  /** /export: the society's printable pack, from this service's store unless another port is given. */
  private readonly pack: PackPort;
  /** Chat leases this instance holds, with when they run out. */
  private readonly held = new Map<string, number>();
  private releaseTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly store: Store,
    private readonly conversation: Conversation,
    private readonly opts: { clock: () => number; logger: Logger; staff?: StaffPort; roster?: RosterPort; pack?: PackPort },
  ) {
    this.pack = opts.pack ?? new PackService(store, conversation.guide);
  }

  async handle(msg: Incoming): Promise<Reply[]> {
    return (await this.inOrder(msg.channel, msg.chatId, (turn) => turn(msg))).replies;
  }

  /**
   * The one place a chat's messages are ordered: `work` runs after everything queued before it for
   * this chat (in this process by a queue, across processes by the chat's lease), and may send what
   * `turn` returns before the next message's turn starts. Adapters call this as an update arrives.
   */
  inOrder<T>(channel: Channel, chatId: string, work: (turn: Turn) => Promise<T>): Promise<T> {
    const key = chatKey(channel, chatId);
    const turn: Turn = (msg) => {
      if (chatKey(msg.channel, msg.chatId) !== key) return Promise.reject(new Error('a turn for another chat'));
      return timedTurn(msg.channel, () => this.process(key, msg));
    };
    const previous = this.queues.get(key) ?? Promise.resolve();
    const next = previous.then(() => this.locked(key, () => work(turn)));

    const tail = next.catch(() => undefined);
    this.queues.set(key, tail);
    void tail.then(() => {
      if (this.queues.get(key) === tail) this.queues.delete(key);
    });
    return next;
  }

  /**
   * Handles a stored intake event: exactly once. Within the chat's order the event record is
   * read again: one already handled (a replay, another instance) is skipped (undefined). The
   * new chat state, the audit rows and the record marked handled with its plan (what the
   * transport will send, built from the replies) are one atomic write. A store that cannot
   * write throws: the event stays received and is tried again.
   */
  handleEvent(msg: Incoming, eventKey: string, plan: (replies: Reply[], lang: Lang) => unknown): Promise<Reply[] | undefined> {
    const key = chatKey(msg.channel, msg.chatId);
    return this.inOrder(msg.channel, msg.chatId, async () => {
      const record = await this.store.get<IntakeRecord>(eventKey);
      if (record?.status !== 'received') return undefined;
      return (await timedTurn(msg.channel, () => this.process(key, msg, (replies, lang) => handledOps(eventKey, record, plan(replies, lang))))).replies;
    });
  }

  /** Waits for every chat's messages in flight (for shutdown). */
  async drain(): Promise<void> {
    while (this.queues.size) await Promise.all([...this.queues.values()]);
    if (this.releaseTimer) clearTimeout(this.releaseTimer);
    await this.releaseIdle(true);
  }

  /** The chat's state as its next turn sees it: a roster society's chat with the society's profile. */
  async getState(channel: Channel, chatId: string): Promise<ChatState> {
    return chatWithShared(this.store, `${channel}:${chatId}`, await this.store.get(chatKey(channel, chatId)), this.opts.clock());
  }

  /** The chat's language, for what an adapter says outside a turn (a stale button, an apology). */
  language(channel: Channel, chatId: string): Promise<Lang> {
    return chatLanguage(this.store, channel, chatId);
  }

  /** The writes an effect adds to the turn's commit (an audit row; a refusal at most every 10 minutes per user). */
  private async effectOps(effect: Effect, chat: string, nowMs: number, society: string): Promise<WriteOp[]> {
    this.opts.logger.info({ chat, effect: effect.type, ...(effect.type === 'audit' && { action: effect.action }) }, 'effect');
    if (effect.type === 'checklist') {
      // Only the checklist of the chat's own society, whatever the handler asked.
      if (effect.society !== society) {
        this.opts.logger.warn({ chat, society: effect.society }, 'checklist write for another society refused');
        return [];
      }
      return [checklistOp(society, effect.project, effect.item, { state: effect.state, by: effect.by, at: nowMs })];
    }
    if (effect.type !== 'audit') return [];
    if (effect.action.startsWith('refused:')) {
      const who = `${String(effect.detail['channel'] ?? '')}:${String(effect.detail['userId'] ?? chat)}`;
      const fresh = await this.store.setIfAbsent(`auditgate:${effect.action}:${who}`, nowMs, REFUSAL_AUDIT_EVERY_MS);
      if (!fresh) return [];
    }
    return [auditOp({ at: nowMs, chat, action: effect.action, ...effect.detail })];
  }

  /**
   * The turn's state written back: a chat of a roster society writes the society's shared profile
   * too (its own copy is kept for reading, the shared one is the truth). A chat that has just joined
   * a society merges what it knows into that society's profile, under that society's lease.
   */
  private async stateOps(key: string, chat: string, before: string | undefined, state: ChatState, nowMs: number): Promise<WriteOp[]> {
    const societyId = state.societyId;
    if (!societyId) return [{ key, value: state }];
    let shared: SharedProfile;
    if (societyId === before) shared = sharedOf(state, await this.mergedChats(societyId, chat));
    else {
      // Joined (or moved): the new society's lease is taken for the merge, the old one's is held already.
      shared = await withSocietyLease(this.store, societyId, async () =>
        mergeShared((await readShared(this.store, societyId)) ?? emptyShared(), sharedOf(state), chat),
      );
    }
    shared.updatedAt = nowMs;
    const next = { ...withShared(state, shared), shared: societyId };
    return [
      { key, value: next },
      { key: sharedKey(societyId), value: shared },
    ];
  }

  private async mergedChats(societyId: string, chat: string): Promise<string[]> {
    const merged = (await readShared(this.store, societyId))?.merged ?? [];
    return merged.includes(chat) ? merged : [...merged, chat];
  }

  /** The platform says the bot can no longer write here (blocked, kicked): skip it from now on. */
  async markInactive(channel: Channel, chatId: string): Promise<void> {
    const key = chatKey(channel, chatId);
    await this.locked(key, async () => {
      const raw = await this.store.get(key);
      if (raw === undefined) return;
      const { state } = loadState(raw, this.opts.clock());
      state.inactive = true;
      await this.store.set(key, state);
    });
  }

  /** A Telegram group became a supergroup: its stored chat moves to the new id. */
  async migrateChat(channel: Channel, fromId: string, toId: string): Promise<void> {
    const from = chatKey(channel, fromId);
    const to = chatKey(channel, toId);
    await this.locked(from, async () => {
      const raw = await this.store.get(from);
      if (raw === undefined) return;
      if ((await this.store.get(to)) === undefined) await this.store.set(to, raw);
      await this.store.delete(from);
    });
  }

  /**
   * Runs `work` holding the chat's lease, so that other instances on the same store wait.
   * A lease is kept a moment after the chat goes quiet and released in the background: a
   * secretary's next message usually follows within seconds and then costs no store write.
   */
  private async locked<T>(key: string, work: () => Promise<T>): Promise<T> {
    const lock = `lock:${key}`;
    const clock = this.opts.clock;
    if ((this.held.get(lock) ?? 0) - clock() < LOCK_TTL_MS / 2) {
      const started = clock();
      let acquired = false;
      // Bounded by the waits too, so a stopped test clock cannot make it spin for ever.
      for (let waited = 0; !(acquired = await this.store.acquireLease(lock, this.owner, LOCK_TTL_MS)); waited += LOCK_POLL_MS) {
        // A holder on this machine whose process is gone (kill -9): its lease is given back now.
        const holder = await this.store.leaseOwner(lock);
        if (holder && holderIsDead(holder, this.owner)) {
          await this.store.releaseLease(lock, holder);
          continue;
        }
        if (clock() - started > LOCK_TTL_MS || waited > LOCK_TTL_MS) break; // a crashed holder's lease has expired by now
        await new Promise((r) => setTimeout(r, LOCK_POLL_MS));
      }
      if (acquired) this.held.set(lock, started + LOCK_TTL_MS);
    }
    try {
      return await work();
    } finally {
      this.scheduleRelease();
    }
  }

  private scheduleRelease() {
    if (this.releaseTimer) return;
    this.releaseTimer = setTimeout(() => void this.releaseIdle(false), RELEASE_AFTER_MS);
    this.releaseTimer.unref();
  }

  /** Gives back the leases of chats with nothing in flight (all of them on shutdown). */
  private async releaseIdle(all: boolean) {
    this.releaseTimer = undefined;
    for (const lock of [...this.held.keys()]) {
      // No await between this check and the release: a message arriving now waits its turn.
      if (!all && this.queues.has(lock.slice('lock:'.length))) continue;
      this.held.delete(lock);
      await this.store.releaseLease(lock, this.owner).catch(() => undefined);
    }
    if (this.held.size && !all) this.scheduleRelease();
  }

  /**
   * A chat of a roster society is handled holding the society's lease: the society's shared profile
   * is read into the turn and written back with the chat's state in one atomic write.
   */
  private async process(key: string, input: Incoming, commit?: (replies: Reply[], lang: Lang) => WriteOp[]): Promise<{ replies: Reply[]; lang: Lang }> {
    const raw = await this.store.get(key);
    const societyId = loadState(raw, this.opts.clock()).state.societyId;
    if (!societyId) return this.processIn(key, input, commit);
    return withSocietyLease(this.store, societyId, () => this.processIn(key, input, commit));
  }

  private async processIn(key: string, input: Incoming, commit?: (replies: Reply[], lang: Lang) => WriteOp[]): Promise<{ replies: Reply[]; lang: Lang }> {
    const nowMs = this.opts.clock();
    const chat = key.slice('chat:'.length);
    let lang: Lang = 'zh-CN';
    const cut = input.text !== undefined && input.text.length > MAX_TEXT_CHARS;
    const msg = cut ? { ...input, text: input.text!.slice(0, MAX_TEXT_CHARS) } : input;
    let outcome: { state: ChatState; replies: Reply[]; ops: WriteOp[] } | undefined;
    try {
      const loaded = loadState(await this.store.get(key), nowMs);
      const societyId = loaded.state.societyId;
      if (societyId) loaded.state = withShared(loaded.state, societyProfileWith(await readShared(this.store, societyId), chat, loaded.state));
      lang = loaded.state.lang;
      const society = societyKeyOf(msg.channel, msg.chatId, loaded.state);
      const ctx: HandlerContext = {
        guide: this.conversation.guide,
        nowMs,
        ...(this.opts.staff && { staff: this.opts.staff }),
        ...(this.opts.roster && { roster: this.opts.roster }),
        pack: this.pack,
        checklist: checklistPort(this.store, society),
      };
      const result = await oneTurnAtATime(() => this.conversation.handle(msg, loaded.state, ctx));
      const ops: WriteOp[] = await this.stateOps(key, chat, societyId, result.state, nowMs);
      for (const effect of result.effects) ops.push(...(await this.effectOps(effect, key, nowMs, society)));
      lang = result.state.lang;
      const t = translator(lang);
      const replies = [
        ...(loaded.reset ? [{ text: t('service.resetApology') }] : []),
        ...(cut ? [{ text: t('service.textCut', { limit: MAX_TEXT_CHARS }) }] : []),
        ...result.replies,
      ];
      outcome = { state: result.state, replies, ops };
    } catch (error) {
      this.opts.logger.error({ err: error, chat: key }, 'handler failed');
    }
    const replies = outcome?.replies ?? [{ text: translator(lang)('service.apology') }];
    const ops = [...(outcome?.ops ?? []), ...(commit?.(replies, lang) ?? [])];
    if (!commit) {
      // Not from the intake (console, tests): a failed write is answered with the apology.
      try {
        if (ops.length) await this.store.write(ops);
      } catch (error) {
        this.opts.logger.error({ err: error, chat: key }, 'handler failed');
        return { replies: [{ text: translator(lang)('service.apology') }], lang };
      }
      return { replies, lang };
    }
    // From the intake: a failed write throws, and the event is tried again later.
    await this.store.write(ops);
    return { replies, lang };
  }
}
