import { closesAt, listDeadlines, type Deadline } from './deadlines.js';
import type { Guide } from './guide.js';
import type { ProjectId } from './profile.js';
import { parseInstant } from './time.js';

/** Where the application round stands at a moment: open, or closed with what a funded society still has ahead. */
export interface RoundState {
  year: number;
  /** The deadline that closes applications: the earliest dated submission that applies to the most projects. */
  closing?: Deadline;
  closed: boolean;
  /** For a funded society (of `projects`, or any): completion, materials and acceptance items not yet passed. */
  ahead: Deadline[];
  /** Once closed: submissions of the application still due (the paper copy, a day after the online system closes). */
  stillDue: Deadline[];
}

const AFTER_FUNDING: ReadonlySet<Deadline['kind']> = new Set(['complete', 'materials', 'acceptance']);

/**
 * The round's state from the guide's own deadlines, nothing year-specific: closed once the main
 * submission deadline has passed; what is ahead stops at the end of the programme year, after
 * which even an undated year-end acceptance is behind.
 */
export function roundState(guide: Guide, nowMs: number, projects?: readonly ProjectId[], eventDates?: Readonly<Record<string, string>>): RoundState {
  const all = listDeadlines(guide, { nowMs });
  const submits = all.filter((d) => d.kind === 'submit' && d.at !== null);
  const widest = Math.max(0, ...submits.map((d) => d.projects.length));
  const closing = submits.filter((d) => d.projects.length === widest).sort((a, b) => Date.parse(a.at!) - Date.parse(b.at!))[0];
  const closed = !!closing && nowMs >= closesAt(closing.at!);
  const yearOver = nowMs >= parseInstant(`${guide.year}-12-31`) + 1000;
  const focus = projects?.length ? projects : undefined;
  const ahead: Deadline[] = [];
  const seen = new Set<string>();
  const lists = focus ? focus.map((project) => listDeadlines(guide, { nowMs, project, ...(eventDates && { eventDates }) })) : [all];
  for (const d of lists.flat()) {
    if (!AFTER_FUNDING.has(d.kind) || d.passed || seen.has(d.id)) continue;
    if (d.at === null && (yearOver || d.warning)) continue;
    seen.add(d.id);
    ahead.push(d);
  }
  ahead.sort((a, b) => (a.at === null ? 1 : b.at === null ? -1 : Date.parse(a.at) - Date.parse(b.at)));
  const stillDue = closed ? submits.filter((d) => d !== closing && !d.passed && (!focus || d.projects.some((p) => focus.includes(p)))) : [];
  return { year: guide.year, ...(closing && { closing }), closed, ahead, stillDue };
}
