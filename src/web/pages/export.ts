import { exportTable, toCsv, toXlsx } from '../../roster/export.js';
import { societyViews } from '../../roster/overview.js';
import type { PageContext } from '../page-context.js';
import { fmt } from './common.js';
import { sendFile } from '../http.js';

export async function exportFile(c: PageContext, kind: 'xlsx' | 'csv') {
  const { guide, store, clock } = c.deps;
  const table = exportTable(guide, await societyViews(store, guide, clock()));
  const stamp = fmt(clock()).replace(/[-: ]/g, '').slice(0, 12);
  const name = `学会申报情况-${stamp}.${kind}`;
  await c.audit('roster:export', { format: kind, societies: table.rows.length });
  if (kind === 'xlsx') sendFile(c.res, name, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', await toXlsx(table));
  else sendFile(c.res, name, 'text/csv; charset=utf-8', toCsv(table));
}
