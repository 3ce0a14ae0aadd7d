/** Measures the kind classifier on the held-out labelled messages: accuracy, and precision and recall per kind. */
import { classifyKind } from '../../handlers/understanding/classify.js';
import { KINDS, type Kind } from '../../handlers/understanding/kinds.js';
import type { KindExample } from './kinds-data.js';

export interface KindScore {
  kind: Kind;
  /** Held-out messages of this kind. */
  support: number;
  /** Messages classified as this kind. */
  predicted: number;
  correct: number;
  precision: number;
  recall: number;
}

export interface KindEvaluation {
  n: number;
  correct: number;
  accuracy: number;
  perKind: KindScore[];
  misses: Array<{ text: string; open?: string | undefined; want: Kind; got: Kind }>;
}

export function evaluateKinds(examples: KindExample[]): KindEvaluation {
  const held = examples.filter((e) => e.heldOut);
  const misses: KindEvaluation['misses'] = [];
  const support = new Map<Kind, number>();
  const predicted = new Map<Kind, number>();
  const correct = new Map<Kind, number>();
  const bump = (m: Map<Kind, number>, k: Kind) => m.set(k, (m.get(k) ?? 0) + 1);
  for (const e of held) {
    const got = classifyKind(e.text, e.context).kind;
    bump(support, e.kind);
    bump(predicted, got);
    if (got === e.kind) bump(correct, got);
    else misses.push({ text: e.text, open: e.context.open, want: e.kind, got });
  }
  const perKind = KINDS.map((kind) => {
    const s = support.get(kind) ?? 0;
    const p = predicted.get(kind) ?? 0;
    const c = correct.get(kind) ?? 0;
    return { kind, support: s, predicted: p, correct: c, precision: p ? c / p : 0, recall: s ? c / s : 0 };
  });
  const right = held.length - misses.length;
  return { n: held.length, correct: right, accuracy: held.length ? right / held.length : 0, perKind, misses };
}
