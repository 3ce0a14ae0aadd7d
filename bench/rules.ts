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

/**
 * Every check with other facts (grades × levels × 年检 × earlier awards: 480 profiles in turn), so
 * the reasons kept per condition and values are mostly worded afresh: the cost for a new society.
 */
export function benchCheckVaried(): BenchRow {
  const guide = loadGuideFile();
  const profiles: Profile[] = [];
  for (const grade of ['A', 'B', 'C', 'D', 'none'] as const)
    for (const level of [0, 1, 2, 3, 4, 5])
      for (const passed of [true, false])
        for (let year = 2014; year < 2022; year++)
          profiles.push({
            ...PROFILE,
            evaluationGrade: grade,
            assessmentLevel: level,
            annualInspectionPassed: passed,
            priorProjects: [{ year, project: 'member_home' }],
          });
  let n = 0;
  for (let i = 0; i < 2000; i++) check(guide, profiles[n++ % profiles.length]!);
  const samples: number[] = [];
  for (let batch = 0; batch < 300; batch++) {
    const start = performance.now();
    for (let i = 0; i < 100; i++) check(guide, profiles[n++ % profiles.length]!);
    samples.push((performance.now() - start) / 100);
  }
  const s = summarise(samples);
  return {
    name: 'full check, another profile every call',
    median: us(s.median),
    p99: us(s.p99),
    target: '—',
    met: true,
    note: 'informative: reasons mostly worded afresh',
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
