import type { RosterPort } from '../../handlers/join.js';
import { loadState } from '../../handlers/state.js';
import type { Incoming } from '../../handlers/types.js';
import { recordAudit } from '../audit.js';
import { readShared } from '../society-profile-store.js';
import type { Store } from '../store/store.js';
import { createSignInLink } from '../web/auth.js';
import { findByCode, linkChat, normaliseCode, unlinkChat } from './societies.js';

const MAX_FAILURES = 10;
const FAILURE_WINDOW_MS = 3_600_000;

/** The store side of /join, /start CODE and /web. */
export class RosterService implements RosterPort {
  constructor(
    private readonly store: Store,
    private readonly opts: { publicUrl: string; clock: () => number },
  ) {}

  async join(code: string, msg: Incoming) {
    const now = this.opts.clock();
    const chat = `${msg.channel}:${msg.chatId}`;
    // Codes have ~59 bits; still, a chat that keeps trying wrong ones is stopped for an hour.
    const failKey = `join-fail:${chat}`;
    const failures = (await this.store.get<number>(failKey)) ?? 0;
    if (failures >= MAX_FAILURES) return { kind: 'throttled' as const };
    const found = await findByCode(this.store, code);
    if (!found || found.revoked) {
      await this.store.set(failKey, failures + 1, FAILURE_WINDOW_MS);
      await recordAudit(this.store, {
        at: now,
        action: found ? 'society:join:revoked' : 'society:join:unknown',
        chat,
        code: normaliseCode(code).slice(0, 40),
        ...(found && { society: found.society.name }),
      });
      return { kind: found ? ('revoked' as const) : ('unknown' as const) };
    }
    const previous = loadState(await this.store.get(`chat:${chat}`), now).state.societyId;
    if (previous && previous !== found.society.id) await unlinkChat(this.store, previous, chat, now);
    const society = (await linkChat(this.store, found.society.id, chat, now)) ?? found.society;
    const shared = await readShared(this.store, society.id);
    return {
      kind: 'joined' as const,
      society: { id: society.id, name: society.name, facts: society.facts, sources: society.sources, ...(shared && { shared }) },
    };
  }

  signInLink(msg: Incoming): Promise<string> {
    return createSignInLink(this.store, this.opts.publicUrl, `${msg.channel}:${msg.userId}`, this.opts.clock());
  }
}
