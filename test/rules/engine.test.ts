/**
 * Engine behaviour beyond single verdicts: deadlines, evidence, the order missing facts are
 * asked in, the closest allowed alternatives, and guide files that break the schema.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import {
  check,
  evidenceFor,
  GuideError,
  listDeadlines,
  missingFacts,
  parseGuide,
  PROJECT_IDS,
  type Deadline,
  type Profile,
  type ProjectId,
} from '../../rules/index.js';
import { BUNDLED_GUIDE, loadGuideFile } from '../../src/guide-file.js';

const guide = loadGuideFile();
const at = (iso: string) => Date.parse(iso);
const NOW = at('2022-05-10T09:00:00+08:00');
const byId = (list: Deadline[]) => new Map(list.map((d) => [d.id, d]));

const GOOD: Profile = {
  orgType: 'society',
  evaluationGrade: 'A',
  assessmentLevel: 5,
  annualInspectionPassed: true,
  integrityIssues: false,
  fullTimeStaff: true,
  cnJournal: true,
  awardFiled: true,
  medicalExperts: 6,
  priorProjects: [],
};

describe('deadlines', () => {
  const everything = [
    listDeadlines(guide, { nowMs: NOW }),
    listDeadlines(guide, { nowMs: NOW, eventDate: '2022-10-15' }),
    ...PROJECT_IDS.map((project) => listDeadlines(guide, { nowMs: NOW, project, eventDate: '2022-06-30' })),
  ].flat();

  it('every item has an ISO 8601 +08:00 time or null, a label, a clause and projects', () => {
    expect(everything.length).toBeGreaterThan(20);
    for (const d of everything) {
      if (d.at !== null) {
        expect(d.at, d.id).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
        expect(Number.isNaN(Date.parse(d.at))).toBe(false);
      }
      expect(d.label.length).toBeGreaterThan(0);
      expect(d.clause).toMatch(/^[一二三四五]（[一二三四五]）/);
      expect(d.projects.length).toBeGreaterThan(0);
      for (const p of d.projects) expect(PROJECT_IDS).toContain(p);
      expect(typeof d.passed).toBe('boolean');
    }
  });

  it('the online submission closes 5月17日17:00, the paper copy at the end of 5月18日', () => {
    const list = byId(listDeadlines(guide, { nowMs: NOW }));
    expect(list.get('application-online')?.at).toBe('2022-05-17T17:00:00+08:00');
    expect(list.get('application-paper')?.at).toBe('2022-05-18T23:59:59+08:00');
    expect(list.get('application-opens')?.at).toBe('2022-05-05T00:00:00+08:00');
    expect(list.get('application-online')?.clause).toBe('五（二）');
    expect(list.get('application-online')?.projects).toHaveLength(19);
    expect(list.get('application-online')?.projects).not.toContain('salon');
  });

  it('a date without a time of day means 23:59:59 that day (11月底前 = 2022-11-30)', () => {
    const list = byId(listDeadlines(guide, { nowMs: NOW }));
    for (const id of ['standard-complete', 'tech-award-complete', 'health-complete', 'rural-complete', 'exchange-complete', 'salon-complete']) {
      expect(list.get(id)?.at, id).toBe('2022-11-30T23:59:59+08:00');
    }
    expect(list.get('rural-complete')?.projects.sort()).toEqual(['rural_beauty', 'rural_industry']);
    expect(list.get('exchange-complete')?.projects.sort()).toEqual(['brand_exchange', 'featured_exchange']);
  });

  it('passed compares with the given now, to the second; a time of day has passed at that minute (READING 12)', () => {
    const online = (now: string) => byId(listDeadlines(guide, { nowMs: at(now) })).get('application-online')!.passed;
    expect(online('2022-05-17T16:59:59+08:00')).toBe(false);
    expect(online('2022-05-17T17:00:00+08:00')).toBe(true);
    expect(online('2022-05-17T17:00:01+08:00')).toBe(true);
    expect(byId(listDeadlines(guide, { nowMs: NOW })).get('application-online')!.reading).toBe(12);
    expect(online('2022-05-17T09:00:01Z')).toBe(true);
    const paper = (now: string) => byId(listDeadlines(guide, { nowMs: at(now) })).get('application-paper')!.passed;
    expect(paper('2022-05-18T23:59:00+08:00')).toBe(false);
    expect(paper('2022-05-18T23:59:59.500+08:00')).toBe(false);
    expect(paper('2022-05-19T00:00:00+08:00')).toBe(true);
    // Late in the year everything dated has passed; the open items never do.
    for (const d of listDeadlines(guide, { nowMs: at('2023-01-01T00:00:00+08:00'), eventDate: '2022-10-15' })) {
      expect(d.passed, d.id).toBe(d.at !== null);
    }
    for (const d of listDeadlines(guide, { nowMs: at('2022-01-01T00:00:00+08:00') })) expect(d.passed, d.id).toBe(false);
  });

  it('items the guide leaves open (另行通知, year-end acceptance) have at: null and say so', () => {
    const list = byId(listDeadlines(guide, { nowMs: NOW }));
    const open = [...list.values()]
      .filter((d) => d.at === null)
      .map((d) => d.id)
      .sort();
    expect(open).toEqual(['acceptance', 'salon-application']);
    for (const id of open) {
      expect(list.get(id)!.label).toMatch(/另行通知/);
      expect(list.get(id)!.passed).toBe(false);
    }
    expect(list.get('acceptance')!.projects).toHaveLength(20);
  });

  it('dated items come first in time order, open ones last', () => {
    const list = listDeadlines(guide, { nowMs: NOW, eventDate: '2022-10-15' });
    const dated = list.filter((d) => d.at !== null);
    expect(list.slice(0, dated.length)).toEqual(dated);
    const times = dated.map((d) => Date.parse(d.at!));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('--project keeps only the items that apply to that project', () => {
    const salon = listDeadlines(guide, { nowMs: NOW, project: 'salon' });
    expect(salon.map((d) => d.id).sort()).toEqual(['acceptance', 'salon-application', 'salon-complete']);
    const standard = listDeadlines(guide, { nowMs: NOW, project: 'standard' });
    expect(standard.map((d) => d.id).sort()).toEqual(
      ['acceptance', 'application-online', 'application-opens', 'application-paper', 'standard-complete'].sort(),
    );
    for (const d of standard) expect(d.projects).toEqual(['standard']);
    const journal = listDeadlines(guide, { nowMs: NOW, project: 'journal_tier' });
    expect(journal.map((d) => d.id).sort()).toEqual(['acceptance', 'application-online', 'application-opens', 'application-paper']);
  });

  it('an event on 2022-10-15 has its materials due at the end of 2022-11-15 (brand, featured, salon)', () => {
    for (const project of ['brand_exchange', 'featured_exchange', 'salon'] as ProjectId[]) {
      const materials = listDeadlines(guide, { nowMs: NOW, project, eventDate: '2022-10-15' }).filter((d) => d.kind === 'materials');
      expect(materials, project).toHaveLength(1);
      expect(materials[0]!.at).toBe('2022-11-15T23:59:59+08:00');
      expect(materials[0]!.clause).toBe('三（二）1（2）4）');
      expect(materials[0]!.eventDate).toBe('2022-10-15');
      expect(materials[0]!.label).toContain('2022-10-15');
    }
    const all = listDeadlines(guide, { nowMs: NOW, eventDate: '2022-10-15' }).filter((d) => d.kind === 'materials');
    expect(all.flatMap((d) => d.projects).sort()).toEqual(['brand_exchange', 'featured_exchange', 'salon']);
  });

  it('会后一个月内 counts calendar months and clamps to the month end (READING 13): 01-31 → 02-28, 10-31 → 11-30', () => {
    const item = (eventDate: string) => listDeadlines(guide, { nowMs: NOW, project: 'brand_exchange', eventDate }).find((d) => d.kind === 'materials')!;
    expect(item('2022-01-31').at).toBe('2022-02-28T23:59:59+08:00');
    expect(item('2022-08-31').at).toBe('2022-09-30T23:59:59+08:00');
    expect(item('2022-10-31').at).toBe('2022-11-30T23:59:59+08:00');
    expect(item('2022-10-31').reading).toBe(13);
    expect(item('2022-10-15').reading).toBe(9);
    expect(item('2022-11-30').at).toBe('2022-12-30T23:59:59+08:00');
  });

  it('an event after 30 November is outside the programme: no date in the next year, a warning (READING 13)', () => {
    for (const eventDate of ['2022-12-01', '2022-12-15', '2024-01-31']) {
      const d = listDeadlines(guide, { nowMs: NOW, project: 'salon', eventDate }).find((x) => x.kind === 'materials')!;
      expect(d.at, eventDate).toBeNull();
      expect(d.passed).toBe(false);
      expect(d.reading).toBe(13);
      expect(d.warning).toContain(eventDate);
      expect(d.warning).toContain('2022-11-30');
    }
  });

  it('without an event date there is no materials item, and projects without events never get one', () => {
    expect(listDeadlines(guide, { nowMs: NOW }).filter((d) => d.kind === 'materials')).toEqual([]);
    expect(listDeadlines(guide, { nowMs: NOW, project: 'standard', eventDate: '2022-10-15' }).filter((d) => d.kind === 'materials')).toEqual([]);
  });

  it('materials passed follows now', () => {
    const passed = (now: string) =>
      listDeadlines(guide, { nowMs: at(now), project: 'salon', eventDate: '2022-10-15' }).find((d) => d.kind === 'materials')!.passed;
    expect(passed('2022-11-15T23:59:59+08:00')).toBe(false);
    expect(passed('2022-11-16T00:00:00+08:00')).toBe(true);
  });
});

describe('evidence', () => {
  it('every project has application items and cited clauses', () => {
    for (const id of PROJECT_IDS) {
      const ev = evidenceFor(guide, id);
      expect(ev.project).toBe(id);
      expect(ev.application.length, id).toBeGreaterThan(0);
      expect(ev.clauses).toContain(guide.project(id).clause);
      for (const c of ev.clauses) expect(c).not.toMatch(/[()]/);
      for (const line of [...ev.application, ...ev.closing, ...ev.notes]) expect(line.trim().length).toBeGreaterThan(0);
    }
  });

  it('standard: 全国团体标准信息平台 立项 at application, 发布 at closing', () => {
    const ev = evidenceFor(guide, 'standard');
    expect(ev.application.some((s) => s.includes('全国团体标准信息平台') && s.includes('立项'))).toBe(true);
    expect(ev.closing.some((s) => s.includes('全国团体标准信息平台') && s.includes('发布'))).toBe(true);
    expect(ev.clauses).toContain('三（三）2（2）');
  });

  it('youth_science and health exclude 省科普宣传周、全国科普日', () => {
    for (const id of ['youth_science', 'health'] as const) {
      const ev = evidenceFor(guide, id);
      expect(
        ev.notes.some((s) => s.includes('省科普宣传周、全国科普日') && s.includes('不列入')),
        id,
      ).toBe(true);
    }
    expect(evidenceFor(guide, 'health').closing.some((s) => s.includes('活动通知'))).toBe(true);
  });

  it('salon goes by email, not through the system and paper copy', () => {
    const ev = evidenceFor(guide, 'salon');
    expect(guide.project('salon').submission).toBe('email');
    const all = [...ev.application, ...ev.notes].join('\n');
    expect(all).toContain('指定邮箱');
    expect(all).not.toContain('项目管理系统');
    expect(ev.application.some((s) => s.includes('纸质版'))).toBe(false);
    const other = evidenceFor(guide, 'brand_exchange');
    expect(other.application.some((s) => s.includes('纸质版'))).toBe(true);
  });

  it('honours say 无经费资助; funded projects say when money is paid', () => {
    expect(evidenceFor(guide, 'first_class_society').notes.some((s) => s.includes('无经费资助'))).toBe(true);
    expect(evidenceFor(guide, 'platform_tech_service').notes.some((s) => s.includes('无经费资助'))).toBe(true);
    expect(evidenceFor(guide, 'standard').notes.some((s) => s.includes('上半年'))).toBe(true);
  });
});

describe('missingFacts', () => {
  const assertOrdered = (list: ReturnType<typeof missingFacts>) => {
    for (let i = 1; i < list.length; i++) expect(list[i - 1]!.settles).toBeGreaterThanOrEqual(list[i]!.settles);
  };

  it('for an empty profile, asks first the fact that settles the most (单位类型)', () => {
    const list = missingFacts(guide, {});
    assertOrdered(list);
    expect(list[0]!.fact).toBe('orgType');
    expect(list[0]!.projects).toHaveLength(20);
    expect(list.map((m) => m.fact).sort()).toEqual(
      [
        'annualInspectionPassed',
        'assessmentLevel',
        'awardFiled',
        'cnJournal',
        'evaluationGrade',
        'fullTimeStaff',
        'integrityIssues',
        'medicalExperts',
        'orgType',
        'priorProjects',
      ].sort(),
    );
  });

  it('orders the remaining project facts by how many verdicts one answer settles', () => {
    const profile: Profile = { orgType: 'society', evaluationGrade: 'A', assessmentLevel: 5, annualInspectionPassed: true, integrityIssues: false };
    const list = missingFacts(guide, profile);
    assertOrdered(list);
    // priorProjects settles 会员之家 always and 科技奖励 when it was funded in 2021.
    expect(list.map((m) => m.fact)).toEqual(['priorProjects', 'cnJournal', 'medicalExperts', 'awardFiled']);
    expect(list[0]!.projects.sort()).toEqual(['member_home', 'tech_award']);
  });

  it('lists nothing when every verdict is decided', () => {
    expect(missingFacts(guide, GOOD)).toEqual([]);
    expect(missingFacts(guide, { orgType: 'other' })).toEqual([]);
    expect(missingFacts(guide, { integrityIssues: true })).toEqual([]);
  });

  it('can be restricted to some projects', () => {
    const list = missingFacts(guide, { orgType: 'society' }, ['health']);
    expect(list.map((m) => m.fact).sort()).toEqual(['annualInspectionPassed', 'evaluationGrade', 'integrityIssues', 'medicalExperts']);
    for (const m of list) expect(m.projects).toEqual(['health']);
  });
});

describe('closest alternatives', () => {
  it('一流学会 alone: suggests adding a platform, keeping 一流学会', () => {
    const result = check(guide, { ...GOOD, intended: ['first_class_society'] });
    expect(result.conflicts.map((c) => c.clause)).toEqual(['二（三）2']);
    expect(result.alternatives.length).toBeGreaterThan(0);
    for (const alt of result.alternatives) {
      expect(alt.removed).toEqual([]);
      expect(alt.added).toHaveLength(1);
      expect(['platform_academic', 'platform_science_pop', 'platform_tech_service']).toContain(alt.added[0]);
      expect(alt.intended.map((i) => i.project)).toContain('first_class_society');
    }
  });

  it('brand + featured: two alternatives, each dropping one', () => {
    const result = check(guide, { ...GOOD, intended: ['brand_exchange', 'featured_exchange', 'standard'] });
    expect(result.alternatives).toHaveLength(2);
    expect(result.alternatives.map((a) => a.removed).sort()).toEqual([['brand_exchange'], ['featured_exchange']]);
    for (const alt of result.alternatives) {
      expect(alt.added).toEqual([]);
      expect(alt.intended.map((i) => i.project)).toContain('standard');
    }
  });

  it('prefers keeping projects the society is eligible for', () => {
    // Grade A: 发展助力 is ineligible, the platform is eligible → drop 发展助力 first.
    const a = check(guide, { ...GOOD, intended: ['development_aid', 'platform_academic'] });
    expect(a.alternatives[0]!.removed).toEqual(['development_aid']);
    // Grade D: the other way round.
    const d = check(guide, { ...GOOD, evaluationGrade: 'D', intended: ['development_aid', 'platform_academic'] });
    expect(d.alternatives[0]!.removed).toEqual(['platform_academic']);
  });

  it('two platforms without 一流学会: drop one platform (or add 一流学会)', () => {
    const result = check(guide, { ...GOOD, intended: ['platform_academic', 'platform_science_pop'] });
    expect(result.alternatives.length).toBeGreaterThan(0);
    for (const alt of result.alternatives) {
      expect(alt.removed.length + alt.added.length).toBe(1);
      if (alt.added.length) expect(alt.added).toEqual(['first_class_society']);
    }
  });

  it('a count over the cap is lowered rather than dropped', () => {
    const result = check(guide, { ...GOOD, intended: [{ project: 'salon', count: 2 }, 'youth_science', 'youth_science'] });
    expect(result.alternatives).toHaveLength(1);
    const [alt] = result.alternatives;
    expect(alt!.removed).toEqual([]);
    expect(alt!.reduced.sort()).toEqual(['salon', 'youth_science']);
    expect(alt!.intended).toEqual([
      { project: 'salon', count: 1 },
      { project: 'youth_science', count: 1 },
    ]);
  });

  it('no conflicts, no alternatives', () => {
    expect(check(guide, { ...GOOD, intended: ['standard', 'tech_award'] }).alternatives).toEqual([]);
    expect(check(guide, GOOD).alternatives).toEqual([]);
  });
});

describe('guide files that break the schema', () => {
  const dir = mkdtempSync(join(tmpdir(), 'shenbao-guide-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const source = readFileSync(BUNDLED_GUIDE, 'utf8');

  function variant(name: string, edit: (doc: ReturnType<typeof parseDocument>) => void): { path: string; text: string } {
    const doc = parseDocument(source, { merge: true });
    edit(doc);
    const text = doc.toString();
    const path = join(dir, name);
    writeFileSync(path, text);
    return { path, text };
  }

  function thrown(fn: () => unknown): GuideError {
    try {
      fn();
    } catch (error) {
      expect(error).toBeInstanceOf(GuideError);
      return error as GuideError;
    }
    throw new Error('expected a GuideError');
  }

  it('an unchanged copy loads', () => {
    const { path } = variant('same.yaml', () => {});
    const copy = loadGuideFile(path);
    expect(copy.id).toBe('jsast-2022');
    expect(copy.deadlines.map((d) => d.id)).toEqual(guide.deadlines.map((d) => d.id));
  });

  it('a deadline at "next week" names projects.standard.deadlines[0].at', () => {
    const { path, text } = variant('bad-at.yaml', (doc) => doc.setIn(['projects', 'standard', 'deadlines', 0, 'at'], 'next week'));
    for (const error of [thrown(() => loadGuideFile(path)), thrown(() => parseGuide(text, path))]) {
      expect(error.message).toContain('projects.standard.deadlines[0].at');
      expect(error.message).toContain(path);
      expect(error.path).toBe('projects.standard.deadlines[0].at');
    }
  });

  it('a missing project names it', () => {
    const { path } = variant('no-health.yaml', (doc) => doc.deleteIn(['projects', 'health']));
    const error = thrown(() => loadGuideFile(path));
    expect(error.message).toContain('projects.health');
  });

  it('an unknown project id names it', () => {
    const { path } = variant('extra-project.yaml', (doc) => doc.setIn(['quotas', 0, 'projects', 0], 'space_program'));
    expect(thrown(() => loadGuideFile(path)).message).toContain('quotas[0].projects[0]');
  });

  it('a condition of the wrong shape names its path', () => {
    const { path } = variant('bad-condition.yaml', (doc) => doc.setIn(['projects', 'health', 'conditions', 0, 'min'], 'six'));
    expect(thrown(() => loadGuideFile(path)).message).toContain('projects.health.conditions[0].min');
  });

  it('text that is not YAML, or not a mapping, is refused', () => {
    const notYaml = join(dir, 'not-yaml.yaml');
    writeFileSync(notYaml, 'projects: [unclosed\n  - {');
    expect(thrown(() => loadGuideFile(notYaml)).message).toMatch(/YAML/);
    expect(thrown(() => parseGuide('just words', 'x.yaml')).path).toBe('(根)');
    expect(thrown(() => parseGuide('', 'x.yaml')).message).toContain('x.yaml');
  });

  it('a missing file is a GuideError, not a crash', () => {
    const error = thrown(() => loadGuideFile(join(dir, 'nope.yaml')));
    expect(error.message).toContain('nope.yaml');
  });
});
