/** "市级学会可以申报吗": who may apply, for a kind of unit asked about (二（二）1). */
import { checkProject, type Profile } from '../rules/index.js';
import { describeFactIn } from './facts-text.js';
import { renderReason } from './render.js';
import { type Answer, type Ctx, names } from './ask-context.js';

export function unitMay(ctx: Ctx, orgType: NonNullable<Profile['orgType']>): Answer {
  const { guide, t, lang } = ctx;
  const assumed: Profile = { orgType };
  const open = guide.projectIds.filter((id) => checkProject(guide, assumed, id).verdict !== 'ineligible');
  const who = describeFactIn(t, assumed, 'orgType', guide.projectName) ?? '';
  const shut = guide.projectIds.find((id) => !open.includes(id));
  const first = shut ? checkProject(guide, assumed, shut).reasons.find((r) => r.status === 'no') : undefined;
  const reason = first ? renderReason(guide, first, { lang, profile: assumed }) : '';
  const answer = open.length ? t('answer.unitOnly', { who, list: names(ctx, open), reason }) : t('answer.unitNone', { who, reason });
  return { intent: 'eligibility', answer, clauses: first ? [first.clause] : [] };
}
