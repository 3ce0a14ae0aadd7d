import { exportTable, toCsv, toXlsx } from '../../roster/export.js';
import { listedViews } from './societies.js';
import type { PageContext } from '../page-context.js';
import { filterString, fmt } from './common.js';
import { sendFile } from '../http.js';

export async function exportFile(c: PageContext, kind: 'xlsx' | 'csv') {
  const { guide, clock } = c.deps;
  // What the list shows (search and filter) is what is exported.
  const { rows, filter } = await listedViews(c, new URL(c.req.url ?? '/', 'http://x').searchParams);
  const table = exportTable(guide, rows);
  const stamp = fmt(clock()).replace(/[-: ]/g, '').slice(0, 12);
  const name = `学会申报情况-${stamp}.${kind}`;
  await c.audit('roster:export', { format: kind, societies: table.rows.length, ...(filter && { filter: filterString(filter) }) });
  if (kind === 'xlsx') sendFile(c.res, name, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', await toXlsx(table));
  else sendFile(c.res, name, 'text/csv; charset=utf-8', toCsv(table));
}
