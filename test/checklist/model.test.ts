/** The checklist model: items from the guide's evidence, stable ids, states and counts. */
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checklistItems, checklistView, entryKey, itemId, openItems, phaseOfDeadline } from '../../handlers/checklist.js';
import { evidenceFor } from '../../rules/index.js';
import { loadGuideFile } from '../../src/guide-file.js';
import { reword, writeRewordedGuide } from '../rules/reworded.js';
import { writeShiftedGuide } from '../rules/year-shift.js';

const guide = loadGuideFile();

describe('checklist items', () => {
  it('are the application then the closing items of the guide, each with its clause and quote', () => {
    const items = checklistItems(guide, 'standard');
    const evidence = evidenceFor(guide, 'standard');
    expect(items.map((i) => i.text)).toEqual([...evidence.application, ...evidence.closing]);
    expect(items.map((i) => i.phase)).toEqual(['application', 'application', 'application', 'closing']);
    const agreement = checklistItems(guide, 'tech_assessment').find((i) => i.text === '评估委托协议等材料')!;
    expect(agreement).toMatchObject({ project: 'tech_assessment', phase: 'application', clause: '三（三）3（2）', quote: '申报时提供委托协议等材料' });
  });

  it('are one per piece of evidence when the guide lists several in one sentence without a name of its own', () => {
    const closing = (project: 'tech_assessment' | 'decision_consulting' | 'youth_science' | 'health' | 'salon' | 'consortium') =>
      checklistItems(guide, project)
        .filter((i) => i.phase === 'closing')
        .map((i) => i.text);
    expect(closing('tech_assessment')).toEqual(['评估会场主题照片', '专家成员签到表', '委托方对评估的反馈意见', '评估报告']);
    // "对报告、建议的批示" is one thing.
    expect(closing('decision_consulting')).toEqual(['调研现场照片', '专家讨论会主题照片', '有关领导对报告、建议的批示或获得奖项的截图']);
    // "活动通知、场次、地点…等内容的现场照片": the notice, and the photos (the rest is what they show).
    expect(closing('youth_science')).toEqual(['活动通知', '现场照片', '新闻报道', '青少年受众人数']);
    expect(closing('health')).toEqual(['活动通知', '现场主题照片', '新闻报道', '受众人数']);
    expect(closing('salon')).toEqual(['项目评述报告', '论文集', '专家建言']);
    // A sentence that lists nothing stays whole; each piece keeps the sentence as its quote and clause.
    expect(closing('consortium')).toHaveLength(1);
    const piece = checklistItems(guide, 'tech_assessment').find((i) => i.text === '评估报告')!;
    expect(piece.quote).toContain('专家成员签到表');
    expect(piece.clause).toBe('三（三）3（2）');
  });

  it('are the pieces the data names, not read out of the sentence: a reworded guide has the same items', () => {
    const reworded = writeRewordedGuide();
    try {
      for (const project of guide.projectIds) {
        const before = checklistItems(guide, project);
        const after = checklistItems(reworded.guide, project);
        expect(after.map((i) => reword(i.text))).toEqual(before.map((i) => reword(i.text)));
      }
    } finally {
      rmSync(reworded.dir, { recursive: true, force: true });
    }
  });

  it('have short ids, distinct within a project, fit for callback data', () => {
    for (const project of guide.projectIds) {
      const ids = checklistItems(guide, project).map((i) => i.id);
      expect(new Set(ids).size).toBe(ids.length);
      for (const id of ids) expect(id).toMatch(/^[0-9a-z]{1,7}$/);
    }
  });

  it('keep their ids while the words stay the same, and change them when the words or the phase change', () => {
    expect(itemId('application', '合作协议等佐证')).toBe(itemId('application', '合作协议等佐证'));
    expect(itemId('application', '合作协议等佐证')).not.toBe(itemId('closing', '合作协议等佐证'));
    expect(itemId('application', '合作协议等佐证')).not.toBe(itemId('application', '合作协议'));
    // The same guide a year later: every item whose words did not change keeps its id.
    const shifted = writeShiftedGuide(1);
    try {
      for (const project of guide.projectIds) {
        const before = checklistItems(guide, project);
        const after = checklistItems(shifted.guide, project);
        expect(after.length).toBe(before.length);
        for (const [i, item] of before.entries()) {
          if (after[i]!.text === item.text) expect(after[i]!.id).toBe(item.id);
          else expect(after[i]!.id).not.toBe(item.id);
        }
      }
    } finally {
      rmSync(shifted.dir, { recursive: true, force: true });
    }
  });
});

describe('checklist view', () => {
  it('shows each item with its state and counts per project and per deadline phase', () => {
    const items = checklistItems(guide, 'standard');
    const screenshot = items.find((i) => i.text.includes('立项截图'))!;
    const paper = items.find((i) => i.text.startsWith('纸质版'))!;
    const closing = items.find((i) => i.phase === 'closing')!;
    const entries = new Map([
      [entryKey('standard', screenshot.id), { state: 'done' as const, by: 'telegram:1', at: 1 }],
      [entryKey('standard', paper.id), { state: 'na' as const, by: 'staff:张三', at: 2 }],
      [entryKey('standard', closing.id), { state: 'todo' as const, by: 'telegram:1', at: 3 }],
      // An entry of a project the society does not intend is not counted.
      [entryKey('health', screenshot.id), { state: 'done' as const, by: 'x', at: 4 }],
    ]);
    const view = checklistView(guide, ['standard', 'tech_assessment'], entries);
    expect(view.rows.filter((r) => r.project === 'standard').map((r) => r.state)).toEqual(['todo', 'na', 'done', 'todo']);
    expect(view.rows.find((r) => r.id === paper.id)!.entry).toEqual({ state: 'na', by: 'staff:张三', at: 2 });
    const standard = view.projects.find((p) => p.project === 'standard')!;
    expect(standard).toMatchObject({ done: 1, open: 2, na: 1 });
    expect(standard.phases).toEqual({ application: { done: 1, open: 1, na: 1 }, closing: { done: 0, open: 1, na: 0 } });
    const assessment = view.projects.find((p) => p.project === 'tech_assessment')!;
    expect(assessment).toMatchObject({ done: 0, open: 7, na: 0 });
    expect(view.total).toEqual({ done: 1, open: 9, na: 1 });
    expect(openItems(view, 'standard', 'closing').map((r) => r.id)).toEqual([closing.id]);
    expect(openItems(view, 'standard', 'application').map((r) => r.text)).toEqual([items[0]!.text]);
  });

  it('maps deadlines to the phase whose items they need', () => {
    expect(phaseOfDeadline('submit')).toBe('application');
    expect(['acceptance', 'materials', 'complete'].map(phaseOfDeadline)).toEqual(['closing', 'closing', 'closing']);
    expect(phaseOfDeadline('opens')).toBeUndefined();
  });
});
