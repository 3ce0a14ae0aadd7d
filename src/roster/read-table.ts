import { NotAFile, readRegularFile, TooBig } from '../read-regular-file.js';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { normaliseText } from './names.js';

/** A roster file as text cells; `rows[i].row` is its row number in the file (the header is row 1). */
export interface Table {
  headers: string[];
  rows: Array<{ row: number; cells: string[] }>;
  /** Things staff should know about how the file was read (e.g. its encoding was guessed). */
  notes?: string[];
}

export class RosterFileError extends Error {}

/**
 * Caps on what a roster file may hold. A province has a few hundred societies and a dozen columns;
 * these are far beyond any real roster but keep a hostile file (a sparse sheet with cells at A1,
 * XFD1 and A1048576, a zip bomb, /dev/zero) from taking the memory of the bot.
 */
export const TABLE_LIMITS = {
  bytes: 20 * 1024 * 1024,
  rows: 10_000,
  columns: 200,
  cells: 500_000,
  /** All entries of an XLSX, decompressed. */
  unzippedBytes: 40 * 1024 * 1024,
  zipEntries: 500,
};

const XLSX_MAGIC = Buffer.from('PK\u0003\u0004', 'latin1');

export function looksLikeXlsx(bytes: Buffer): boolean {
  return bytes.subarray(0, 4).equals(XLSX_MAGIC);
}

/**
 * Reads a roster file from disk, refusing anything but a regular file (a device such as /dev/zero
 * reports size 0 and never ends; a FIFO blocks) and reading at most `max` bytes whatever stat says.
 * Opened non-blocking so that opening a FIFO with no writer cannot hang.
 */
export function readTableFile(path: string, max = TABLE_LIMITS.bytes): Buffer {
  try {
    return readRegularFile(path, max);
  } catch (error) {
    if (error instanceof NotAFile) throw new RosterFileError('不是普通文件（设备、管道或目录），只能导入 CSV 或 XLSX 文件');
    if (error instanceof TooBig) throw new RosterFileError(`文件太大：超过 ${Math.floor(max / 1024 / 1024)} MB`);
    throw new RosterFileError(`无法读取：${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** Reads CSV (UTF-8, else GB18030) or XLSX (first sheet), told apart by content, not by name; within TABLE_LIMITS. */
export async function parseTable(bytes: Buffer, limits = TABLE_LIMITS): Promise<Table> {
  if (bytes.length > limits.bytes) throw new RosterFileError(`文件太大：超过 ${Math.floor(limits.bytes / 1024 / 1024)} MB`);
  return looksLikeXlsx(bytes) ? readXlsx(bytes, limits) : readCsv(bytes, limits);
}

const rowsCap = (limits: typeof TABLE_LIMITS) => `最多 ${limits.rows} 行、${limits.columns} 列`;

/** UTF-8 when the bytes are valid UTF-8; else GB18030 (a superset of GBK/GB2312, what Excel in China saves). */
function decodeCsv(bytes: Buffer): { text: string; note?: string } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes) };
  } catch {
    // Not UTF-8: try GB18030 strictly (bytes it cannot map are an error, not U+FFFD).
  }
  try {
    return { text: new TextDecoder('gb18030', { fatal: true }).decode(bytes), note: '文件不是 UTF-8 编码，已按 GB18030（GBK）读取，请核对预览中的名称' };
  } catch {
    throw new RosterFileError('文件编码无法识别：请另存为 UTF-8 编码的 CSV（Excel：另存为“CSV UTF-8”）或 XLSX');
  }
}

function readCsv(bytes: Buffer, limits: typeof TABLE_LIMITS): Table {
  if (bytes.includes(0)) throw new RosterFileError('文件既不是 CSV 文本也不是 XLSX 表格');
  const { text, note } = decodeCsv(bytes);
  let records: string[][];
  try {
    records = parse(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: false,
      trim: true,
      // One line past the cap is enough to know it is too long.
      to_line: limits.rows + 2,
      max_record_size: 64 * 1024,
    }) as string[][];
  } catch (error) {
    throw new RosterFileError(`CSV 格式有误：${(error as Error).message.split('\n')[0]}`);
  }
  if (records.length > limits.rows + 1) throw new RosterFileError(`表格太大：超过 ${limits.rows} 行（${rowsCap(limits)}）`);
  const wide = records.findIndex((r) => r.length > limits.columns);
  if (wide >= 0) throw new RosterFileError(`表格太宽：第 ${wide + 1} 行超过 ${limits.columns} 列`);
  const [headers, ...rest] = records.map((r) => r.map(normaliseText));
  if (!headers) throw new RosterFileError('文件是空的：第 1 行应为表头');
  return { headers, rows: rest.map((cells, i) => ({ row: i + 2, cells })), ...(note && { notes: [note] }) };
}

/**
 * Checks the zip before exceljs unpacks it: the number of entries, and every entry decompressed as
 * a stream with a running total (the sizes in the zip's directory are the sender's word, not proof).
 */
async function checkZip(bytes: Buffer, limits: typeof TABLE_LIMITS): Promise<void> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes, { checkCRC32: false });
  } catch (error) {
    throw new RosterFileError(`XLSX 文件无法读取：${(error as Error).message.split('\n')[0]}`);
  }
  const entries = Object.values(zip.files).filter((f) => !f.dir);
  if (entries.length > limits.zipEntries) throw new RosterFileError(`XLSX 文件内含 ${entries.length} 个部件，不像名单表格`);
  let total = 0;
  const tooBig = () => new RosterFileError(`XLSX 文件解压后超过 ${Math.floor(limits.unzippedBytes / 1024 / 1024)} MB，不像名单表格`);
  for (const entry of entries) {
    await new Promise<void>((resolve, reject) => {
      const stream = entry.nodeStream('nodebuffer') as NodeJS.ReadableStream & { destroy?: () => void };
      stream.on('data', (chunk: Buffer) => {
        total += chunk.length;
        if (total > limits.unzippedBytes) {
          stream.pause();
          stream.removeAllListeners('data');
          reject(tooBig());
        }
      });
      stream.on('error', (error: Error) => reject(new RosterFileError(`XLSX 文件无法读取：${error.message.split('\n')[0]}`)));
      stream.on('end', () => resolve());
    });
  }
}

/** "A1:XFD1048576" → its size in rows and columns (undefined when it is not a range). */
function dimensionOf(ref: string | undefined): { rows: number; columns: number } | undefined {
  const m = /^([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?$/.exec(ref ?? '');
  if (!m) return undefined;
  const col = (s: string) => [...s].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0);
  return { rows: Number(m[4] ?? m[2]), columns: col(m[3] ?? m[1]!) };
}

async function readXlsx(bytes: Buffer, limits: typeof TABLE_LIMITS): Promise<Table> {
  await checkZip(bytes, limits);
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (error) {
    throw new RosterFileError(`XLSX 文件无法读取：${(error as Error).message.split('\n')[0]}`);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet || sheet.actualRowCount === 0) throw new RosterFileError('XLSX 文件没有内容：第一个工作表第 1 行应为表头');
  // The cells actually present decide; a sparse sheet (A1, XFD1, A1048576) is refused by its extent
  // before a single empty cell is made.
  const extent = dimensionOf(sheet.dimensions?.range?.toString()) ?? { rows: sheet.rowCount, columns: sheet.columnCount };
  if (extent.rows > limits.rows + 1) throw new RosterFileError(`表格太大：第一个工作表用到第 ${extent.rows} 行（${rowsCap(limits)}）`);
  if (extent.columns > limits.columns) throw new RosterFileError(`表格太宽：第一个工作表用到第 ${extent.columns} 列（${rowsCap(limits)}）`);
  if (extent.rows * extent.columns > limits.cells) throw new RosterFileError(`表格太大：${extent.rows} 行 × ${extent.columns} 列超过 ${limits.cells} 个单元格`);
  const width = extent.columns;
  const textOf = (row: ExcelJS.Row) => Array.from({ length: width }, (_, i) => normaliseText(cellText(row.getCell(i + 1))));
  const headers = textOf(sheet.getRow(1));
  const rows: Table['rows'] = [];
  for (let r = 2; r <= extent.rows; r++) rows.push({ row: r, cells: textOf(sheet.getRow(r)) });
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
