/**
 * The steps a chat can be asked, as a typed union. The chat state stores a step as a short key
 * ("evaluationGrade", "projects:academic", "broadcast:audience"); only this module reads and
 * writes that key, so no other code matches steps by string prefix.
 */
import { FACTS, type Fact } from '../rules/index.js';

export type Step =
  | { kind: 'fact'; fact: Fact }
  | { kind: 'categories' }
  | { kind: 'projects'; category: string }
  | { kind: 'reminders' }
  | { kind: 'confirm' }
  | { kind: 'suggest' }
  /** "同类的只报一个吧": which of planned projects that cannot go together is kept. */
  | { kind: 'keep'; projects: string[] }
  /** "那就改报X" with several planned: which of them X replaces (or none). */
  | { kind: 'drop'; projects: string[] }
  | { kind: 'broadcast'; part: string }
  /** "省科协名单记载…；您刚才说的是…。以哪个为准？": the fact and the two values, as the roster module encodes them. */
  | { kind: 'roster'; detail: string };

export function stepKey(step: Step): string {
  switch (step.kind) {
    case 'fact':
      return step.fact;
    case 'projects':
      return `projects:${step.category}`;
    case 'broadcast':
      return `broadcast:${step.part}`;
    case 'roster':
      return `roster:${step.detail}`;
    case 'keep':
      return `keep:${step.projects.join(',')}`;
    case 'drop':
      return `drop:${step.projects.join(',')}`;
    default:
      return step.kind;
  }
}

/** The step a stored key names; undefined for a key no longer known (an older state). */
export function stepOf(key: string | undefined): Step | undefined {
  if (!key) return undefined;
  if ((FACTS as readonly string[]).includes(key)) return { kind: 'fact', fact: key as Fact };
  if (key === 'categories' || key === 'reminders' || key === 'confirm' || key === 'suggest') return { kind: key };
  const [head, rest] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
  if (head === 'projects' && rest) return { kind: 'projects', category: rest };
  if (head === 'broadcast' && rest) return { kind: 'broadcast', part: rest };
  if (head === 'roster' && rest) return { kind: 'roster', detail: rest };
  if (head === 'keep' && rest) return { kind: 'keep', projects: rest.split(',') };
  if (head === 'drop' && rest) return { kind: 'drop', projects: rest.split(',') };
  return undefined;
}

/** Choosing what to apply for: the categories, or the sub-projects of one. */
export function isChoosing(step: Step | undefined): boolean {
  return step?.kind === 'categories' || step?.kind === 'projects';
}
