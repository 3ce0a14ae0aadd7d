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
 * The project's application items, then its closing items, in the guide's order. An item the data
 * gives no short name of its own, whose words list several pieces of evidence ("提供评估会场主题照片、
 * 专家成员签到表、…等佐证"), is one item per piece: secretaries tick them off one at a time.
 */
export function checklistItems(guide: Guide, project: ProjectId): ChecklistItem[] {
  const evidence = evidenceFor(guide, project);
  const items: ChecklistItem[] = [];
  const seen = new Set<string>();
  for (const phase of PHASES) {
    for (const cited of evidence.items[phase]) {
      const pieces = cited.text ? [cited.text] : evidencePieces(cited.quote);
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

/**
 * The pieces of evidence a guide sentence lists, or the sentence itself when it lists none. The
 * list follows the last 提供/提交 (or "佐证，包括") and ends at its last 等; it is split at 、，和
 * and 以及, except inside "对A、B的C" (one thing); in "A、B…等内容的C" the list describes C, whose
 * first member (a document such as 活动通知) is kept as a piece of its own. Hand-written: the guide
 * data names no pieces, and a sentence it cannot read this way stays one item.
 */
export function evidencePieces(quote: string): string[] {
  const start = Math.max(quote.lastIndexOf('提供'), quote.lastIndexOf('提交'));
  const including = /(佐证|材料)，包括/.exec(quote);
  const from = including ? including.index + including[0].length : start >= 0 ? start + 2 : -1;
  if (from < 0) return [quote];
  let list = quote.slice(from);
  const end = list.lastIndexOf('等');
  if (end <= 0 || !/[、，]|和|以及/.test(list.slice(0, end))) return [quote];
  list = list.slice(0, end);
  const pieces: string[] = [];
  for (const segment of list.split(/，/)) {
    let current = '';
    for (const part of segment.split(/(、|和|以及)/)) {
      if (part === '、' || part === '和' || part === '以及') {
        // "对报告、建议的批示": the 对 opens a phrase that its 的 closes; no cut inside it.
        if (/对[^的]*$/.test(current)) current += part;
        else if (current) {
          pieces.push(current);
          current = '';
        }
        continue;
      }
      current += part;
    }
    if (current) pieces.push(current);
  }
  const out: string[] = [];
  for (const [i, piece] of pieces.entries()) {
    const described = /^(.*)等内容的(.+)$/.exec(piece);
    if (described) {
      // Pieces before it were the list's first members: only the first is kept, the rest are its contents.
      out.push(described[2]!);
      continue;
    }
    const next = pieces.slice(i + 1).find((p) => p.includes('等内容的'));
    if (next && i > 0 && pieces.slice(0, i).every((p) => !p.includes('等内容的'))) continue;
    out.push(piece);
  }
  const clean = out.map((p) => p.trim()).filter((p) => [...p].length >= 2);
  return clean.length >= 2 ? clean : [quote];
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
