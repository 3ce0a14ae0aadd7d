/**
 * Withdrawing a past award told earlier: "发展助力我们没拿过，记错了", "决策咨询那个不是20年，是21年".
 * The denied entries leave the award list; a list left empty is unknown again (asked afresh), never
 * "none", since the secretary withdrew one award and said nothing of the others (the first principle).
 */
import { intentions, type Profile } from '../rules/index.js';
import type { AwardDenied } from './parse.js';
import type { ChatState } from './state.js';

type Award = NonNullable<Profile['priorProjects']>[number];

const denies = (d: AwardDenied, a: Award) =>
  d.project === undefined ? d.year === a.year : d.project === a.project && (d.year === undefined ? !d.keep?.includes(a.year) : d.year === a.year);

/** The stored awards these denials withdraw (none when they deny nothing stored). */
export function awardsDenied(profile: Profile, denied: readonly AwardDenied[]): Award[] {
  // "会员之家删掉" of a project also planned drops it from the plan; only an award not planned is withdrawn.
  const planned = new Set(intentions(profile).map((i) => i.project));
  const said = denied.filter((d) => !(d.unlessPlanned && d.project && planned.has(d.project)));
  return (profile.priorProjects ?? []).filter((a) => said.some((d) => denies(d, a)));
}

/** Takes the denied awards out of the state's profile; returns those taken out. */
export function withdrawAwards(state: ChatState, denied: readonly AwardDenied[]): Award[] {
  const gone = awardsDenied(state.profile, denied);
  if (!gone.length) return [];
  const kept = (state.profile.priorProjects ?? []).filter((a) => !gone.includes(a));
  if (kept.length) state.profile.priorProjects = kept;
  else {
    delete state.profile.priorProjects;
    delete state.sources.priorProjects;
  }
  return gone;
}
