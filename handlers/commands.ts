import { exportPack } from './export.js';
import { skip, startInterview } from './interview.js';
import { closeQuestion } from './interview-state.js';
import { showChecklist } from './checklist-chat.js';
import { joinSociety, looksLikeCode, webLink } from './join.js';
import { remindersEnabled } from './reminders.js';
import { profileSummary, sendCalendar, setReminders, showDeadlines, showEvidence, showResult } from './results.js';
import { yearWords } from '../rules/index.js';
import { sayRoundFirst } from './round.js';
import { newState } from './state.js';
import type { Turn } from './turn.js';
import type { UserCommand } from './command-names.js';
import { nearestCommand } from './understanding/nearest-command.js';

/** `/name args`; what no case here knows goes to the staff commands, then is refused as unknown. */
export async function onCommand(turn: Turn, name: string, args: string): Promise<void> {
  switch (name) {
    case 'start':
      // A Telegram deep link (t.me/bot?start=CODE) arrives as "/start CODE".
      return args && looksLikeCode(args) ? joinSociety(turn, args) : withRound(turn, () => startInterview(turn));
    case 'join':
      return joinSociety(turn, args);
    case 'web':
      return webLink(turn);
    case 'help':
      return turn.say(turn.t('help.text', { ...yearWords(turn.guide) }));
    case 'profile':
      return turn.say(profileSummary(turn));
    case 'check':
      return withRound(turn, () => showResult(turn, false, /^(all|全部|详细)/i.test(args)));
    case 'deadlines':
      return withRound(turn, () => showDeadlines(turn, args));
    case 'evidence':
      return showEvidence(turn, args);
    case 'checklist':
      return showChecklist(turn, args);
    case 'calendar':
      return sendCalendar(turn);
    case 'export':
      return exportPack(turn);
    case 'reset': {
      const lang = turn.state.lang;
      turn.state = newState(turn.ctx.nowMs);
      turn.state.lang = lang;
      return turn.say(turn.t('reset.done'));
    }
    case 'lang': {
      const lang = /^en/i.test(args) ? 'en' : /^zh|中文|cn/i.test(args) ? 'zh-CN' : undefined;
      if (!lang) return turn.say(turn.t('lang.usage'));
      turn.state.lang = lang;
      return turn.say(turn.t('lang.switched'));
    }
    case 'remind': {
      const on = /^(on|开|开启|打开|是|1)$/i.test(args) ? true : /^(off|关|关闭|否|0)$/i.test(args) ? false : undefined;
      if (on === undefined)
        return turn.say(turn.t('remind.status', { state: turn.t(remindersEnabled(turn.state) ? 'remind.status.on' : 'remind.status.off') }));
      return setReminders(turn, on);
    }
    case 'skip':
      return skip(turn);
    case 'cancel': {
      const staff = turn.staff();
      if (staff.isStaffStep(turn.state.pending?.ask)) return staff.onText(turn.state.pending!.ask, '/cancel', turn.msg);
      closeQuestion(turn.state);
      return turn.say(turn.t('command.cancelled'));
    }
    default:
      if (await turn.staff().command(name, args, turn.msg)) return;
      return onMistypedCommand(turn, name, args);
  }
}

/** Commands that only show something (or start the interview, which keeps what is known): a mistyped one is run as read ("/chek" → /check). */
const SHOWS_ONLY = new Set<UserCommand>(['start', 'help', 'profile', 'check', 'deadlines', 'evidence', 'checklist', 'calendar', 'export']);

/**
 * "/chek": the nearest command. One that only shows something is run, saying how it was read; one
 * that changes something (/reset, /lang…) is only suggested.
 */
export function onMistypedCommand(turn: Turn, name: string, args: string): void | Promise<void> {
  const nearest = nearestCommand(`/${name} ${args}`);
  if (!nearest) return turn.say(turn.t('command.unknown', { name }));
  if (!SHOWS_ONLY.has(nearest.command)) return turn.say(turn.t('command.didYouMean', { name, command: nearest.command }));
  if (nearest.distance > 0) turn.say(turn.t('command.readAs', { name, command: nearest.command }));
  return onCommand(turn, nearest.command, nearest.args);
}

/** Once applications have closed, the round's state comes first in the command's first message. */
function withRound(turn: Turn, command: () => void): void {
  const from = turn.replies.length;
  command();
  sayRoundFirst(turn, from);
}
