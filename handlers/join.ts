import { FACTS, intentions, type Fact } from '../rules/index.js';
import { advance } from './interview.js';
import { begin, closeQuestion, openStep } from './interview-state.js';
import { mergeShared, sharedOf, withShared } from './society-profile.js';
import type { Turn } from './turn.js';

/** A roster society as a chat sees it when joining. */
export type { JoinedSociety, RosterPort } from './types.js';

/** Telegram deep-link payloads and typed codes: letters and digits, maybe spaced or dashed. */
const CODE = /^[A-Za-z0-9][A-Za-z0-9 -]{3,40}$/;

export function looksLikeCode(text: string): boolean {
  return CODE.test(text.trim());
}

/** `/join CODE` or `/start CODE`: link the chat to its society, greet it by name, confirm what the roster knows, ask the rest. */
export async function joinSociety(turn: Turn, code: string): Promise<void> {
  const port = turn.ctx.roster;
  const typed = code.trim();
  if (!typed || !looksLikeCode(typed)) return turn.say(turn.t('join.usage'));
  if (!port) return turn.say(turn.t('join.unknown', { code: typed }));
  const result = await port.join(typed, turn.msg);
  if (result.kind !== 'joined') return turn.say(turn.t(`join.${result.kind}`, { code: typed }));
  const { society } = result;
  const { state } = turn;
  const before = state.societyId && state.societyId !== society.id ? state.name : undefined;
  const again = state.societyId === society.id;
  state.societyId = society.id;
  state.name = society.name;
  turn.effects.push({
    type: 'audit',
    action: 'society:join',
    detail: { society: society.name, societyId: society.id, channel: turn.msg.channel, userId: turn.msg.userId },
  });

  const shown: string[] = [];
  for (const fact of FACTS) {
    const value = society.facts[fact];
    if (value === undefined) continue;
    // What this chat already said itself stays; a roster fact fills what is unknown or came from the roster.
    const own = state.sources[fact]?.from === 'chat' && state.profile[fact] !== undefined;
    if (!own) {
      Object.assign(state.profile, { [fact]: value });
      state.sources[fact] = { text: society.sources[fact]?.text ?? '省科协名单', at: society.sources[fact]?.at ?? turn.ctx.nowMs, from: 'roster' };
      state.skipped = state.skipped.filter((s) => s !== fact);
    }
    shown.push(turn.t('join.fact', { label: turn.label(fact as Fact), value: turn.describe(state.profile, fact as Fact) ?? '' }));
  }
  // What the society's other chats have told is this chat's too; a different word from this chat is asked about.
  const told: string[] = [];
  if (society.shared) {
    const here = `${turn.msg.channel}:${turn.msg.chatId}`;
    const merged = mergeShared(society.shared, sharedOf(state), here);
    Object.assign(state, withShared(state, merged));
    for (const fact of FACTS) {
      const source = society.shared.sources[fact];
      if (source?.from !== 'chat' || source.chat === here || society.shared.profile[fact] === undefined) continue;
      told.push(turn.t('join.fact', { label: turn.label(fact as Fact), value: turn.describe(state.profile, fact as Fact) ?? '' }));
    }
    const plan = intentions(society.shared.profile).map((i) => turn.guide.projectName(i.project));
    if (plan.length) told.push(turn.t('join.sharedPlan', { list: plan.join(turn.t('sep.list')) }));
  }
  const greeting = before ? turn.t('join.moved', { before, name: society.name }) : turn.t(again ? 'join.already' : 'join.greeting', { name: society.name });
  const facts = shown.length
    ? `${turn.t('join.rosterFacts')}\n${shown.map((text) => turn.t('common.bullet', { text })).join('\n')}`
    : turn.t('join.noRosterFacts');
  const shared = told.length && !again ? `\n${turn.t('join.sharedFacts')}\n${told.map((text) => turn.t('common.bullet', { text })).join('\n')}` : '';
  turn.say(`${greeting}\n${facts}${shared}`);
  begin(state);
  // A pending question the roster has just answered is dropped; the interview goes on with what is missing.
  const open = openStep(state);
  if (open?.kind === 'fact' && state.profile[open.fact] !== undefined) closeQuestion(state);
  advance(turn, true);
}

/** `/web`: staff get a one-time sign-in link, in a private chat only; anyone else is refused and audited. */
export async function webLink(turn: Turn): Promise<void> {
  const { msg } = turn;
  if (!msg.isStaff || !turn.ctx.roster) {
    turn.effects.push({
      type: 'audit',
      action: 'refused:/web',
      detail: { channel: msg.channel, userId: msg.userId, chatId: msg.chatId, group: !!msg.isGroup },
    });
    return turn.say(turn.t('staff.refused'));
  }
  if (msg.isGroup) return turn.say(turn.t('web.privateOnly'));
  const url = await turn.ctx.roster.signInLink(msg);
  turn.effects.push({ type: 'audit', action: 'staff:link', detail: { channel: msg.channel, userId: msg.userId } });
  turn.say(turn.t('web.link', { url }));
}
