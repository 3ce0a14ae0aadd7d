import { z } from 'zod';
import { evidenceFor, type Guide, type ProjectId } from '../rules/index.js';

/**
 * The evidence checklist of one society: each application and closing item of the guide, per
 * intended project, to do, done or not applicable, with who set it and when. Pure: the entries
 * come in from the store (src/checklist-store.ts) and changes go out as `checklist` effects.
 */

export type Phase = 'application' | 'closing';
export const PHASES: readonly Phase[] = ['application', 'closing'];

export const itemStateSchema = z.enum(['todo', 'done', 'na']);
export type ItemState = z.infer<typeof itemStateSchema>;

export const checklistEntrySchema = z.object({
  state: itemStateSchema,
  /** Who set it: `channel:userId` from a chat, `staff:NAME` from the console or the CLI. */
  by: z.string().max(200),
  at: z.number(),
});
export type ChecklistEntry = z.infer<typeof checklistEntrySchema>;

export interface ChecklistItem {
  /** Stable across guide years while the item's words stay the same (a hash of phase and text). */
  id: string;
  project: ProjectId;
  phase: Phase;
  text: string;
  clause: string;
  /** The guide's own words. */
  quote: string;
}

/** A society's entries, keyed by `entryKey(project, itemId)`. An item with no entry is to do. */
export type ChecklistEntries = ReadonlyMap<string, ChecklistEntry>;

export const entryKey = (project: string, itemId: string) => `${project}:${itemId}`;

/**
 * A short id from the item's phase and words: FNV-1a (32 bits) in base 36, at most 7 characters.
 * Hand-written (a dozen lines) because handlers/ may not use node:crypto; the ids only need to be
 * distinct within one project's few items, which 32 bits make certain in practice.
 */
export function itemId(phase: Phase, text: string): string {
  let hash = 0x811c9dc5;
  for (const ch of `${phase}\0${text.normalize('NFKC').replace(/\s+/g, '')}`) {
    hash ^= ch.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36);
}

/**
 * The project's application items, then its closing items, in the guide's order. An item whose
 * sentence lists several pieces of evidence ("提供评估会场主题照片、专家成员签到表、…等佐证") is one
 * item per piece, as the data's `pieces:` names them: secretaries tick them off one at a time.
 */
export function checklistItems(guide: Guide, project: ProjectId): ChecklistItem[] {
  const evidence = evidenceFor(guide, project);
  const items: ChecklistItem[] = [];
  const seen = new Set<string>();
  for (const phase of PHASES) {
    for (const cited of evidence.items[phase]) {
      const pieces = cited.pieces ?? [cited.text ?? cited.quote];
      for (const text of pieces) {
        const id = itemId(phase, text);
        if (seen.has(id)) continue;
        seen.add(id);
        items.push({ id, project, phase, text, clause: cited.clause, quote: cited.quote });
      }
    }
  }
  return items;
}

export interface ChecklistRow extends ChecklistItem {
  state: ItemState;
  entry?: ChecklistEntry;
}

export interface Counts {
  done: number;
  open: number;
  na: number;
}

export interface ProjectSummary extends Counts {
  project: ProjectId;
  phases: Record<Phase, Counts>;
}

export interface ChecklistView {
  rows: ChecklistRow[];
  projects: ProjectSummary[];
  total: Counts;
}

const zero = (): Counts => ({ done: 0, open: 0, na: 0 });
const countOf = (state: ItemState): keyof Counts => (state === 'todo' ? 'open' : state);

/** The checklist of the given projects with the society's entries, and its counts per project and phase. */
export function checklistView(guide: Guide, projects: readonly ProjectId[], entries: ChecklistEntries): ChecklistView {
  const rows: ChecklistRow[] = [];
  const summaries: ProjectSummary[] = [];
  const total = zero();
  for (const project of projects) {
    const summary: ProjectSummary = { project, ...zero(), phases: { application: zero(), closing: zero() } };
    for (const item of checklistItems(guide, project)) {
      const entry = entries.get(entryKey(project, item.id));
      const state = entry?.state ?? 'todo';
      rows.push({ ...item, state, ...(entry && { entry }) });
      const k = countOf(state);
      summary[k]++;
      summary.phases[item.phase][k]++;
      total[k]++;
    }
    summaries.push(summary);
  }
  return { rows, projects: summaries, total };
}

/** The items of one project and phase still to do (neither done nor not applicable). */
export function openItems(view: ChecklistView, project: ProjectId, phase: Phase): ChecklistRow[] {
  return view.rows.filter((r) => r.project === project && r.phase === phase && r.state === 'todo');
}

/** Which phase a deadline's kind belongs to: applying, or the year-end closing; undefined for neither. */
export function phaseOfDeadline(kind: string): Phase | undefined {
  if (kind === 'submit') return 'application';
  if (kind === 'acceptance' || kind === 'materials' || kind === 'complete') return 'closing';
  return undefined;
}
