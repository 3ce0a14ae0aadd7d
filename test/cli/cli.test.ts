/**
 * Whole-process tests of the command line (`npm run -s cli -- …`), as CONTRACT.md fixes it.
 * Every run is started up front, a few at a time, and the tests read the results.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_IDS } from '../../rules/index.js';
import { BUNDLED_GUIDE } from '../../src/guide-file.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const dir = mkdtempSync(join(tmpdir(), 'shenbao-cli-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[], stdin?: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(NPM, ['run', '-s', 'cli', '--', ...args], {
      cwd: REPO,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: 120_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

const GOOD = {
  orgType: 'society',
  evaluationGrade: 'C',
  assessmentLevel: 4,
  annualInspectionPassed: true,
  integrityIssues: false,
  fullTimeStaff: true,
  cnJournal: false,
  awardFiled: true,
  medicalExperts: 5,
  priorProjects: [{ year: 2021, project: 'member_home' }],
  intended: ['brand_exchange', { project: 'featured_exchange', count: 1 }, 'platform_academic'],
};
const goodFile = file('good.json', JSON.stringify(GOOD));

const brokenGuide = (() => {
  const doc = parseDocument(readFileSync(BUNDLED_GUIDE, 'utf8'), { merge: true });
  doc.setIn(['projects', 'standard', 'deadlines', 0, 'at'], 'next week');
  return file('broken-guide.yaml', doc.toString());
})();
const validGuide = file('copy-guide.yaml', readFileSync(BUNDLED_GUIDE, 'utf8'));

/** Every invocation, by name. Kept to about twenty: each start costs a second or two. */
const INVOCATIONS: Record<string, { args: string[]; stdin?: string }> = {
  checkJson: { args: ['check', goodFile, '--json'] },
  checkText: { args: ['check', goodFile] },
  checkStdin: { args: ['check', '-', '--json'], stdin: '{}' },
  deadlinesSalon: { args: ['deadlines', '--json', '--project', 'salon', '--now', '2022-10-01T09:00:00+08:00', '--event-date', '2022-10-15'] },
  deadlinesAll: { args: ['deadlines', '--json', '--now', '2022-05-17T17:30:00+08:00'] },
  deadlinesText: { args: ['deadlines', '--project', 'standard', '--now', '2022-05-10'] },
  evidenceStandard: { args: ['evidence', 'standard', '--json'] },
  guideValid: { args: ['check', goodFile, '--json', '--guide', validGuide] },
  guideBroken: { args: ['deadlines', '--json', '--guide', brokenGuide] },
  notJson: { args: ['check', file('not-json.json', 'nah\n  at line two\n')] },
  wrongType: { args: ['check', '-', '--json'], stdin: JSON.stringify({ orgType: 'society', assessmentLevel: '4' }) },
  unknownField: { args: ['check', file('unknown-field.json', JSON.stringify({ orgType: 'society', staffCount: 3 }))] },
  unknownIntended: { args: ['check', file('unknown-intended.json', JSON.stringify({ intended: ['standard', 'moon_landing'] }))] },
  badNow: { args: ['deadlines', '--now', 'next tuesday'] },
  badEventDate: { args: ['deadlines', '--json', '--event-date', '2022-02-30'] },
  unknownProject: { args: ['deadlines', '--project', 'moon_landing'] },
  unknownCommand: { args: ['frobnicate'] },
  missingFile: { args: ['check', join(dir, 'no-such-profile.json')] },
  unknownOption: { args: ['check', goodFile, '--verbose'] },
};

const results: Record<string, Run> = {};

beforeAll(async () => {
  const names = Object.keys(INVOCATIONS);
  const queue = [...names];
  const worker = async () => {
    for (let name = queue.shift(); name; name = queue.shift()) {
      const { args, stdin } = INVOCATIONS[name]!;
      results[name] = await run(args, stdin);
    }
  };
  // A few at a time: each start is a tsx compile, and the machine may be busy with other suites.
  await Promise.all(Array.from({ length: Math.max(2, Math.min(4, availableParallelism())) }, worker));
}, 300_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const get = (name: keyof typeof INVOCATIONS) => results[name]!;

/** Exactly one JSON document on stdout. */
function json(r: Run): unknown {
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout);
}

describe('check', () => {
  it('--json prints one JSON document with all 20 ids in the contract shape', () => {
    const r = get('checkJson');
    const out = json(r) as {
      guide: string;
      projects: Record<string, { verdict: string; reasons: { clause: string; text: string }[]; prepare: string[] }>;
      conflicts: { projects: string[]; clause: string; text: string }[];
    };
    expect(r.stderr).toBe('');
    expect(out.guide).toBe('jsast-2022');
    expect(Object.keys(out.projects).sort()).toEqual([...PROJECT_IDS].sort());
    for (const [id, v] of Object.entries(out.projects)) {
      expect(['eligible', 'ineligible', 'unknown'], id).toContain(v.verdict);
      expect(Array.isArray(v.reasons) && Array.isArray(v.prepare)).toBe(true);
      if (v.verdict !== 'eligible') expect(v.reasons.length, id).toBeGreaterThan(0);
      for (const reason of v.reasons) {
        expect(typeof reason.clause).toBe('string');
        expect(reason.clause.length).toBeGreaterThan(0);
        expect(typeof reason.text).toBe('string');
      }
      for (const p of v.prepare) expect(typeof p).toBe('string');
    }
    expect(out.projects.first_class_society!.verdict).toBe('ineligible');
    expect(out.projects.first_class_society!.reasons[0]!.clause).toBe('三（一）1（2）1）');
    expect(out.projects.first_class_society!.reasons[0]!.text).toContain('C等');
    expect(out.projects.member_home!.verdict).toBe('ineligible');
    expect(out.projects.journal_tier!.verdict).toBe('ineligible');
    expect(out.projects.health!.verdict).toBe('ineligible');
    expect(out.projects.platform_academic!.verdict).toBe('eligible');
    expect(out.projects.development_aid!.verdict).toBe('eligible');
    expect(out.conflicts).toEqual([
      expect.objectContaining({ projects: ['brand_exchange', 'featured_exchange'], clause: '二（三）4', text: expect.any(String) }),
    ]);
  });

  it('without --json the same answer is readable Chinese text', () => {
    const r = get('checkText');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trimStart().startsWith('{')).toBe(false);
    expect(r.stdout).toMatch(/[\u4e00-\u9fff]/);
    expect(r.stdout).toContain('一流学会建设');
    expect(r.stdout).toContain('品牌学术交流');
    expect(r.stdout).toContain('二（三）4');
    expect(r.stdout).not.toMatch(/first_class_society|"verdict"/);
  });

  it('reads the profile from stdin with -', () => {
    const out = json(get('checkStdin')) as { projects: Record<string, { verdict: string }>; conflicts: unknown[] };
    expect(Object.values(out.projects).map((v) => v.verdict)).toEqual(Array(20).fill('unknown'));
    expect(out.conflicts).toEqual([]);
  });

  it('--guide with a valid copy gives the same answer as the bundled guide', () => {
    expect(json(get('guideValid'))).toEqual(json(get('checkJson')));
  });
});

describe('deadlines', () => {
  it('--project salon --event-date adds the materials deadline, relative to --now', () => {
    const list = json(get('deadlinesSalon')) as { id: string; projects: string[]; at: string | null; label: string; clause: string; passed: boolean }[];
    expect(Array.isArray(list)).toBe(true);
    for (const d of list) {
      expect(d.projects).toEqual(['salon']);
      expect(typeof d.label).toBe('string');
      expect(typeof d.clause).toBe('string');
      expect(typeof d.passed).toBe('boolean');
      if (d.at !== null) expect(d.at).toMatch(/\+08:00$/);
    }
    const ids = list.map((d) => d.id);
    expect(ids).not.toContain('application-online');
    const materials = list.find((d) => d.id === 'salon-materials');
    expect(materials).toMatchObject({ at: '2022-11-15T23:59:59+08:00', passed: false, clause: '三（二）1（2）4）' });
    expect(list.find((d) => d.id === 'salon-application')).toMatchObject({ at: null, passed: false });
  });

  it('passed follows --now: after 17:00 on 5月17日 the online submission has closed, the paper one has not', () => {
    const list = json(get('deadlinesAll')) as { id: string; at: string | null; passed: boolean; projects: string[] }[];
    const by = new Map(list.map((d) => [d.id, d]));
    expect(by.get('application-online')).toMatchObject({ at: '2022-05-17T17:00:00+08:00', passed: true });
    expect(by.get('application-paper')).toMatchObject({ at: '2022-05-18T23:59:59+08:00', passed: false });
    expect(by.get('acceptance')).toMatchObject({ at: null, passed: false });
    expect(
      list.some((d) => d.id.endsWith('-materials')),
      'no event date, no materials item',
    ).toBe(false);
  });

  it('text form is Chinese', () => {
    const r = get('deadlinesText');
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/[\u4e00-\u9fff]/);
    expect(r.stdout).toContain('2022年5月17日');
    expect(r.stdout).toContain('另行通知');
  });

  it('--guide with a broken copy exits 2 and names the bad path', () => {
    const r = get('guideBroken');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('projects.standard.deadlines[0].at');
    expect(r.stderr).toContain('broken-guide.yaml');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('evidence', () => {
  it('standard --json matches the contract shape', () => {
    const out = json(get('evidenceStandard')) as Record<string, unknown>;
    expect(Object.keys(out).sort()).toEqual(['application', 'clauses', 'closing', 'notes', 'project']);
    expect(out.project).toBe('standard');
    for (const key of ['application', 'closing', 'notes', 'clauses']) {
      expect(Array.isArray(out[key]), key).toBe(true);
      for (const item of out[key] as unknown[]) expect(typeof item).toBe('string');
    }
    expect((out.application as string[]).some((s) => s.includes('全国团体标准信息平台') && s.includes('立项'))).toBe(true);
    expect((out.closing as string[]).some((s) => s.includes('全国团体标准信息平台') && s.includes('发布'))).toBe(true);
    expect(out.clauses).toContain('三（三）2（2）');
  });
});

describe('bad input exits 2 with one line on stderr naming the problem, and no stack trace', () => {
  it.each([
    ['notJson', /JSON/],
    ['wrongType', /assessmentLevel/],
    ['unknownField', /staffCount/],
    ['unknownIntended', /intended\[1\]/],
    ['badNow', /--now/],
    ['badEventDate', /--event-date/],
    ['unknownProject', /--project.*moon_landing|moon_landing.*--project/],
    ['unknownCommand', /frobnicate/],
    ['missingFile', /no-such-profile\.json/],
    ['unknownOption', /--verbose/],
  ] as const)('%s', (name, pattern) => {
    const r = get(name);
    expect(r.code, `${name}: ${r.stderr}`).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(pattern);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stderr).not.toMatch(/node:internal|\.ts:\d+/);
  });
});
