/**
 * Trains the kind classifier from the labelled data and writes handlers/understanding/kinds-model.json.
 * Run by `node scripts/build.mjs` before bundling (so a change to the data reaches the next
 * build), and by `npm run train`. Deterministic: the same data gives the same file, which is
 * committed so that an install without dev dependencies still has a model.
 *
 * The model is multinomial logistic regression (softmax) over sparse binary features, trained by
 * stochastic gradient descent, hand-written because the kept libraries measured worse here
 * (same features, same held-out fifth, measured when the data had 1,182 rows, Node 20 here):
 * - wink-naive-bayes-text-classifier 2.2.1: 77.3% held-out accuracy (a hand-written
 *   multinomial naive Bayes: 75.1%);
 * - ml-logistic-regression 2.0.0 (dense one-vs-rest gradient descent on ml-matrix): 82.4% after
 *   45 s of training (50 steps), 83.3% after 400 s (300 steps): too slow for a build step;
 * - this: 85.0% in about 0.15 s (the model alone, without classify.ts's two rules).
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeIfChanged } from './write-if-changed.js';
import { kindFeatures } from '../../handlers/understanding/kind-features.js';
import type { KindModel } from '../../handlers/understanding/kind-model.js';
import { KINDS } from '../../handlers/understanding/kinds.js';
import { loadKindExamples, projectRoot, type KindExample } from './kinds-data.js';

/** The trained model, from the project root; handlers/understanding/classify.ts imports it. */
export const KIND_MODEL = 'handlers/understanding/kinds-model.json';

/** Features seen in fewer training messages than this are left out: they only add noise and size. */
const MIN_MESSAGES = 2;
const EPOCHS = 20;
const RATE = 0.05;
/** Weights are stored as integers in thousandths: a third of the JSON, the same predictions. */
const SCALE = 1000;

export function trainKindModel(examples: KindExample[]): KindModel {
  const training = examples.filter((e) => !e.heldOut);
  const featuresOf = training.map((e) => [...new Set(kindFeatures(e.text, e.context))]);
  const seen = new Map<string, number>();
  for (const tokens of featuresOf) for (const t of tokens) seen.set(t, (seen.get(t) ?? 0) + 1);
  const vocabulary = [...seen.keys()].filter((t) => seen.get(t)! >= MIN_MESSAGES).sort();
  const index = new Map(vocabulary.map((t, i) => [t, i]));
  const K = KINDS.length;
  const rows = featuresOf.map((tokens) => tokens.flatMap((t) => index.get(t) ?? []));
  const labels = training.map((e) => KINDS.indexOf(e.kind));
  const weights = vocabulary.map(() => new Float64Array(K));
  const bias = new Float64Array(K);
  const order = rows.map((_, i) => i);
  let seed = 20220517;
  const random = () => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  const p = new Float64Array(K);
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const rate = RATE / (1 + epoch * 0.1);
    for (const n of order) {
      const x = rows[n]!;
      softmax(x, weights, bias, p);
      for (let k = 0; k < K; k++) {
        const g = rate * (p[k]! - (k === labels[n] ? 1 : 0));
        bias[k]! -= g;
        for (const j of x) weights[j]![k]! -= g;
      }
    }
  }
  const round = (v: number) => Math.round(v * SCALE);
  return {
    kinds: [...KINDS],
    scale: SCALE,
    bias: [...bias].map(round),
    weights: Object.fromEntries(vocabulary.map((t, i) => [t, [...weights[i]!].map(round)])),
  };
}

function softmax(x: number[], weights: Float64Array[], bias: Float64Array, out: Float64Array): void {
  let max = -Infinity;
  for (let k = 0; k < out.length; k++) {
    let s = bias[k]!;
    for (const j of x) s += weights[j]![k]!;
    out[k] = s;
    if (s > max) max = s;
  }
  let sum = 0;
  for (let k = 0; k < out.length; k++) sum += out[k] = Math.exp(out[k]! - max);
  for (let k = 0; k < out.length; k++) out[k]! /= sum;
}

export function kindModelJson(model: KindModel): string {
  return `${JSON.stringify(model)}\n`;
}

/** Writes the model when it changed; returns whether it did. */
export function writeKindModel(root = projectRoot()): boolean {
  const file = join(root, KIND_MODEL);
  return writeIfChanged(file, kindModelJson(trainKindModel(loadKindExamples(root))));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const changed = writeKindModel();
  process.stderr.write(`train-kinds: ${changed ? 'wrote' : 'unchanged'} ${KIND_MODEL}\n`);
}
