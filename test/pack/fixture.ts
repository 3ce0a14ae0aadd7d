/** A roster society with two chats that plan different projects, and a checklist with one item done and one not applicable. */
import JSZip from 'jszip';
import { checklistItems } from '../../handlers/checklist.js';
import { newState } from '../../handlers/state.js';
import type { ProjectId } from '../../rules/index.js';
import { setChecklistItem } from '../../src/checklist-store.js';
import { loadGuideFile } from '../../src/guide-file.js';
import { createSociety, getSociety, linkChat, type Society } from '../../src/roster/societies.js';
import type { Store } from '../../src/store/store.js';

export const guide = loadGuideFile();
/** A week before the online system closes (2022-05-17 17:00). */
export const NOW = Date.parse('2022-05-10T09:00:00+08:00');
export const SOCIETY = '江苏省营养学会';
export const TG_CHAT = 'telegram:101';
export const LARK_CHAT = 'lark:oc_pack';
const at = Date.parse('2022-05-08T14:30:00+08:00');

export const standard = checklistItems(guide, 'standard');
export const exchange = checklistItems(guide, 'brand_exchange');
/** Ticked from the Telegram chat. */
export const DONE = standard.find((i) => i.phase === 'application' && i.clause !== '五（一）') ?? standard[0]!;
/** Set not applicable by staff. */
export const NA = exchange.find((i) => i.phase === 'closing')!;

export async function chatState(store: Store, chat: string, intended: ProjectId[], societyId?: string) {
  const state = newState(NOW);
  state.profile.intended = intended;
  if (societyId) state.societyId = societyId;
  await store.set(`chat:${chat}`, state);
}

export async function seedSociety(store: Store): Promise<Society> {
  const society = await createSociety(store, { name: SOCIETY, facts: {}, nowMs: NOW });
  await linkChat(store, society.id, TG_CHAT, NOW);
  await linkChat(store, society.id, LARK_CHAT, NOW);
  await chatState(store, TG_CHAT, ['standard'], society.id);
  await chatState(store, LARK_CHAT, ['brand_exchange'], society.id);
  await setChecklistItem(store, { society: society.id, project: 'standard', item: DONE.id, state: 'done', by: 'telegram:7', at });
  await setChecklistItem(store, { society: society.id, project: 'brand_exchange', item: NA.id, state: 'na', by: 'staff:李四', at });
  return (await getSociety(store, society.id))!;
}

/** `word/document.xml` of a DOCX: every paragraph's text, and every table row as its cells' texts. */
export async function readDocx(bytes: Buffer | Uint8Array): Promise<{ xml: string; paragraphs: string[]; rows: string[][] }> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file('word/document.xml')!.async('string');
  const text = (fragment: string) =>
    [...fragment.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]!.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>')).join('');
  const paragraphs = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => text(m[0]));
  const rows = [...xml.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((row) =>
    [...row[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((cell) => [...cell[0].matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) => text(p[0])).join('\n')),
  );
  return { xml, paragraphs, rows };
}
