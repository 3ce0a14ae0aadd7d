import { classifyKind } from '../handlers/understanding/classify.js';
import { loadKindExamples } from '../src/training/kinds-data.js';
import { evaluateKinds, type KindEvaluation } from '../src/training/kinds-eval.js';
import { summarise, us, type BenchRow } from './stats.js';

/**
 * The message-kind classifier: its accuracy on the labelled rows held out from training (a table
 * of its own, per kind), and the time of one classification.
 */
export function benchKinds(): { rows: BenchRow[]; table: string } {
  const examples = loadKindExamples();
  const evaluation = evaluateKinds(examples);
  const samples: number[] = [];
  for (let round = 0; round < 20; round++)
    for (const e of examples) {
      const start = performance.now();
      classifyKind(e.text, e.context);
      samples.push(performance.now() - start);
    }
  const s = summarise(samples.slice(examples.length));
  const accuracy = `${(evaluation.accuracy * 100).toFixed(1)}%`;
  return {
    rows: [
      {
        name: 'message kind, one classification',
        median: us(s.median),
        p99: us(s.p99),
        target: '≤ 0.2 ms p99',
        met: s.p99 <= 0.2,
        note: `${s.n} runs; held-out accuracy ${accuracy}`,
      },
    ],
    table: kindTable(evaluation),
  };
}

export function kindTable(e: KindEvaluation): string {
  const pct = (v: number) => `${(v * 100).toFixed(0)}%`;
  const lines = [
    `Message kinds on ${e.n} labelled rows held out from training: accuracy ${(e.accuracy * 100).toFixed(1)}% (${e.correct}/${e.n}).`,
    '',
    '| kind | held out | precision | recall |',
    '|---|---|---|---|',
  ];
  for (const k of e.perKind) lines.push(`| ${k.kind} | ${k.support} | ${k.predicted ? pct(k.precision) : '—'} | ${k.support ? pct(k.recall) : '—'} |`);
  return lines.join('\n');
}
