/**
 * Staff tools for a new year's guide, as whole processes (`npm run -s cli -- guide …`), and the rules
 * commands run on a year-shifted copy of the guide generated from the bundled one (every year +1).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newState } from '../../handlers/state.js';
import { listDeadlines, type Profile } from '../../rules/index.js';
import { BUNDLED_GUIDE, GUIDE_TEXT, loadGuideFile } from '../../src/guide-file.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { shiftProfile, writeShiftedGuide } from '../rules/year-shift.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'shenbao-guide-cli-'));
const dataDir = join(dir, 'data');
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const bundledText = readFileSync(BUNDLED_GUIDE, 'utf8');
// Edited copies sit beside a copy of the guide text, as a staff member's new file would.
file(basename(GUIDE_TEXT), readFileSync(GUIDE_TEXT, 'utf8'));
const edited = (name: string, edit: (doc: ReturnType<typeof parseDocument>) => void) => {
  const doc = parseDocument(bundledText, { merge: true });
  edit(doc);
  return file(name, doc.toString());
};

const shifted = writeShiftedGuide(1, mkdtempSync(join(tmpdir(), 'shenbao-shifted-')));
const guide = loadGuideFile();

/** One kind of broken file each, with the path `guide check` must name. */
const BROKEN: Record<string, { path: string; expect: string }> = {
  schema: {
    path: edited('schema.yaml', (d) => d.setIn(['projects', 'standard', 'deadlines', 0, 'at'], 'next week')),
    expect: 'projects.standard.deadlines[0].at',
  },
  quote: {
    path: edited('quote.yaml', (d) => d.setIn(['projects', 'health', 'prepare', 0, 'quote'], '指南里没有这句话')),
    expect: 'projects.health.prepare[0].quote',
  },
  requirement: {
    path: edited('requirement.yaml', (d) => d.setIn(['projects', 'first_class_society', 'conditions', 0, 'grade'], 'A')),
    expect: 'projects.first_class_society.conditions[0].requirement',
  },
  reading: { path: edited('reading.yaml', (d) => d.setIn(['combinationRules', 0, 'reading'], 99)), expect: 'combinationRules[0].reading' },
  deadlineRef: {
    path: edited('deadline-ref.yaml', (d) => d.setIn(['projects', 'salon', 'deadlines', 2, 'afterEvent', 'eventBy'], 'no-such-deadline')),
    expect: 'projects.salon.deadlines[2].afterEvent.eventBy',
  },
  unknownProject: {
    path: edited('unknown-project.yaml', (d) => d.setIn(['categories', 0, 'projects', 0], 'moon_landing')),
    expect: 'categories[0].projects[0]',
  },
  textFile: { path: edited('text-file.yaml', (d) => d.set('textFile', 'no-such-guide.txt')), expect: 'textFile' },
  // No item says who must host an event: "我们协办行吗" would find nothing, so the file is refused.
  missingTopic: {
    path: edited('missing-topic.yaml', (d) => {
      d.deleteIn(['projects', 'brand_exchange', 'prepare', 0, 'topic']);
    }),
    expect: 'topic',
  },
};

/** The 2022 guide with 一流学会 raised to grade A (its requirement reworded to match). */
const stricter = edited('stricter.yaml', (d) => {
  d.setIn(['projects', 'first_class_society', 'conditions', 0, 'grade'], 'A');
  d.setIn(['projects', 'first_class_society', 'conditions', 0, 'requirement'], '上一年度综合能力评价等级须为A等');
});

const GOOD: Profile = {
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
  intended: ['brand_exchange', 'platform_academic'],
};
const profileFile = file('good.json', JSON.stringify(GOOD));
const bomProfile = file('bom.json', `\uFEFF${JSON.stringify(GOOD)}`);
const shiftedProfile = file('good-shifted.json', JSON.stringify(shiftProfile(GOOD, 1)));
const bomGuide = file('bom-guide.yaml', `\uFEFF${bundledText}`);

/** Societies of several grades, stored as the bot stores chats. */
const SOCIETIES: Record<string, Profile> = {
  'telegram:101': { ...GOOD, evaluationGrade: 'A', assessmentLevel: 5 },
  'telegram:102': { ...GOOD, evaluationGrade: 'B', assessmentLevel: 5 },
  'lark:oc_103': { ...GOOD, evaluationGrade: 'B', assessmentLevel: 4 },
  'telegram:104': { ...GOOD, evaluationGrade: 'C', assessmentLevel: 5 },
  'lark:oc_105': { ...GOOD, evaluationGrade: 'D' },
  'telegram:106': { orgType: 'society' },
};

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', '-s', 'cli', '--', ...args], {
      cwd: REPO,
      env: { ...process.env, DATA_DIR: dataDir, NO_COLOR: '1', FORCE_COLOR: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 120_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const INVOCATIONS: Record<string, string[]> = {
  checkBundled: ['guide', 'check', BUNDLED_GUIDE],
  checkShifted: ['guide', 'check', shifted.dataFile],
  checkBom: ['guide', 'check', bomGuide],
  ...Object.fromEntries(Object.entries(BROKEN).map(([name, b]) => [`broken:${name}`, ['guide', 'check', b.path]])),
  diffSame: ['guide', 'diff', BUNDLED_GUIDE, BUNDLED_GUIDE, '--json'],
  diffSameText: ['guide', 'diff', BUNDLED_GUIDE, BUNDLED_GUIDE],
  diffShifted: ['guide', 'diff', BUNDLED_GUIDE, shifted.dataFile, '--json'],
  diffStricter: ['guide', 'diff', BUNDLED_GUIDE, stricter, '--json'],
  impact: ['guide', 'impact', BUNDLED_GUIDE, stricter, '--json'],
  impactText: ['guide', 'impact', BUNDLED_GUIDE, stricter],
  impactSame: ['guide', 'impact', BUNDLED_GUIDE, BUNDLED_GUIDE, '--json'],
  diffBroken: ['guide', 'diff', BUNDLED_GUIDE, BROKEN.schema!.path],
  guideNoSub: ['guide', 'frobnicate'],
  bomProfile: ['check', bomProfile, '--json'],
  lateEvent: ['deadlines', '--json', '--project', 'brand_exchange', '--event-date', '2022-12-05', '--now', '2022-06-01'],
  shiftedDeadlines: ['deadlines', '--json', '--guide', shifted.dataFile, '--now', '2023-05-17T17:00:00+08:00', '--event-date', '2023-10-31'],
  shiftedCheck: ['check', shiftedProfile, '--json', '--guide', shifted.dataFile],
  bundledCheck: ['check', profileFile, '--json'],
};
const results: Record<string, Run> = {};

beforeAll(async () => {
  const store = await openSqliteStore(dataDir);
  for (const [key, profile] of Object.entries(SOCIETIES)) await store.set(`chat:${key}`, { ...newState(Date.now()), profile });
  await store.close();
  const queue = Object.keys(INVOCATIONS);
  const worker = async () => {
    for (let name = queue.shift(); name; name = queue.shift()) results[name] = await run(INVOCATIONS[name]!);
  };
  await Promise.all(Array.from({ length: Math.max(2, Math.min(4, availableParallelism())) }, worker));
}, 300_000);

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(shifted.dir, { recursive: true, force: true });
});

const ok = (name: string) => {
  const r = results[name]!;
  expect(r.code, r.stderr).toBe(0);
  return r;
};
const json = (name: string) => JSON.parse(ok(name).stdout) as unknown;

describe('guide check', () => {
  it('passes on the bundled guide, on the year-shifted copy and on a file with a BOM', () => {
    for (const name of ['checkBundled', 'checkShifted', 'checkBom']) {
      expect(ok(name).stderr).toBe('');
      expect(results[name]!.stdout).toContain('检查通过');
    }
  });

  it.each(Object.entries(BROKEN))('fails on a %s problem with exit 2, one line per problem naming its path', (name, b) => {
    const r = results[`broken:${name}`]!;
    expect(r.code, r.stdout + r.stderr).toBe(2);
    const lines = r.stderr.trim().split('\n');
    expect(
      lines.some((l) => l.includes(`: ${b.expect}: `)),
      r.stderr,
    ).toBe(true);
    for (const line of lines) expect(line.startsWith(`${b.path}: `), line).toBe(true);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it('names a missing topic the answers use in one line', () => {
    const lines = results['broken:missingTopic']!.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('first_host');
  });
});

describe('guide diff', () => {
  it('of a file with itself is empty', () => {
    expect(json('diffSame')).toEqual({ changes: [] });
    expect(ok('diffSameText').stdout).toContain('没有差别');
  });

  it('2022 → year-shifted lists every moved deadline, with its clause and the old and new values', () => {
    const { changes } = json('diffShifted') as { changes: { kind: string; path: string; clause: string; old: unknown; new: unknown }[] };
    const moved = changes.filter((c) => c.kind === 'deadline' && c.path.endsWith('.at'));
    const dated = guide.deadlines.filter((d) => 'at' in d && d.at !== null);
    expect(dated.length).toBeGreaterThan(5);
    for (const d of dated) {
      const at = (d as { at: string }).at;
      const hit = moved.find((c) => c.old === at && c.new === at.replace(/^\d{4}/, (y) => String(Number(y) + 1)) && c.path.includes(d.id));
      expect(hit, `${d.id} (${at})`).toBeDefined();
      expect(hit!.clause).toBe(d.clause);
    }
    expect(changes.find((c) => c.path === 'year')).toMatchObject({ kind: 'guide', old: 2022, new: 2023 });
    expect(changes.find((c) => c.kind === 'threshold' && c.path === 'projects.member_home.conditions[0].year')).toMatchObject({ old: 2021, new: 2022 });
  });

  it('names a changed threshold with its clause', () => {
    const { changes } = json('diffStricter') as { changes: { kind: string; path: string; clause: string; old: unknown; new: unknown }[] };
    expect(changes).toContainEqual({
      kind: 'threshold',
      path: 'projects.first_class_society.conditions[0].grade',
      clause: '三（一）1（2）1）',
      old: 'B',
      new: 'A',
    });
    expect(changes.every((c) => c.path.startsWith('projects.first_class_society.conditions[0].'))).toBe(true);
  });

  it('a broken file is refused with its path', () => {
    const r = results.diffBroken!;
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('projects.standard.deadlines[0].at');
  });
});

describe('guide impact', () => {
  it('names exactly the stored societies whose verdicts the new guide changes', () => {
    const changes = json('impact') as { society: string; project: string; old: string; new: string; why: string }[];
    // 一流学会 now needs grade A: the grade-B societies with 4A or better lose it; nobody else changes.
    expect(changes.map((c) => c.society).sort()).toEqual(['lark:oc_103', 'telegram:102']);
    for (const c of changes) {
      expect(c).toMatchObject({ project: 'first_class_society', old: 'eligible', new: 'ineligible' });
      expect(c.why).toContain('A等');
      expect(c.why).toContain('三（一）1（2）1）');
    }
    expect(json('impactSame')).toEqual([]);
    expect(ok('impactText').stdout).toContain('共 2 个学会的判定有变化');
  });
});

describe('rules commands on the fixes and on the shifted guide', () => {
  it('a profile saved with a BOM is read', () => {
    expect(json('bomProfile')).toEqual(json('bundledCheck'));
  });

  it('an event after 30 November gets a warning instead of a date next year', () => {
    const list = json('lateEvent') as { id: string; at: string | null; warning?: string; reading?: number }[];
    const materials = list.find((d) => d.id === 'exchange-materials')!;
    expect(materials.at).toBeNull();
    expect(materials.reading).toBe(13);
    expect(materials.warning).toContain('2022-12-05');
    expect(results.lateEvent!.stderr).toContain('提醒');
    expect(results.lateEvent!.stdout).not.toContain('2023');
  });

  it('deadlines follow the shifted data: closed at the minute, clamped at the month end', () => {
    const by = new Map((json('shiftedDeadlines') as { id: string; at: string | null; passed: boolean }[]).map((d) => [d.id, d]));
    expect(by.get('application-online')).toMatchObject({ at: '2023-05-17T17:00:00+08:00', passed: true });
    expect(by.get('application-paper')).toMatchObject({ at: '2023-05-18T23:59:59+08:00', passed: false });
    expect(by.get('exchange-materials')).toMatchObject({ at: '2023-11-30T23:59:59+08:00' });
    const expected = listDeadlines(shifted.guide, { nowMs: Date.parse('2023-05-17T17:00:00+08:00'), eventDate: '2023-10-31' });
    expect([...by.keys()].sort()).toEqual(expected.map((d) => d.id).sort());
  });

  it('check gives the same verdicts and clauses a year later for the same society', () => {
    type Out = { guide: string; projects: Record<string, { verdict: string; reasons: { clause: string }[] }>; conflicts: unknown[] };
    const before = json('bundledCheck') as Out;
    const after = json('shiftedCheck') as Out;
    expect(after.guide).toBe('jsast-2023');
    const shape = (o: Out) => Object.fromEntries(Object.entries(o.projects).map(([id, v]) => [id, [v.verdict, v.reasons.map((r) => r.clause)]]));
    expect(shape(after)).toEqual(shape(before));
    expect(after.conflicts).toEqual(before.conflicts);
  });

  it('an unknown guide subcommand exits 2 with one line', () => {
    const r = results.guideNoSub!;
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
