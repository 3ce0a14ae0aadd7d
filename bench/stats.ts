/** Median and p99 of samples, and a Markdown table row writer for the README. */
export function summarise(samples: number[]): { median: number; p99: number; n: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { median: at(0.5), p99: at(0.99), n: sorted.length };
}

export interface BenchRow {
  name: string;
  median: string;
  p99: string;
  target: string;
  met: boolean;
  note?: string;
}

export function table(rows: BenchRow[]): string {
  const lines = ['| measure | median | p99 | target | met |', '|---|---|---|---|---|'];
  for (const r of rows) lines.push(`| ${r.name}${r.note ? ` (${r.note})` : ''} | ${r.median} | ${r.p99} | ${r.target} | ${r.met ? 'yes' : 'NO'} |`);
  return lines.join('\n');
}

export const us = (ms: number) => `${(ms * 1000).toFixed(1)} µs`;
export const ms = (v: number) => `${v.toFixed(v < 10 ? 2 : 0)} ms`;
