/**
 * A project described rather than named ("给弱一点的学会扶持的那个", "农村垃圾污水治理那个"): the
 * guide passage that best matches the words points at the project whose section holds it. The
 * bot only proposes it, with buttons; it never records a guess.
 */
import { searchPassages, type Guide, type ProjectId, type SearchIndex } from '../rules/index.js';

/** Below this BM25 score the words match the guide too loosely to name a project. */
const MIN_SCORE = 9;

export function guessProject(guide: Guide, search: SearchIndex | undefined, text: string): ProjectId | undefined {
  if (!search) return undefined;
  const hit = searchPassages(search, text, 1)[0];
  if (!hit || hit.score < MIN_SCORE) return undefined;
  const clause = hit.passage.clause;
  let best: ProjectId[] = [];
  let length = 0;
  for (const id of guide.projectIds) {
    const own = guide.project(id).clause;
    if (!clause.startsWith(own)) continue;
    if (own.length > length) {
      best = [id];
      length = own.length;
    } else if (own.length === length) best.push(id);
  }
  if (best.length === 1) return best[0];
  // Sub-projects sharing a section ("三（四）3"): its content items（1）1）, 2）… follow their order.
  const item = /^（1）(\d+)）/.exec(clause.slice(length));
  return item ? best[Number(item[1]) - 1] : undefined;
}
