/**
 * A reply to "这是你们学会的情况吗？[是|不是]" that says more than yes or no, about an award held back:
 * "不是21年，是20年拿的", "21年没拿，20年拿的", "20年". The reply's subject is the award offered (an
 * elided subject carried over, as the splitter carries an elided predicate), so what it affirms is
 * read as said of that project. What it denies is never stored.
 */
import type { Guide, Profile } from '../rules/index.js';
import { extractFacts, type ProjectMatcher } from './parse.js';
import { yearsIn } from './understand.js';

type Award = NonNullable<Profile['priorProjects']>[number];

/** Denies one of the years talked about. */
const DENIES = /不是|没|未|无|不/;

/**
 * Whether a reply names a year the offer did not hold, or denies a year: then it is no plain 是,
 * even when it starts with 是 ("是20年拿的" to an offer of 2021).
 */
export function saysOtherwise(held: readonly Award[], text: string, guideYear: number): boolean {
  const years = yearsIn(text, guideYear);
  if (!years.length) return false;
  return years.some((y) => !held.some((a) => a.year === y)) || DENIES.test(text);
}

/** The awards a reply to the offer affirms: of the project it names, else of the one project offered. */
export function awardsAffirmed(held: readonly Award[], text: string, guide: Guide, matcher: ProjectMatcher): Award[] {
  const own = extractFacts(text, matcher, guide.year).profile.priorProjects;
  if (own?.length) return own;
  const projects = [...new Set(held.map((a) => a.project))];
  if (projects.length !== 1 || matcher.find(text).length) return [];
  return extractFacts(`${guide.projectName(projects[0]!)}${text}`, matcher, guide.year).profile.priorProjects ?? [];
}
