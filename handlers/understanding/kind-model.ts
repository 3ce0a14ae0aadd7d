/** The trained kind model as stored in kinds-model.json (written by src/training/train-kinds.ts). */
export interface KindModel {
  /** The order of every weight row and of `bias`. */
  kinds: string[];
  /** Weights and biases are integers: divide by this. */
  scale: number;
  bias: number[];
  /** Feature (kind-features.ts) → one weight per kind. */
  weights: Record<string, number[]>;
}
