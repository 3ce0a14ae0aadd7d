import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Channel, Choice, Question } from '../../handlers/types.js';
import type { Store } from '../store/store.js';

/**
 * The question-and-button protocol, one for every chat platform. A question sent with buttons is
 * remembered under an opaque `ref` (its option values stay here; a button carries only the ref, an
 * action and an option index, signed by the platform's codec); a press is resolved back into the
 * neutral Choice; the same question asked again supersedes its older message, whose buttons the
 * adapter then removes. Adapters only encode buttons and lay out messages.
 */

/** How long a question message's buttons stay resolvable (the same on every platform). */
export const QUESTION_TTL_MS = 30 * 24 * 60 * 60 * 1000;
const REF_BYTES = 6; // → 8 base64url characters

export type ButtonAction = Choice['action'];

const optionSchema = z.object({ value: z.string(), label: z.string() });
export const questionRecordSchema = z.object({
  ref: z.string(),
  /** The question's text as the conversation said it (to redraw the message closed). */
  text: z.string(),
  question: z.object({ id: z.string(), mode: z.enum(['single', 'multi']), options: z.array(optionSchema), selected: z.array(z.string()) }),
  /** The platform's id of the message carrying it, once sent. */
  messageId: z.string().optional(),
  /** Its buttons were removed (answered, or superseded by a newer message). */
  closed: z.boolean().optional(),
  /** The same message was redrawn (a toggle) under this newer ref; this record keeps its options as they were drawn. */
  redrawnAs: z.string().optional(),
});
export type QuestionRecord = z.infer<typeof questionRecordSchema>;

/** A resolved press: the choice, the question it belongs to, and whether that message is the chat's live question. */
export interface Press {
  choice: Choice;
  record: QuestionRecord;
  /** The newest question message in the chat, still open: the conversation is waiting on it. */
  current: boolean;
  /** What was chosen, in the option labels (a "done" lists the ticked ones; empty when none). */
  labels: string[];
}

export class QuestionBook {
  constructor(
    private readonly store: Store,
    private readonly channel: Channel,
  ) {}

  private refKey = (chatId: string, ref: string) => `q:${this.channel}:${chatId}:ref:${ref}`;
  /** The ref of the newest message asking this question. */
  private liveKey = (chatId: string, questionId: string) => `q:${this.channel}:${chatId}:live:${questionId}`;
  /** The ref of the newest question message in the chat. */
  private lastKey = (chatId: string) => `q:${this.channel}:${chatId}:last`;

  newRef(): string {
    return randomBytes(REF_BYTES).toString('base64url');
  }

  async get(chatId: string, ref: string): Promise<QuestionRecord | undefined> {
    const parsed = questionRecordSchema.safeParse(await this.store.get(this.refKey(chatId, ref)));
    return parsed.success ? parsed.data : undefined;
  }

  private async put(chatId: string, record: QuestionRecord): Promise<void> {
    await this.store.set(this.refKey(chatId, record.ref), record, QUESTION_TTL_MS);
  }

  private async ref(key: string): Promise<string | undefined> {
    const value = await this.store.get(key);
    return typeof value === 'string' ? value : undefined;
  }

  /** Before sending: remembers the question under a new ref, so that an immediate press finds it. */
  async ask(chatId: string, question: Question, text: string): Promise<QuestionRecord> {
    const record: QuestionRecord = { ref: this.newRef(), text, question: plainQuestion(question) };
    await this.put(chatId, record);
    return record;
  }

  /**
   * After sending: where the question landed. It becomes the chat's live question; an older open
   * message asking the same question is superseded and returned, for the adapter to close.
   */
  async sent(chatId: string, record: QuestionRecord, messageId: string): Promise<QuestionRecord | undefined> {
    const liveKey = this.liveKey(chatId, record.question.id);
    const previousRef = await this.ref(liveKey);
    await this.put(chatId, { ...record, messageId });
    await this.store.set(liveKey, record.ref, QUESTION_TTL_MS);
    await this.store.set(this.lastKey(chatId), record.ref, QUESTION_TTL_MS);
    if (!previousRef || previousRef === record.ref) return undefined;
    const previous = await this.get(chatId, previousRef);
    if (!previous?.messageId || previous.closed || previous.messageId === messageId) return undefined;
    await this.put(chatId, { ...previous, closed: true });
    return previous;
  }

  /**
   * A redraw of a question in place (a multiple-choice toggle): the newest message asking it, now
   * holding the new text and ticks under a NEW ref; undefined when there is none (the adapter sends
   * it anew). The old ref keeps the options as they were drawn: a button pressed twice (a double
   * tap, or a press that arrives before the edit) resolves to what that button showed when it was
   * pressed (e.g. "tick", not the "untick" the redraw now offers), so the second press changes nothing.
   */
  async redraw(chatId: string, question: Question, text: string): Promise<QuestionRecord | undefined> {
    const liveKey = this.liveKey(chatId, question.id);
    const ref = await this.ref(liveKey);
    const found = ref ? await this.get(chatId, ref) : undefined;
    if (!found?.messageId) return undefined;
    const record: QuestionRecord = { ...found, ref: this.newRef(), text, question: plainQuestion(question) };
    await this.put(chatId, record);
    await this.put(chatId, { ...found, redrawnAs: record.ref });
    await this.store.set(liveKey, record.ref, QUESTION_TTL_MS);
    if ((await this.ref(this.lastKey(chatId))) === ref) await this.store.set(this.lastKey(chatId), record.ref, QUESTION_TTL_MS);
    return record;
  }

  /** A press of a button drawn under `ref`: undefined when its record is gone or the index does not fit the question. */
  async resolve(chatId: string, ref: string, action: ButtonAction, index: number): Promise<Press | undefined> {
    const record = await this.get(chatId, ref);
    if (!record) return undefined;
    const q = record.question;
    let choice: Choice | undefined;
    let labels: string[] = [];
    if (action === 'done') {
      if (q.mode === 'multi') {
        choice = { question: q.id, values: [], action };
        labels = q.options.filter((o) => q.selected.includes(o.value)).map((o) => o.label);
      }
    } else if ((action === 'pick') === (q.mode === 'single')) {
      const option = q.options[index];
      if (option) {
        choice = { question: q.id, values: [option.value], action };
        labels = [option.label];
      }
    }
    if (!choice) return undefined;
    // Current: this message (as last redrawn) is the chat's newest open question.
    const latest = await this.latest(chatId, record);
    const current = !latest.closed && (await this.ref(this.lastKey(chatId))) === latest.ref;
    return { choice, record, current, labels };
  }

  /** The record of the message as last redrawn (following `redrawnAs`; a few steps per toggle pressed). */
  private async latest(chatId: string, record: QuestionRecord): Promise<QuestionRecord> {
    let latest = record;
    for (let i = 0; i < 1000 && latest.redrawnAs; i++) {
      const next = await this.get(chatId, latest.redrawnAs);
      if (!next) break;
      latest = next;
    }
    return latest;
  }

  /** Marks a question message closed (answered or stale); the record as it was if it was open, to redraw it. */
  async close(chatId: string, ref: string): Promise<QuestionRecord | undefined> {
    const found = await this.get(chatId, ref);
    const record = found && (await this.latest(chatId, found));
    if (!record?.messageId || record.closed) return undefined;
    await this.put(chatId, { ...record, closed: true });
    return record;
  }
}

/** Only what the protocol needs of a question (a handler's Question may carry more). */
function plainQuestion(q: Question): QuestionRecord['question'] {
  return { id: q.id, mode: q.mode, options: q.options.map((o) => ({ value: o.value, label: o.label })), selected: [...q.selected] };
}
