import { check, intentions, type Fact, type Profile, type Verdict } from '../rules/index.js';
import { extractFacts } from './parse.js';
import { readingMark, renderReadings, renderReason } from './render.js';
import type { Turn } from './turn.js';

/** "如果我们是B等呢": the verdicts that would change, on a copy of the profile; nothing is stored. */
/** False when the what-if changes no fact and names no project ("如果12月办呢"): it is answered as a question. */
export function whatIf(turn: Turn, text: string): boolean {
  const { guide, matcher, lang } = turn;
  const facts = extractFacts(text, matcher, guide.year);
  // "如果再报一个科普学会呢": a project named in a what-if is one more intended project.
  if (!facts.intended.length && !Object.keys(facts.profile).length) facts.intended = matcher.find(text, { groups: false });
  const changed = Object.keys(facts.profile).length > 0 || facts.intended.length > 0;
  if (!changed) return false;
  const copy: Profile = { ...turn.state.profile, ...facts.profile };
  if (facts.intended.length) copy.intended = [...(copy.intended ?? []), ...facts.intended];
  const before = check(guide, turn.state.profile);
  const after = check(guide, copy);
  const assumed = (Object.keys(facts.profile) as Fact[]).map((f) => turn.t('whatIf.fact', { label: turn.label(f), value: turn.describe(copy, f) ?? '' }));
  const lines = [turn.t('whatIf.assumed', { what: assumed.join(turn.t('sep.list')) || turn.names(facts.intended) })];
  const changes = guide.projectIds.filter((id) => before.projects[id].verdict !== after.projects[id].verdict);
  const verdict = (v: Verdict) => turn.t(`verdict.${v}`);
  if (!changes.length) lines.push(turn.t('whatIf.noChange'));
  for (const id of changes) {
    lines.push(
      turn.t('whatIf.change', { project: guide.projectName(id), before: verdict(before.projects[id].verdict), after: verdict(after.projects[id].verdict) }),
    );
  }
  const readings = new Set<number>();
  for (const { project: id } of intentions(copy)) {
    const v = after.projects[id];
    if (v.verdict === 'eligible') continue;
    const reasons = v.reasons.map((r) => renderReason(guide, r, { lang, readings, profile: copy })).join(turn.t('sep.semi'));
    lines.push(turn.t(changes.includes(id) ? 'whatIf.will' : 'whatIf.still', { project: guide.projectName(id), verdict: verdict(v.verdict), reasons }));
  }
  if (after.conflicts.length) {
    const list = after.conflicts.map(
      (c) => `${turn.t('common.cite', { text: c.text, clause: c.clause })}${c.reading ? readingMark(guide, c.reading, lang, readings) : ''}`,
    );
    lines.push(turn.t('whatIf.conflicts', { list: list.join(turn.t('sep.semi')) }));
  }
  const named = matcher.find(text, { groups: false });
  if (named.length) turn.state.topic = { projects: named, age: 0 };
  const footnote = renderReadings(guide, readings, lang);
  turn.say(footnote ? `${lines.join('\n')}\n\n${footnote}` : lines.join('\n'));
  return true;
}
