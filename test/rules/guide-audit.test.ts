/**
 * `guide check` and `guide diff` in process (the CLI tests run them as whole processes): the
 * bundled guide is sound, each kind of fault is found at its path, a diff is leaf by leaf.
 */
import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { auditGuide, diffGuides, parseGuide } from '../../rules/index.js';
import { BUNDLED_GUIDE, GUIDE_TEXT } from '../../src/guide-file.js';
import { shiftYears } from './year-shift.js';

const data = readFileSync(BUNDLED_GUIDE, 'utf8');
const text = readFileSync(GUIDE_TEXT, 'utf8');
const edit = (fn: (d: ReturnType<typeof parseDocument>) => void) => {
  const doc = parseDocument(data, { merge: true });
  fn(doc);
  return doc.toString();
};
const paths = (dataText: string, guideText: string | undefined = text) => [...new Set(auditGuide(dataText, guideText).map((p) => p.path))];

describe('auditGuide', () => {
  it('finds nothing in the bundled guide, its year-shifted copy, or a copy with a BOM', () => {
    expect(auditGuide(data, text)).toEqual([]);
    expect(auditGuide(shiftYears(data), shiftYears(text))).toEqual([]);
    expect(auditGuide(`\uFEFF${data}`, `\uFEFF${text}`)).toEqual([]);
  });

  it('a requirement sentence must agree with its values', () => {
    expect(paths(edit((d) => d.setIn(['projects', 'consortium', 'conditions', 0, 'grade'], 'C')))).toEqual(['projects.consortium.conditions[0].requirement']);
    expect(paths(edit((d) => d.setIn(['projects', 'health', 'conditions', 0, 'min'], 8)))).toEqual(['projects.health.conditions[0].requirement']);
    expect(paths(edit((d) => d.setIn(['projects', 'member_home', 'conditions', 0, 'year'], 2020)))).toEqual(['projects.member_home.conditions[0].requirement']);
    expect(paths(edit((d) => d.setIn(['projects', 'first_class_society', 'conditions', 1, 'level'], 5)))).toEqual([
      'projects.first_class_society.conditions[1].requirement',
    ]);
  });

  it('a quote must be in the guide text, and the text must be there', () => {
    // The year-shifted data against the 2022 text: every quote with a year is reported.
    const shiftedAgainstOld = paths(shiftYears(data));
    expect(shiftedAgainstOld.length).toBeGreaterThan(5);
    for (const p of shiftedAgainstOld) expect(p).toMatch(/\.quote$/);
    expect(auditGuide(data, undefined).map((p) => p.path)).toEqual(['textFile']);
  });

  it('every topic the answers use must be carried by some item, and a minimum must state its count', () => {
    const noExcluded = edit((d) => {
      d.deleteIn(['projects', 'youth_science', 'evidence', 'notes', 0, 'topic']);
      d.deleteIn(['projects', 'health', 'evidence', 'notes', 0, 'topic']);
    });
    expect(auditGuide(noExcluded, text)).toEqual([{ path: 'topic', message: expect.stringContaining('excluded_activity') }]);
    expect(paths(edit((d) => d.deleteIn(['projects', 'salon', 'prepare', 0, 'count'])))).toEqual(['projects.salon.prepare[0].count']);
    expect(paths(edit((d) => d.setIn(['projects', 'salon', 'prepare', 0, 'topic'], 'no_such_topic')))).toEqual(['projects.salon.prepare[0].topic']);
  });

  it('a piece of evidence must be words of its own quote', () => {
    expect(paths(edit((d) => d.setIn(['projects', 'tech_award', 'evidence', 'closing', 0, 'pieces', 1], '获奖证书')))).toEqual([
      'projects.tech_award.evidence.closing[0].pieces[1]',
    ]);
  });

  it('every deadline must have an English label', () => {
    expect(paths(edit((d) => d.deleteIn(['projects', 'standard', 'deadlines', 0, 'labelEn'])))).toEqual(['projects.standard.deadlines[0].labelEn']);
    expect(paths(edit((d) => d.deleteIn(['sharedDeadlines', 1, 'labelEn'])))).toEqual(['sharedDeadlines[1].labelEn']);
  });

  it('reports every schema problem, not only the first, and a file that is not YAML', () => {
    const broken = edit((d) => {
      d.setIn(['quotas', 0, 'max'], -1);
      d.setIn(['projects', 'salon', 'submission'], 'pigeon');
    });
    expect(paths(broken)).toEqual(expect.arrayContaining(['quotas[0].max', 'projects.salon.submission']));
    expect(paths('projects: [unclosed')).toEqual(['(根)']);
  });
});

describe('diffGuides', () => {
  it('is empty for the same data and leaf by leaf otherwise', () => {
    const guide = parseGuide(data);
    expect(diffGuides(guide, parseGuide(data))).toEqual([]);
    const changed = parseGuide(edit((d) => d.setIn(['quotas', 1, 'max'], 45)));
    expect(diffGuides(guide, changed)).toEqual([{ kind: 'quota', path: 'quotas[1].max', clause: '二（一）', old: 40, new: 45 }]);
    const rule = parseGuide(edit((d) => d.setIn(['combinationRules', 2, 'max'], 2)));
    expect(diffGuides(guide, rule)).toEqual([
      { kind: 'combination', path: 'combinationRules.one-platform-without-first-class.max', clause: '二（三）3', old: 1, new: 2 },
    ]);
    const phone = parseGuide(edit((d) => d.setIn(['contacts', 'people', 0, 'phone'], '025-00000000')));
    expect(diffGuides(guide, phone)).toEqual([
      { kind: 'contact', path: 'contacts.people[0].phone', clause: '五（三）', old: '025-83625058', new: '025-00000000' },
    ]);
  });
});
