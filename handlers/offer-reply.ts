/**
 * A reply to "这是你们学会的情况吗？[是|不是]" that says more than yes or no: what is said instead.
 * - About an award held back: "不是21年，是20年拿的", "21年没拿，20年拿的", "20年". The reply's subject is
 *   the award offered (an elided subject carried over, as the splitter carries an elided predicate), so
 *   what it affirms is read as said of that project.
 * - About one other fact: "不是5个，是8个", "唔系B，系C", a bare value in place of the one offered.
 * What it denies is never stored.
 */
import type { Fact, Guide, Profile } from '../rules/index.js';
import { extractFacts, normalise, type Extracted, type ProjectMatcher } from './parse.js';
import type { Lang } from './i18n.js';
import { factQuestion } from './questions.js';
import { yearsIn } from './understand.js';
import { correctionValue } from './understanding/correction-value.js';

type Award = NonNullable<Profile['priorProjects']>[number];

/** Denies one of the years talked about. */
const DENIES = /不是|没|未|无|不/;

/**
 * Whether a reply names a year the offer did not hold, or denies a year: then it is no plain 是,
 * even when it starts with 是 ("是20年拿的" to an offer of 2021).
 */
export function saysOtherwise(held: readonly Award[], text: string, guideYear: number): boolean {
  // (Only a year an award can be of: "2023年的指南出来了吗" speaks of no award.)
  const years = yearsIn(text, guideYear).filter((y) => y < guideYear);
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

/** What a reply tells, for the interview to learn. */
type Told = Pick<Extracted, 'profile' | 'intended'>;

/** A value said in place of one fact offered is short: "是8个", "C等". A longer reply says more than a value. */
const BARE_VALUE_CHARS = 8;

/**
 * What a "不是…" reply to the offer of `held` says instead, for the interview to learn; undefined when it
 * says nothing in place of what was held (then the fact is asked again with its buttons).
 * Only a bare value in place of a one-fact offer is read as that fact: "不是，我们还没到4A" holds no grade "A".
 */
export function saidInstead(held: Partial<Profile>, words: string, guide: Guide, matcher: ProjectMatcher, lang: Lang): Told | undefined {
  const heldAwards = held.priorProjects ?? [];
  if (heldAwards.length) {
    const affirmed = awardsAffirmed(heldAwards, words, guide, matcher).filter((a) => a.year < guide.year);
    if (affirmed.length) return { profile: { priorProjects: affirmed }, intended: [] };
  }
  const facts = Object.keys(held) as Fact[];
  if (facts.length !== 1 || facts[0] === 'priorProjects') return undefined;
  const plain = normalise(words);
  const value = correctionValue(plain);
  if (!value || value.length > BARE_VALUE_CHARS || value === plain) return undefined;
  const said = factQuestion(facts[0]!, guide, matcher, lang).parse(value);
  return said ? { profile: said, intended: [] } : undefined;
}
