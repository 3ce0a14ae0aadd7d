import { cstDate } from '../rules/index.js';
import type { Source } from './state.js';
import type { Turn } from './turn.js';

export const chatOf = (turn: Turn) => `${turn.msg.channel}:${turn.msg.chatId}`;

/** "副秘书长的会话（5月10日）" or "您（5月10日）": who said a fact and when, for the question and /profile. */
export function whoSaid(turn: Turn, source: Source): string {
  const date = turn.day(cstDate(source.at));
  if (source.from === 'roster') return turn.t('dispute.roster', { date });
  if (!source.chat || source.chat === chatOf(turn)) return turn.t('dispute.you', { date });
  return turn.t('dispute.other', { who: source.member || source.chat, date });
}
