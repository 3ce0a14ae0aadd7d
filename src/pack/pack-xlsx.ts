import ExcelJS from 'exceljs';
import { translator } from '../../handlers/i18n.js';
import type { Pack } from './pack.js';

/** The pack as a workbook (exceljs): a sheet of items and a sheet of deadlines, each printing on A4 landscape, one page wide. */

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function packXlsx(pack: Pack): Promise<Buffer> {
  const t = translator(pack.lang);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'shenbao';
  workbook.title = t('pack.doc.title', { society: pack.society });
  // Header and footer codes start with &: a literal & is written &&.
  const header = `&C${t('pack.doc.title', { society: pack.society }).replaceAll('&', '&&')}`;
  const footer = `&L${pack.generatedDate.replaceAll('&', '&&')}&R&P / &N`;

  const items = sheet(workbook, t('pack.sheet.items'), header, footer, [
    { header: t('pack.col.check'), width: 6 },
    { header: t('pack.col.project'), width: 18 },
    { header: t('pack.col.phase'), width: 8 },
    { header: t('pack.col.item'), width: 50 },
    { header: t('pack.col.state'), width: 10 },
    { header: t('pack.col.who'), width: 14 },
    { header: t('pack.col.when'), width: 17 },
    { header: t('pack.col.clause'), width: 16 },
  ]);
  for (const project of pack.projects) {
    for (const item of project.items) {
      items.addRow([item.glyph, project.name, item.phaseLabel, item.text, item.stateLabel, item.by ?? '', item.when, item.clause]);
    }
  }

  const names = new Map(pack.projects.map((p) => [p.id, p.name]));
  const deadlines = sheet(workbook, t('pack.sheet.deadlines'), header, footer, [
    { header: t('pack.col.deadline'), width: 18 },
    { header: t('pack.col.event'), width: 40 },
    { header: t('pack.col.projects'), width: 30 },
    { header: t('pack.col.daysLeft'), width: 10 },
    { header: t('pack.col.left'), width: 14 },
    { header: t('pack.col.clause'), width: 16 },
  ]);
  for (const d of pack.deadlines) {
    deadlines.addRow([d.atText, d.label, d.projects.map((id) => names.get(id) ?? id).join(t('sep.list')), d.daysLeft ?? '', d.status, d.clause]);
  }

  for (const ws of [items, deadlines]) {
    ws.eachRow((row, n) => {
      row.alignment = { vertical: 'top', wrapText: true };
      if (n === 1) row.font = { bold: true };
      else row.height = LINE_HEIGHT * linesOf(row, ws);
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

function sheet(workbook: ExcelJS.Workbook, name: string, header: string, footer: string, columns: Array<{ header: string; width: number }>) {
  const ws = workbook.addWorksheet(name, {
    views: [{ state: 'frozen', ySplit: 1 }],
    pageSetup: {
      paperSize: 9, // A4
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '1:1',
      showGridLines: true,
      margins: { left: 0.5, right: 0.5, top: 0.75, bottom: 0.75, header: 0.3, footer: 0.3 },
    },
    headerFooter: { oddHeader: header, oddFooter: footer },
  });
  ws.columns = columns.map((c) => ({ header: c.header, width: c.width }));
  return ws;
}

/** Points per printed line at the default 11-point font. */
const LINE_HEIGHT = 15;

/**
 * Lines the longest wrapped cell of a row takes. exceljs writes no row heights and neither Excel
 * nor LibreOffice re-measures wrapped text when opening a file, so a long item would be cut off:
 * the height is estimated here, a CJK character counting two width units, anything else one.
 */
function linesOf(row: ExcelJS.Row, ws: ExcelJS.Worksheet): number {
  let lines = 1;
  row.eachCell((cell, col) => {
    const width = ws.getColumn(col).width ?? 10;
    const units = [...String(cell.value ?? '')].reduce((n, ch) => n + (/[\u2E80-\uFFEF]/.test(ch) ? 2 : 1), 0);
    lines = Math.max(lines, Math.ceil(units / Math.max(1, width - 1)));
  });
  return lines;
}
