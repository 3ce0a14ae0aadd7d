import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Choice, Question } from '../../handlers/types.js';
import type { Store } from '../store/store.js';
import type { ButtonAction } from './telegram-render.js';

/**
 * Callback data for inline buttons: `v1.<ref>.<action>.<index>.<mac>`, at most 64 bytes.
 *
 * - `ref` is an opaque random id for one question message, mapped server-side (per chat) to the
 *   question id and its option values, so no option value ever travels in the payload.
 * - `action` is p (pick, single choice), t (toggle, multiple choice) or d (done).
 * - `index` is the option's position (0 for done).
 * - `mac` is an HMAC-SHA256, keyed by a secret derived from the bot token, over the chat id,
 *   ref, question id, action and index, truncated to 96 bits. A payload copied to another chat,
 *   altered or made up fails it; so does one whose server-side record has expired.
 */

export const CALLBACK_VERSION = 'v1';
/** Question records outlive the conversation's pending questions by far. */
export const QUESTION_TTL_MS = 90 * 24 * 60 * 60 * 1000;
const REF_BYTES = 6; // → 8 base64url characters
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

/** What the server keeps for a question message: enough to turn an index back into a value. */
export const questionRecordSchema = z.object({
  q: z.string(),
  mode: z.enum(['single', 'multi']),
  values: z.array(z.string()),
});
export type QuestionRecord = z.infer<typeof questionRecordSchema>;

/** Which message carries a question, and under which ref its buttons were drawn. */
export const questionMessageSchema = z.object({ ref: z.string(), messageId: z.number().int(), chatId: z.string() });
export type QuestionMessage = z.infer<typeof questionMessageSchema>;

export const refKey = (chatId: string, ref: string) => `tg:qref:${chatId}:${ref}`;
export const questionMessageKey = (chatId: string, questionId: string) => `tg:qmsg:${chatId}:${questionId}`;

export class CallbackCodec {
  private readonly key: Buffer;

  constructor(botToken: string) {
    // A key of its own, derived one way from the token: the token itself never signs anything.
    this.key = createHash('sha256').update(`shenbao telegram callback v1\0${botToken}`).digest();
  }

  newRef(): string {
    return randomBytes(REF_BYTES).toString('base64url');
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

/** Turns a verified payload into the neutral choice, checking it fits the question it names. */
export function choiceFrom(record: QuestionRecord, data: CallbackData): Choice | undefined {
  if (record.mode === 'single') {
    const value = data.action === 'p' ? record.values[data.index] : undefined;
    return value === undefined ? undefined : { question: record.q, values: [value], action: 'pick' };
  }
  if (data.action === 'd') return data.index === 0 ? { question: record.q, values: [], action: 'done' } : undefined;
  const value = data.action === 't' ? record.values[data.index] : undefined;
  return value === undefined ? undefined : { question: record.q, values: [value], action: 'toggle' };
}

/**
 * Resolves callback data from a chat into a choice, or undefined when it is forged, altered, from
 * another chat, or its question record is gone. Never throws on any input.
 */
export async function resolveCallback(codec: CallbackCodec, store: Store, chatId: string, raw: unknown): Promise<Choice | undefined> {
  const data = codec.parse(raw);
  if (!data) return undefined;
  const stored = questionRecordSchema.safeParse(await store.get(refKey(chatId, data.ref)));
  if (!stored.success) return undefined;
  if (!codec.verify(chatId, stored.data.q, data)) return undefined;
  return choiceFrom(stored.data, data);
}

/** Saves the record behind a new question message's buttons. */
export async function rememberQuestion(store: Store, chatId: string, ref: string, question: Question): Promise<void> {
  const record: QuestionRecord = { q: question.id, mode: question.mode, values: question.options.map((o) => o.value) };
  await store.set(refKey(chatId, ref), record, QUESTION_TTL_MS);
}
