import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The value carried by each card button: opaque to Lark, signed by us. It names the question message (its ref),
 * the action and an option index; the chat id is bound into the signature, so a value copied
 * into another chat (or made up) fails. Option values themselves stay server-side and are
 * looked up by index when the click comes back.
 */
export type ButtonAction = 'pick' | 'toggle' | 'done';

export interface ButtonPayload {
  /** The question message's ref in the question protocol (question-protocol.ts). */
  ref: string;
  action: ButtonAction;
  /** Option index; -1 for "done". */
  index: number;
}

export interface ButtonValue {
  k: string;
  s: string;
}

const CODE: Record<ButtonAction, string> = { pick: 'p', toggle: 't', done: 'd' };
const ACTION: Record<string, ButtonAction> = { p: 'pick', t: 'toggle', d: 'done' };
const MAX_KEY = 300;
const PATTERN = /^([ptd])\|(-1|\d{1,3})\|([^\n]{1,256})$/;

export class ButtonCodec {
  private readonly key: Buffer;

  /** `secret`: the app secret; a purpose-specific key is derived from it. */
  constructor(secret: string) {
    this.key = createHmac('sha256', secret).update('shenbao/lark/card-button/v1').digest();
  }

  encode(chatId: string, p: ButtonPayload): ButtonValue {
    const k = `${CODE[p.action]}|${p.index}|${p.ref}`;
    return { k, s: this.sign(chatId, k) };
  }

  /** The payload when `value` is one we signed for this chat; undefined for anything else. Never throws. */
  decode(chatId: unknown, value: unknown): ButtonPayload | undefined {
    try {
      if (typeof chatId !== 'string' || !chatId || chatId.length > 200) return undefined;
      if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
      const { k, s } = value as Record<string, unknown>;
      if (typeof k !== 'string' || typeof s !== 'string' || k.length > MAX_KEY || s.length > 64) return undefined;
      const expected = Buffer.from(this.sign(chatId, k));
      const given = Buffer.from(s);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
      const m = PATTERN.exec(k);
      if (!m) return undefined;
      const action = ACTION[m[1]!]!;
      const index = Number(m[2]);
      if ((action === 'done') !== (index === -1)) return undefined;
      return { action, index, ref: m[3]! };
    } catch {
      return undefined;
    }
  }

  private sign(chatId: string, k: string): string {
    return createHmac('sha256', this.key).update(`${chatId}\n${k}`).digest('base64url').slice(0, 32);
  }
}
