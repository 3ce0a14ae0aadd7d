import { randomBytes } from 'node:crypto';
import { applyImport, planImport, type ImportPlan } from '../../roster/import.js';
import { RosterFileError } from '../../roster/read-table.js';
import { readTable } from '../../roster/read-table-off-thread.js';
import { FIELD_LABEL, type RosterField } from '../../roster/columns.js';
import type { PageContext } from '../page-context.js';

/** The HTTP server reads at most 1 MB per request; a roster of a few hundred societies is a few dozen KB. */
export const MAX_UPLOAD = 900 * 1024;
const PLAN_TTL_MS = 30 * 60_000;
const planKey = (id: string) => `staff-import:${id}`;

export function importPage(c: PageContext, message = '', status = 200) {
  c.render('@import', '名单导入', { maxKb: Math.floor(MAX_UPLOAD / 1024), message }, status);
}

export async function importPreview(c: PageContext) {
  const file = c.upload?.file;
  if (!file?.bytes.length) return importPage(c, '请选择要上传的名单文件（CSV 或 XLSX）。', 400);
  if (file.truncated) return importPage(c, `文件太大：不能超过 ${Math.floor(MAX_UPLOAD / 1024)} KB。`, 413);
  if (!/\.(csv|xlsx)$/i.test(file.name)) return importPage(c, `“${file.name}”不是 CSV 或 XLSX 文件。`, 400);
  let plan: ImportPlan;
  let notes: string[] = [];
  try {
    const table = await readTable(file.bytes);
    notes = table.notes ?? [];
    plan = planImport(table, c.deps.guide);
  } catch (error) {
    if (error instanceof RosterFileError) return importPage(c, `无法读取“${file.name}”：${error.message}`, 400);
    throw error;
  }
  const result = await applyImport(c.deps.store, plan, { nowMs: c.deps.clock(), dryRun: true });
  // The checked rows wait in the store (not the page) until staff confirm: nothing they could edit in between.
  const id = randomBytes(16).toString('hex');
  await c.deps.store.set(planKey(id), { plan, file: file.name, user: c.session.user }, PLAN_TTL_MS);
  await c.audit('roster:import:preview', { file: file.name, imported: result.imported, updated: result.updated, rejected: result.rejected.length });
  c.render('@importPreview', '名单导入：预览', {
    id,
    file: file.name,
    imported: result.imported,
    updated: result.updated,
    unchanged: result.unchanged,
    rejectedRows: new Set(result.rejected.map((r) => r.row)).size,
    ignored: result.ignoredColumns,
    notes,
    rejected: result.rejected.map((r) => ({ ...r, field: FIELD_LABEL[r.field as RosterField] ?? r.field })),
    changes: result.changes.map((ch) => ({
      name: ch.name,
      kind: ch.kind === 'new' ? '新增' : '更新',
      fields: ch.fields.map((f) => `${FIELD_LABEL[f.field]}：${f.before === undefined ? '' : `${show(f.before)} → `}${show(f.after)}`).join('；'),
    })),
  });
}

const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

export async function importApply(c: PageContext) {
  const id = c.form.id ?? '';
  const saved = /^[0-9a-f]{32}$/.test(id) ? await c.deps.store.get<{ plan: ImportPlan; file: string; user: string }>(planKey(id)) : undefined;
  // The delete claims the preview: of two confirmations at once (two tabs, two instances) only the
  // one whose delete removed it imports.
  if (!saved || saved.user !== c.session.user || !(await c.deps.store.delete(planKey(id))))
    return importPage(c, '这次预览已失效（超过30分钟或已导入），请重新上传。', 400);
  const result = await applyImport(c.deps.store, saved.plan, { nowMs: c.deps.clock(), dryRun: false });
  await c.audit('roster:import', { file: saved.file, imported: result.imported, updated: result.updated, rejected: result.rejected.length });
  c.render('@importDone', '名单导入：完成', {
    imported: result.imported,
    updated: result.updated,
    rejectedRows: new Set(result.rejected.map((r) => r.row)).size,
  });
}
