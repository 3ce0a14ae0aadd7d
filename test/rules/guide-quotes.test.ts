/**
 * The guide data quotes the guide word for word. Walks the whole parsed YAML (merge keys
 * resolved): every `quote` anywhere must occur in the guide text (whitespace aside), every
 * `reading` must name a READING.md item or a key of the data's `readings`, and every `clause`
 * must be non-empty and written with full-width brackets. Failures list the YAML path.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { BUNDLED_GUIDE, GUIDE_TEXT } from '../../src/guide-file.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const SHARED_GUIDE = join(REPO, '../shared/guide/jsast-2022-guide.txt');
const SHARED_READING = join(REPO, '../shared/guide/READING.md');
const GUIDE_PATH = existsSync(SHARED_GUIDE) ? SHARED_GUIDE : GUIDE_TEXT;

const squash = (s: string) => s.replace(/\s+/gu, '');
const guideText = squash(readFileSync(GUIDE_PATH, 'utf8'));
const data = parseYaml(readFileSync(BUNDLED_GUIDE, 'utf8'), { merge: true }) as Record<string, unknown>;

/** READING.md's numbered items ("1. **…"), or 1–13 when the shared folder is not there. */
function readingNumbers(): Set<number> {
  if (!existsSync(SHARED_READING)) return new Set([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
  const nums = [...readFileSync(SHARED_READING, 'utf8').matchAll(/^(\d+)\.\s/gm)].map((m) => Number(m[1]));
  return new Set(nums);
}

/** 二（三）1, 三（一）1（2）1）, 五（二）, 三（三）1（1）… the guide's own numbering, full-width brackets. */
const CLAUSE = /^[一二三四五六七八九十]+(（[一二三四五六七八九十]+）)?(\d+)?(（\d+）)?(\d+）)?[①-⑳]?$/u;

interface Finding {
  path: string;
  problem: string;
}

/** Checks every quote / reading / clause in a parsed data tree; returns the problems with their paths. */
function audit(tree: unknown, text: string, readings: Set<string>): { findings: Finding[]; quotes: string[]; clauses: number; readingRefs: number } {
  const findings: Finding[] = [];
  const quotes: string[] = [];
  let clauses = 0;
  let readingRefs = 0;
  const walk = (node: unknown, path: string) => {
    if (Array.isArray(node)) {
      node.forEach((item, i) => walk(item, `${path}[${i}]`));
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const obj = node as Record<string, unknown>;
    if ('quote' in obj) {
      quotes.push(path);
      const q = obj.quote;
      if (typeof q !== 'string' || squash(q) === '') findings.push({ path: `${path}.quote`, problem: 'quote is empty or not a string' });
      else if (!text.includes(squash(q))) findings.push({ path: `${path}.quote`, problem: `not in the guide: "${q}"` });
    }
    if ('clause' in obj) {
      clauses++;
      const c = obj.clause;
      if (typeof c !== 'string' || c.trim() === '') findings.push({ path: `${path}.clause`, problem: 'clause is empty' });
      else if (/[()]/.test(c)) findings.push({ path: `${path}.clause`, problem: `half-width bracket in "${c}"` });
      else if (!CLAUSE.test(c)) findings.push({ path: `${path}.clause`, problem: `not the guide's numbering: "${c}"` });
    }
    if ('reading' in obj) {
      readingRefs++;
      const r = obj.reading;
      if (typeof r !== 'number' || !readings.has(String(r))) findings.push({ path: `${path}.reading`, problem: `no reading ${JSON.stringify(r)}` });
    }
    for (const [key, value] of Object.entries(obj)) {
      if (key === 'readings') continue;
      walk(value, path ? `${path}.${key}` : key);
    }
  };
  walk(tree, '');
  return { findings, quotes, clauses, readingRefs };
}

const knownReadings = new Set<string>([...[...readingNumbers()].map(String), ...Object.keys((data.readings as Record<string, string> | undefined) ?? {})]);
const report = audit(data, guideText, knownReadings);
const show = (f: Finding[]) => f.map((x) => `${x.path}: ${x.problem}`);

describe('guide data against the guide text', () => {
  it('uses the shared guide when present, and the bundled copy is identical to it', () => {
    expect(existsSync(GUIDE_PATH)).toBe(true);
    if (existsSync(SHARED_GUIDE) && existsSync(GUIDE_TEXT)) {
      expect(readFileSync(GUIDE_TEXT, 'utf8') === readFileSync(SHARED_GUIDE, 'utf8'), `${GUIDE_TEXT} differs from ${SHARED_GUIDE}`).toBe(true);
    }
  });

  it('READING.md has items 1–13, and the data spells out every one of them for answers', () => {
    for (let n = 1; n <= 13; n++) expect(knownReadings.has(String(n)), `reading ${n}`).toBe(true);
    const spelled = Object.keys((data.readings as Record<string, string>) ?? {});
    for (const n of readingNumbers()) expect(spelled, `data readings include #${n}`).toContain(String(n));
  });

  it('walks quotes in every part of the data', () => {
    expect(report.quotes.length).toBeGreaterThan(100);
    const tops = new Set(report.quotes.map((p) => p.split(/[.[]/)[0]));
    for (const section of [
      'quotas',
      'totalQuota',
      'funding',
      'whoMayApply',
      'generalPrepare',
      'combinationRules',
      'sharedDeadlines',
      'sharedEvidence',
      'submission',
      'contacts',
      'projects',
    ]) {
      expect(tops.has(section), `quotes found under ${section}`).toBe(true);
    }
    // Nested any_of conditions, per-project deadlines and evidence are reached too.
    expect(report.quotes.some((p) => /^whoMayApply\[\d+\]\.condition\.conditions\[\d+\]$/.test(p))).toBe(true);
    expect(report.quotes.some((p) => /^projects\.\w+\.deadlines\[\d+\]$/.test(p))).toBe(true);
    expect(report.quotes.some((p) => /^projects\.\w+\.evidence\.closing\[\d+\]$/.test(p))).toBe(true);
    expect(report.quotes).toContain('contacts.paperAddress');
    // Merge keys are resolved: the inherited platform / exchange / rural items are walked as well.
    expect(report.quotes).toContain('projects.platform_science_pop.conditions[0]');
    expect(report.quotes).toContain('projects.rural_beauty.deadlines[0]');
  });

  it('every quote occurs in the guide (whitespace aside)', () => {
    expect(show(report.findings.filter((f) => f.path.endsWith('.quote')))).toEqual([]);
  });

  it('every clause is non-empty and uses full-width brackets', () => {
    expect(report.clauses).toBeGreaterThan(100);
    expect(show(report.findings.filter((f) => f.path.endsWith('.clause')))).toEqual([]);
  });

  it('every reading refers to READING.md 1–10 or to the data’s own readings', () => {
    expect(report.readingRefs).toBeGreaterThan(10);
    expect(show(report.findings.filter((f) => f.path.endsWith('.reading')))).toEqual([]);
    for (const key of Object.keys((data.readings as Record<string, string>) ?? {})) {
      expect(Number.isInteger(Number(key)) && Number(key) > 0, `readings key "${key}"`).toBe(true);
    }
  });

  it('reports the YAML path of an offending item', () => {
    const broken = {
      projects: {
        standard: {
          clause: '三(三)2',
          conditions: [{ kind: 'any_of', quote: '须在本年度11月底前完成', conditions: [{ quote: '这句话不在指南里', clause: '', reading: 42 }] }],
        },
      },
    };
    const found = show(audit(broken, guideText, knownReadings).findings);
    expect(found).toEqual([
      'projects.standard.clause: half-width bracket in "三(三)2"',
      'projects.standard.conditions[0].conditions[0].quote: not in the guide: "这句话不在指南里"',
      'projects.standard.conditions[0].conditions[0].clause: clause is empty',
      'projects.standard.conditions[0].conditions[0].reading: no reading 42',
    ]);
  });
});
