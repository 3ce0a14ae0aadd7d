import { deadlinesCalendar } from './calendar.js';
import type { Turn } from './turn.js';

/**
 * /export (or "导出清单"): the society's printable pack, the DOCX to print and the XLSX to share
 * out the work, with the deadline calendar (.ics) beside them. The store is read through the pack port.
 */
export async function exportPack(turn: Turn): Promise<void> {
  const port = turn.ctx.pack;
  if (!port) return turn.say(turn.t('pack.unavailable'));
  const result = await port.build({ msg: turn.msg, state: turn.state, lang: turn.lang, nowMs: turn.ctx.nowMs });
  if (result.kind === 'none') return turn.say(turn.t('pack.noProjects'));
  if (result.kind === 'tooLarge') return turn.say(turn.t('pack.tooLarge'));
  const [first, ...rest] = result.files;
  if (!first) return turn.say(turn.t('pack.unavailable'));
  const { guide, state, ctx, lang } = turn;
  turn.say(turn.t('pack.sent', { society: result.society, projects: turn.names(result.projects) }), { file: first });
  for (const file of rest) turn.say('', { file });
  const ics = deadlinesCalendar(guide, result.projects, { nowMs: ctx.nowMs, eventDates: state.eventDates, uidPrefix: guide.id, lang });
  turn.say('', { file: { name: 'shenbao-deadlines.ics', mime: 'text/calendar', content: ics } });
  turn.effects.push({ type: 'audit', action: 'pack:export', detail: { projects: result.projects, files: result.files.map((f) => f.name) } });
}
