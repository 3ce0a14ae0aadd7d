import type { Guide, SearchIndex } from '../rules/index.js';
import { onChoice } from './buttons.js';
import { onCommand } from './commands.js';
import { onText } from './routes.js';
import { projectMatcher, type ProjectMatcher } from './parse.js';
import { checkRosterFacts, onRosterAnswer, snapshot } from './roster-facts.js';
import type { ChatState } from './state.js';
import { forgetOlderYears } from './record.js';
import { settleEventDate } from './event-date.js';
import { Turn } from './turn.js';
import { frameOf, type Frame } from './understanding/frame.js';
import { Message } from './understanding/message.js';
import type { HandlerContext, Incoming, Outcome } from './types.js';

const COMMAND = /^[/／]([a-z_]+)(?:@\S+)?\s*(.*)$/is;

/**
 * The conversation with one chat: commands, the interview, answers to free text.
 * Pure apart from the staff hook: state in, state and replies out.
 */
export class Conversation {
  readonly matcher: ProjectMatcher;

  constructor(
    readonly guide: Guide,
    readonly search?: SearchIndex,
  ) {
    this.matcher = projectMatcher(guide);
  }

  async handle(msg: Incoming, stored: ChatState, ctx: HandlerContext): Promise<Outcome> {
    const turn = new Turn(this, structuredClone(stored), ctx, msg);
    turn.state.lastSeenAt = ctx.nowMs;
    turn.state.inactive = false;
    // Only a staff member's own chat is the staff's: a society's group stays a society when staff write in it.
    if (msg.isStaff && !msg.isGroup) turn.state.staff = true;
    else delete turn.state.staff;
    const dropped = forgetOlderYears(turn);
    if (dropped.length) turn.say(turn.t('learn.newYear', { year: turn.guide.year, list: dropped.map((f) => turn.label(f)).join(turn.t('sep.list')) }));
    const before = snapshot(turn.state);
    if (!onRosterAnswer(turn, msg.choice ? undefined : turn.heard.text, msg.choice)) {
      await dispatch(turn);
      settleEventDate(turn);
      checkRosterFacts(turn, before);
    }
    turn.state.updatedAt = ctx.nowMs;
    return { state: turn.state, replies: turn.replies, effects: turn.effects };
  }

  /** How a message is read (normalised, split, classified, its slots), without acting on it. */
  read(text: string, stored: ChatState, ctx: HandlerContext): Frame {
    const turn = new Turn(this, structuredClone(stored), ctx, { channel: 'console', chatId: 'read', userId: 'read', text });
    return frameOf(new Message(turn, turn.heard.text));
  }
}

function dispatch(turn: Turn): void | Promise<void> {
  const { msg } = turn;
  if (msg.choice) return onChoice(turn, msg.choice);
  const text = turn.heard.text;
  if (!text) return turn.say(turn.t('command.textOnly'));
  const command = COMMAND.exec(text);
  if (command) return onCommand(turn, command[1]!.toLowerCase(), command[2]!.trim());
  return onText(turn, text);
}
