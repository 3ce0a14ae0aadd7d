/**
 * Stage 3 of understanding: the kind of one message (or clause). A softmax (multinomial logistic
 * regression) model over character n-grams and a few cues (kind-features.ts), learned at build
 * time from the labelled corpus (src/training/train-kinds.ts → kinds-model.json, which says why
 * it is hand-written), plus rules only where a rule is certain: a leading "/" is a command, a
 * bare greeting word is a greeting. The model is imported, so the handlers do no file I/O.
 */
import { COMMAND_WORDS, USER_COMMANDS } from '../command-names.js';
import { foldForKinds, kindFeatures, type KindContext } from './kind-features.js';
import type { KindModel } from './kind-model.js';
import type { Kind } from './kinds.js';
import trained from './kinds-model.json' with { type: 'json' };

export type { KindContext } from './kind-features.js';

export interface KindResult {
  kind: Kind;
  /** The winner's probability (0–1); 1 when a rule decided. */
  confidence: number;
  /** The probability of every kind (they sum to 1); only the winner's when a rule decided. */
  scores: Partial<Record<Kind, number>>;
  /** Set when a certain rule decided, not the model. */
  rule?: 'slash' | 'command-word' | 'greeting';
}

const model = trained as KindModel;
const kinds = model.kinds as Kind[];
const bias = model.bias.map((b) => b / model.scale);
const weights = new Map(Object.entries(model.weights).map(([t, w]) => [t, w.map((v) => v / model.scale)]));

/** Whole messages that can only be a greeting (folded, trailing punctuation and particles dropped). */
const GREETING = /^(你好|您好|你们好|大家好|哈喽|哈罗|嗨|hi|hello|hey|早|早上好|上午好|下午好|晚上好|在吗|在不在|在么|good (morning|afternoon|evening))$/;

export function classifyKind(text: string, context: KindContext = {}): KindResult {
  const folded = foldForKinds(text);
  if (/^\/[a-z]/.test(folded)) return { kind: 'command', confidence: 1, scores: { command: 1 }, rule: 'slash' };
  const bare = folded.replace(/^[\\、]/, '');
  if ((USER_COMMANDS as readonly string[]).includes(bare) || Object.hasOwn(COMMAND_WORDS, bare))
    return { kind: 'command', confidence: 1, scores: { command: 1 }, rule: 'command-word' };
  if (GREETING.test(folded.replace(/[\s!~。.,，?啊呀呢]+$/u, ''))) return { kind: 'greeting', confidence: 1, scores: { greeting: 1 }, rule: 'greeting' };
  const z = [...bias];
  for (const feature of new Set(kindFeatures(text, context))) {
    const w = weights.get(feature);
    if (w) for (let k = 0; k < z.length; k++) z[k]! += w[k]!;
  }
  const max = Math.max(...z);
  let sum = 0;
  for (let k = 0; k < z.length; k++) sum += z[k] = Math.exp(z[k]! - max);
  const scores: Partial<Record<Kind, number>> = {};
  let best = 0;
  for (let k = 0; k < z.length; k++) {
    scores[kinds[k]!] = z[k]! / sum;
    if (z[k]! > z[best]!) best = k;
  }
  return { kind: kinds[best]!, confidence: z[best]! / sum, scores };
}
