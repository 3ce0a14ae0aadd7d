import { check, intentions, type Fact, type Profile, type ProjectId, type Verdict } from '../rules/index.js';
import { extractFacts } from './parse.js';
import { readingMark, renderReadings, renderReason } from './render.js';
import type { Turn } from './turn.js';

/** A hypothetical opening or ending: "如果…", "要是…", "…的话". */
export const HYPOTHETICAL = /^(如果|假如|要是|假设|若|万一)|的话/;
const HYPOTHETICAL_WORDS = new RegExp(HYPOTHETICAL.source, 'g');

/** "如果我们是B等呢": the verdicts that would change, on a copy of the profile; nothing is stored. */
/** False when the what-if changes no fact and names no project ("如果12月办呢"): it is answered as a question. */
export function whatIf(turn: Turn, text: string): boolean {
  const { guide, matcher, lang } = turn;
  // Read as if said plainly (the reading of facts refuses to store "如果有违规"); nothing here is stored.
  const facts = extractFacts(text.replace(HYPOTHETICAL_WORDS, ''), matcher, guide.year);
  // "如果再报一个科普学会呢": a project named in a what-if is one more intended project.
  if (!facts.intended.length && !Object.keys(facts.profile).length) facts.intended = matcher.find(text, { groups: false });
  const changed = Object.keys(facts.profile).length > 0 || facts.intended.length > 0;
  if (!changed) return false;
  const copy: Profile = { ...turn.state.profile, ...facts.profile };
  if (facts.intended.length) copy.intended = [...(copy.intended ?? []), ...facts.intended];
  const assumed = (Object.keys(facts.profile) as Fact[]).map((f) => turn.t('whatIf.fact', { label: turn.label(f), value: turn.describe(copy, f) ?? '' }));
  const lines = [turn.t('whatIf.assumed', { what: assumed.join(turn.t('sep.list')) || turn.names(facts.intended) })];
  // No plan to test it on ("如果有违规记录会怎样"): what it would rule out, in a few lines.
  if (!intentions(copy).length && !matcher.find(text).length) {
    lines.push(consequences(turn, copy) ?? turn.t('whatIf.noChange'));
    turn.say(lines.join('\n'));
    return true;
  }
  const before = check(guide, turn.state.profile);
  const after = check(guide, copy);
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

/**
 * "年检不过影响大吗": what the question's assumed facts would mean for every project, grouped by
 * the reason that decides (answer first: the projects that could not be applied for, then the count
 * left open). Undefined when the assumption changes no verdict.
 */
export function consequences(turn: Turn, assumed: Profile): string | undefined {
  const { guide, lang } = turn;
  const before = check(guide, turn.state.profile);
  const after = check(guide, assumed);
  const out = guide.projectIds.filter((id) => after.projects[id].verdict === 'ineligible' && before.projects[id].verdict !== 'ineligible');
  if (!out.length) return undefined;
  const groups = new Map<string, ProjectId[]>();
  const readings = new Set<number>();
  for (const id of out) {
    const reason = after.projects[id].reasons.find((r) => r.status === 'no');
    const line = reason ? renderReason(guide, reason, { lang, profile: assumed, readings }) : '';
    groups.set(line, [...(groups.get(line) ?? []), id]);
  }
  const rest = guide.projectIds.filter((id) => !out.includes(id));
  const footnote = renderReadings(guide, readings, lang);
  const withNote = (lines: string[]) => (footnote ? [...lines, footnote] : lines).join('\n');
  // Most of the guide ruled out for one reason: say so, and name the few left.
  if (groups.size === 1 && rest.length <= out.length / 3) {
    const [reason] = [...groups.keys()];
    return withNote([rest.length ? turn.t('whatIf.allBut', { reason: reason!, rest: turn.names(rest) }) : turn.t('whatIf.allOut', { reason: reason! })]);
  }
  const lines = [...groups].map(([reason, ids]) => turn.t('whatIf.someOut', { projects: turn.names(ids), reason }));
  lines.push(turn.t('whatIf.restUnaffected', { n: rest.length }));
  return withNote(lines);
}
