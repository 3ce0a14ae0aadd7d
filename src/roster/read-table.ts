import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';

/** A roster file as text cells; `rows[i].row` is its row number in the file (the header is row 1). */
export interface Table {
  headers: string[];
  rows: Array<{ row: number; cells: string[] }>;
}

export class RosterFileError extends Error {}

const XLSX_MAGIC = Buffer.from('PK\u0003\u0004', 'latin1');

export function looksLikeXlsx(bytes: Buffer): boolean {
  return bytes.subarray(0, 4).equals(XLSX_MAGIC);
}

/** Reads CSV (UTF-8, with or without BOM) or XLSX (first sheet), told apart by content, not by name. */
export async function readTable(bytes: Buffer): Promise<Table> {
  return looksLikeXlsx(bytes) ? readXlsx(bytes) : readCsv(bytes);
}

function readCsv(bytes: Buffer): Table {
  if (bytes.includes(0)) throw new RosterFileError('文件既不是 CSV 文本也不是 XLSX 表格');
  let records: string[][];
  try {
    records = parse(bytes, { bom: true, relax_column_count: true, skip_empty_lines: false, trim: true }) as string[][];
  } catch (error) {
    throw new RosterFileError(`CSV 格式有误：${(error as Error).message.split('\n')[0]}`);
  }
  const [headers, ...rest] = records;
  if (!headers) throw new RosterFileError('文件是空的：第 1 行应为表头');
  return { headers, rows: rest.map((cells, i) => ({ row: i + 2, cells })) };
}

async function readXlsx(bytes: Buffer): Promise<Table> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    throw new RosterFileError(`XLSX 文件无法读取：${(error as Error).message.split('\n')[0]}`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet || sheet.rowCount === 0) throw new RosterFileError('XLSX 文件没有内容：第一个工作表第 1 行应为表头');
  const width = sheet.columnCount;
  const textOf = (row: ExcelJS.Row) => Array.from({ length: width }, (_, i) => cellText(row.getCell(i + 1)));
  const headers = textOf(sheet.getRow(1));
  const rows: Table['rows'] = [];
  for (let r = 2; r <= sheet.rowCount; r++) rows.push({ row: r, cells: textOf(sheet.getRow(r)) });
  return { headers, rows };
}

function cellText(cell: ExcelJS.Cell): string {
  const v = cell.value;
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return String(v);
  try {
    return cell.text.trim();
  } catch {
    return String(v).trim();
  }
}
