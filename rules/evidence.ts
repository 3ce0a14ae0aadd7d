import type { Guide } from './guide.js';
import type { ProjectId } from './profile.js';
import type { Cited } from './schema.js';

export interface EvidenceList {
  project: ProjectId;
  application: string[];
  closing: string[];
  notes: string[];
  clauses: string[];
  /** The same items with clause and quote, for answers that cite. */
  items: { application: Cited[]; closing: Cited[]; notes: Cited[] };
}

/** What to hand in when applying and at the year-end acceptance, in the guide's words. */
export function evidenceFor(guide: Guide, id: ProjectId): EvidenceList {
  const project = guide.project(id);
  const shared = guide.sharedEvidenceOf(id);
  const application = [...shared.flatMap((s) => s.application), ...project.evidence.application];
  const closing = [...shared.flatMap((s) => s.closing), ...project.evidence.closing];
  const notes = [...shared.flatMap((s) => s.notes), ...project.evidence.notes, ...project.toAchieve];
  const funding = guide.data.funding;
  notes.push(funding.honours.includes(id) ? funding.honoursNote : funding.paidNote);
  const clauses = [...new Set([project.clause, ...[...application, ...closing, ...notes].map((c) => c.clause)])];
  return {
    project: id,
    application: application.map(words),
    closing: closing.map(words),
    notes: notes.map(words),
    clauses,
    items: { application, closing, notes },
  };
}

const words = (item: Cited) => item.text ?? item.quote;
