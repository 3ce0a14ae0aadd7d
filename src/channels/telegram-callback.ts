import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Press, QuestionBook } from './question-protocol.js';
import type { ButtonAction } from './telegram-render.js';

/**
 * Callback data for inline buttons: `v1.<ref>.<action>.<index>.<mac>`, at most 64 bytes.
 *
 * - `ref` is the question message's ref in the question protocol (question-protocol.ts), mapped
 *   server-side (per chat) to the question and its option values, so no option value ever travels
 *   in the payload.
 * - `action` is p (pick, single choice), t (toggle, multiple choice) or d (done).
 * - `index` is the option's position (0 for done).
 * - `mac` is an HMAC-SHA256, keyed by a secret derived from the bot token, over the chat id,
 *   ref, question id, action and index, truncated to 96 bits. A payload copied to another chat,
 *   altered or made up fails it; so does one whose server-side record has expired.
 */

export const CALLBACK_VERSION = 'v1';
const MAC_CHARS = 16; // 96 bits

export const callbackDataSchema = z
  .string()
  .max(64)
  .regex(/^v1\.[A-Za-z0-9_-]{8}\.[ptd]\.\d{1,3}\.[A-Za-z0-9_-]{16}$/)
  .transform((s) => {
    const [, ref, action, index, mac] = s.split('.') as [string, string, ButtonAction, string, string];
    return { ref, action, index: Number(index), mac };
  });
export type CallbackData = z.output<typeof callbackDataSchema>;

export class CallbackCodec {
  private readonly key: Buffer;

  constructor(botToken: string) {
    // A key of its own, derived one way from the token: the token itself never signs anything.
    this.key = createHash('sha256').update(`shenbao telegram callback v1\0${botToken}`).digest();
  }

  private mac(chatId: string, ref: string, questionId: string, action: ButtonAction, index: number): string {
    return createHmac('sha256', this.key)
      .update([CALLBACK_VERSION, chatId, ref, questionId, action, String(index)].join('\0'))
      .digest('base64url')
      .slice(0, MAC_CHARS);
  }

  encode(chatId: string, ref: string, questionId: string, action: ButtonAction, index: number): string {
    return [CALLBACK_VERSION, ref, action, index, this.mac(chatId, ref, questionId, action, index)].join('.');
  }

  /** Parses the payload's shape only (no store, no MAC): undefined when it is not ours. */
  parse(data: unknown): CallbackData | undefined {
    const parsed = callbackDataSchema.safeParse(data);
    return parsed.success ? parsed.data : undefined;
  }

  verify(chatId: string, questionId: string, data: CallbackData): boolean {
    const expected = Buffer.from(this.mac(chatId, data.ref, questionId, data.action, data.index));
    const given = Buffer.from(data.mac);
    return expected.length === given.length && timingSafeEqual(expected, given);
  }
}

const ACTIONS = { p: 'pick', t: 'toggle', d: 'done' } as const;

/**
 * Resolves callback data from a chat into a press of a remembered question, or undefined when it
 * is forged, altered, from another chat, or its question record is gone. Never throws on any input.
 */
export async function resolveCallback(codec: CallbackCodec, questions: QuestionBook, chatId: string, raw: unknown): Promise<Press | undefined> {
  const data = codec.parse(raw);
  if (!data) return undefined;
  const record = await questions.get(chatId, data.ref);
  if (!record || !codec.verify(chatId, record.question.id, data)) return undefined;
  if (data.action === 'd' && data.index !== 0) return undefined;
  return questions.resolve(chatId, data.ref, ACTIONS[data.action], data.index);
}
