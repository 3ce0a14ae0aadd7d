/** Who to ask: the guide's contacts, and next year's round, which this guide cannot answer. */
import type { Guide } from '../rules/index.js';
import type { Translate } from './i18n.js';
import type { Answer, Ctx } from './ask-context.js';

/** The first contact of the guide, who can confirm a reading. */
export function contactOf(ctx: Ctx): { unit: string; name: string; phone: string } {
  const p = ctx.guide.data.contacts.people[0];
  return { unit: p?.unit ?? '', name: p?.name ?? '', phone: p?.phone ?? '' };
}

/** "联系人（五（三））：…": the guide's contacts in one line. */
export function contactLine(ctx: { guide: Guide; t: Translate }): string {
  const { t } = ctx;
  const c = ctx.guide.data.contacts;
  const people = c.people.map((p) => t('ask.contacts.person', { unit: p.unit, name: p.name, phone: p.phone, role: p.role })).join(t('sep.semi'));
  return t('ask.contacts.line', { clause: c.clause, people });
}

export function contacts(ctx: Ctx): Answer {
  const c = ctx.guide.data.contacts;
  return {
    intent: 'contacts',
    answer: `${contactLine(ctx)}\n${ctx.t('ask.contacts.address', { address: c.paperAddress.text ?? c.paperAddress.quote })}`,
    clauses: [c.clause],
  };
}

/** "明年的指南什么时候出": not in this guide; who to ask. */
/** A question the guide sets nothing for (when results come out): said plainly, with whom to ask. */
export function notInGuide(ctx: Ctx): Answer {
  return {
    intent: 'unknown',
    answer: `${ctx.t('answer.notInGuide')}\n${contactLine(ctx)}`,
    clauses: [ctx.guide.data.contacts.clause],
  };
}

export function beyondGuide(ctx: Ctx): Answer {
  return {
    intent: 'contacts',
    answer: `${ctx.t('answer.beyondGuide', { year: ctx.guide.year, next: ctx.guide.year + 1 })}\n${contactLine(ctx)}`,
    clauses: [ctx.guide.data.contacts.clause],
  };
}
