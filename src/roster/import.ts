import type { Guide, Profile } from '../../rules/index.js';
import type { Store } from '../store/store.js';
import { fieldOfHeader, FIELD_LABEL, parseCell, type FactField, type RosterField } from './columns.js';
import { RosterFileError, type Table } from './read-table.js';
import { createSocietyOnce, findByName, getSociety, normaliseName, ROSTER_SOURCE, updateSociety } from './societies.js';
import { syncRosterFacts } from './sync.js';
import { normaliseText } from './names.js';

export interface RowError {
  row: number;
  field: string;
  message: string;
}

export interface RosterRow {
  row: number;
  name: string;
  facts: Profile;
  /** Contact columns (联系人, 电话, 邮箱…) as the roster has them: shown for a society no chat has joined. */
  contact: Record<string, string>;
  /** The society id column of an export: the row updates that society, even if renamed. */
  id?: string;
}

/** Headers of contact columns, kept as they are written. */
const CONTACT = /联系|电话|手机|邮箱|e-?mail|地址|秘书长|负责人|微信|contact|phone/i;
/** The id column of `roster export`. */
const ID_HEADER = /^(id|学会编号|编号)$/i;
/** A row the export wrote for a chat in no roster society: not a roster society. */
// NFKC (names.ts) folds the full-width parenthesis the console writes: either form is read.
const UNNAMED = /^[（(]未具名/;

export interface ImportPlan {
  rows: RosterRow[];
  rejected: RowError[];
  /** Headers that name no field (left out, not an error). */
  ignoredColumns: string[];
}

export interface Change {
  name: string;
  kind: 'new' | 'update';
  /** Fields set or changed, with the value before (undefined = unknown or new). */
  fields: Array<{ field: FactField; before?: unknown; after: unknown }>;
}

export interface ImportResult {
  imported: number;
  updated: number;
  unchanged: number;
  rejected: RowError[];
  ignoredColumns: string[];
  changes: Change[];
  dryRun: boolean;
}

const MAX_NAME = 100;
/** Rows applied between yields to the event loop. */
const BATCH = 50;

/** Checks every row; a row with any bad cell is rejected as a whole, naming each bad field. */
export function planImport(table: Table, guide: Guide): ImportPlan {
  const columns = table.headers.map((h) => fieldOfHeader(h ?? ''));
  const seen = new Set<RosterField>();
  for (const [i, field] of columns.entries()) {
    if (!field) continue;
    if (seen.has(field)) throw new RosterFileError(`表头第 ${i + 1} 列“${table.headers[i]}”与前面的列重复（都是${FIELD_LABEL[field]}）`);
    seen.add(field);
  }
  if (!seen.has('name')) throw new RosterFileError('表头中没有学会名称列（列名可写 name 或 学会名称）');
  const contactColumns = table.headers.map((h, i) => (!columns[i] && CONTACT.test(h ?? '') ? h.trim() : undefined));
  const idColumn = table.headers.findIndex((h, i) => !columns[i] && ID_HEADER.test((h ?? '').trim()));
  const ignoredColumns = table.headers.filter((h, i) => !columns[i] && h.trim() !== '' && !contactColumns[i] && i !== idColumn);
  const rows: RosterRow[] = [];
  const rejected: RowError[] = [];
  const firstRowOf = new Map<string, number>();
  for (const { row, cells } of table.rows) {
    if (cells.every((c) => !c?.trim())) continue;
    const errors: RowError[] = [];
    const facts: Record<string, unknown> = {};
    const contact: Record<string, string> = {};
    for (const [i, header] of contactColumns.entries()) if (header && cells[i]?.trim()) contact[header] = cells[i]!.trim().slice(0, 200);
    const id = idColumn >= 0 ? cells[idColumn]?.trim() : undefined;
    let name = '';
    for (const [i, field] of columns.entries()) {
      const text = normaliseText(cells[i] ?? '');
      if (!field || !text) continue;
      if (field === 'name') {
        name = text;
        continue;
      }
      const parsed = parseCell(field, text, guide);
      if (parsed.ok) facts[field] = parsed.value;
      else errors.push({ row, field, message: `${FIELD_LABEL[field]}：${parsed.message}` });
    }
    if (UNNAMED.test(name) || id?.startsWith('chat:')) {
      // A chat in no roster society, as the export lists it: re-importing the export never makes it a society.
      rejected.push({ row, field: 'name', message: `“${name}”是未加入名单的会话，不是名单中的学会，已跳过` });
      continue;
    }
    if (!name) errors.unshift({ row, field: 'name', message: '学会名称为空' });
    else if (name.length > MAX_NAME) errors.unshift({ row, field: 'name', message: `学会名称过长（${name.length} 字，最多 ${MAX_NAME} 字）` });
    else {
      const first = firstRowOf.get(normaliseName(name));
      if (first !== undefined) errors.unshift({ row, field: 'name', message: `“${name}”与第 ${first} 行重复` });
      else firstRowOf.set(normaliseName(name), row);
    }
    if (errors.length) rejected.push(...errors);
    else rows.push({ row, name, facts: facts as Profile, contact, ...(id && { id }) });
  }
  return { rows, rejected, ignoredColumns };
}

/** Stores the good rows (or, on a dry run, only says what would change). */
export async function applyImport(store: Store, plan: ImportPlan, opts: { nowMs: number; dryRun: boolean }): Promise<ImportResult> {
  const result: ImportResult = {
    imported: 0,
    updated: 0,
    unchanged: 0,
    rejected: plan.rejected,
    ignoredColumns: plan.ignoredColumns,
    changes: [],
    dryRun: opts.dryRun,
  };
  for (const [i, r] of plan.rows.entries()) {
    // A large import yields to the event loop now and then: webhooks and /healthz go on meanwhile
    // (a store call on SQLite is synchronous; awaiting it alone lets nothing else run).
    if (i % BATCH === BATCH - 1) await new Promise((resolve) => setImmediate(resolve));
    let existing = (r.id && (await getSociety(store, r.id))) || (await findByName(store, r.name));
    if (!existing) {
      const created = opts.dryRun || (await createSocietyOnce(store, { name: r.name, facts: r.facts, nowMs: opts.nowMs, contact: r.contact }));
      if (created) {
        result.imported++;
        result.changes.push({ name: r.name, kind: 'new', fields: Object.entries(r.facts).map(([field, after]) => ({ field: field as FactField, after })) });
        continue;
      }
      // Another import created it just now: this row is an update of that one (usually no change).
      existing = await findByName(store, r.name);
      if (!existing) continue;
    }
    const contactChanged = Object.keys(r.contact).length > 0 && JSON.stringify(existing.contact ?? {}) !== JSON.stringify(r.contact);
    if (contactChanged && !opts.dryRun) await updateSociety(store, existing.id, (s) => void (s.contact = r.contact));
    const fields = (Object.entries(r.facts) as Array<[FactField, unknown]>)
      .filter(([field, value]) => JSON.stringify(existing.facts[field]) !== JSON.stringify(value))
      .map(([field, after]) => ({ field, before: existing.facts[field], after }));
    if (!fields.length) {
      result.unchanged++;
      continue;
    }
    result.updated++;
    result.changes.push({ name: existing.name, kind: 'update', fields });
    if (!opts.dryRun) {
      const updated = await updateSociety(store, existing.id, (s) => {
        for (const f of fields) {
          Object.assign(s.facts, { [f.field]: f.after });
          s.sources[f.field] = { text: ROSTER_SOURCE, at: opts.nowMs, from: 'roster' };
        }
        s.updatedAt = opts.nowMs;
      });
      if (updated?.chats.length)
        await syncRosterFacts(
          store,
          updated,
          fields.map((f) => f.field),
          opts.nowMs,
        );
    }
  }
  return result;
}
