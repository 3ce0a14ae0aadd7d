/**
 * After staff switch GUIDE_FILE and restart, the broadcast audience `changed` reaches exactly the
 * societies whose verdicts the new guide changed. The start-up step is run here as main.ts runs it,
 * on a real SQLite store.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAudience } from '../../handlers/audience.js';
import { newState } from '../../handlers/state.js';
import { parseGuide, type Profile } from '../../rules/index.js';
import { BUNDLED_GUIDE, loadGuideFile } from '../../src/guide-file.js';
import { noteGuideSwitch } from '../../src/guide-switch.js';
import { StaffService } from '../../src/staff-service.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'shenbao-switch-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const bundled = loadGuideFile();
const stricter = (() => {
  const doc = parseDocument(readFileSync(BUNDLED_GUIDE, 'utf8'), { merge: true });
  doc.setIn(['projects', 'first_class_society', 'conditions', 0, 'grade'], 'A');
  doc.setIn(['projects', 'first_class_society', 'conditions', 0, 'requirement'], '上一年度综合能力评价等级须为A等');
  return parseGuide(doc.toString(), 'stricter.yaml');
})();

const base: Profile = { orgType: 'society', assessmentLevel: 5, annualInspectionPassed: true, integrityIssues: false, priorProjects: [] };
const SOCIETIES: Record<string, Profile> = {
  'telegram:1': { ...base, evaluationGrade: 'A' },
  'telegram:2': { ...base, evaluationGrade: 'B' },
  'lark:oc_3': { ...base, evaluationGrade: 'B' },
  'lark:oc_4': { ...base, evaluationGrade: 'C' },
  'telegram:5': { orgType: 'society' },
};

describe('the changed audience', () => {
  it('is empty until the guide changes, then holds exactly the societies whose verdicts changed', async () => {
    const store = await openSqliteStore(dir);
    try {
      const now = Date.parse('2022-06-01T09:00:00+08:00');
      for (const [key, profile] of Object.entries(SOCIETIES)) await store.set(`chat:${key}`, { ...newState(now), profile });
      const changed = parseAudience('changed')!;
      expect(changed).toEqual({ kind: 'changed' });

      // First start on the bundled guide: nothing to compare with.
      expect(await noteGuideSwitch(store, bundled, now)).toBeUndefined();
      expect(await new StaffService(store, bundled, () => now).countAudience(changed)).toMatchObject({ recipients: 0, inactive: 0 });
      // A restart on the same guide changes nothing.
      expect(await noteGuideSwitch(store, bundled, now)).toBeUndefined();

      // GUIDE_FILE switched, bot restarted.
      const result = await noteGuideSwitch(store, stricter, now + 1000);
      expect(result?.societies.sort()).toEqual(['lark:oc_3', 'telegram:2']);
      expect(result?.changes.every((c) => c.project === 'first_class_society' && c.old === 'eligible' && c.new === 'ineligible')).toBe(true);
      const staff = new StaffService(store, stricter, () => now);
      const { reach } = await staff.recipients(changed);
      expect(reach.map((r) => `${r.channel}:${r.chatId}`).sort()).toEqual(['lark:oc_3', 'telegram:2']);
      const sent = await staff.broadcast({
        text: '新指南已发布，请重新查看 /check',
        audience: changed,
        by: { channel: 'console', userId: 'staff', chatId: 'cli' },
        dryRun: true,
      });
      expect(sent.recipients).toBe(2);

      // Another restart on the new guide keeps the audience as the switch left it.
      expect(await noteGuideSwitch(store, stricter, now + 2000)).toBeUndefined();
      expect(await staff.countAudience(changed)).toMatchObject({ recipients: 2, inactive: 0 });
    } finally {
      await store.close();
    }
  });
});
