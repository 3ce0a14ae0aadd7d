/**
 * The parts of the guide a clause number names. Clause numbers are the guide's own ("三（四）3（2）3）"),
 * so both readings work on any year's data file.
 */

/** "三（四）3" of "三（四）3（2）3）": a project's own part of the guide. */
export function projectSection(clause: string): string | undefined {
  return /^[一二三四五六七八九十]+（[一二三四五六七八九十]+）\d+/.exec(clause)?.[0];
}

/** "二（三）" of "二（三）1", "二（三）4", …: the section several clauses share, cut at a closing bracket. */
export function sharedSection(clauses: readonly string[]): string {
  let prefix = clauses[0] ?? '';
  for (const c of clauses) while (!c.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix.replace(/[^）)]*$/, '') || prefix;
}
