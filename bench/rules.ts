import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { check, type Profile } from '../rules/index.js';
import { loadGuideFile } from '../src/guide-file.js';
import { ms, summarise, us, type BenchRow } from './stats.js';

const PROFILE: Profile = {
  orgType: 'society',
  evaluationGrade: 'C',
  assessmentLevel: 4,
  annualInspectionPassed: true,
  integrityIssues: false,
  priorProjects: [{ year: 2021, project: 'member_home' }],
  intended: ['first_class_society', 'brand_exchange', 'featured_exchange', 'standard'],
};

/** One full check (20 verdicts plus conflicts and the closest allowed sets), in process. */
export function benchCheck(): BenchRow {
  const guide = loadGuideFile();
  for (let i = 0; i < 2000; i++) check(guide, PROFILE);
  const samples: number[] = [];
  // Batches of 100 so the timer's own resolution does not dominate a ~µs operation.
  for (let batch = 0; batch < 300; batch++) {
    const start = performance.now();
    for (let i = 0; i < 100; i++) check(guide, PROFILE);
    samples.push((performance.now() - start) / 100);
  }
  const s = summarise(samples);
  return {
    name: 'full check in process (20 verdicts + conflicts)',
    median: us(s.median),
    p99: us(s.p99),
    target: '≤ 20 µs median',
    met: s.median <= 0.02,
    note: 'per call, batches of 100',
  };
}

/** The same, plus the search for the closest allowed combinations (done on demand in the bot). */
export function benchCheckWithAlternatives(): BenchRow {
  const guide = loadGuideFile();
  const samples: number[] = [];
  for (let batch = 0; batch < 300; batch++) {
    const start = performance.now();
    for (let i = 0; i < 100; i++) void check(guide, PROFILE).alternatives.length;
    samples.push((performance.now() - start) / 100);
  }
  const s = summarise(samples);
  return { name: 'check + closest allowed combinations', median: us(s.median), p99: us(s.p99), target: '—', met: true, note: 'informative' };
}

/** A cold `npm run -s cli -- check` as a whole process. */
export function benchColdCli(runs = 10): BenchRow {
  const file = join(tmpdir(), `shenbao-bench-profile-${process.pid}.json`);
  writeFileSync(file, JSON.stringify(PROFILE));
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const r = spawnSync('npm', ['run', '-s', 'cli', '--', 'check', file, '--json'], { encoding: 'utf8' });
    samples.push(performance.now() - start);
    if (r.status !== 0) throw new Error(`cli failed: ${r.stderr}`);
  }
  const s = summarise(samples);
  return { name: 'cold `npm run -s cli -- check` process', median: ms(s.median), p99: ms(s.p99), target: '≤ 1 s', met: s.median <= 1000, note: `${runs} runs` };
}
