import { translator } from '../../handlers/i18n.js';
import type { FileAttachment } from '../../handlers/types.js';
import type { Pack } from './pack.js';
import { DOCX_MIME, packDocx } from './pack-docx.js';
import { packXlsx, XLSX_MIME } from './pack-xlsx.js';

/** The pack's DOCX and XLSX, named after the society, as base64 attachments a reply carries. */
export async function packFiles(pack: Pack): Promise<FileAttachment[]> {
  const t = translator(pack.lang);
  const base = fileSafe(t('pack.doc.title', { society: pack.society }));
  const [docx, xlsx] = await Promise.all([packDocx(pack), packXlsx(pack)]);
  return [
    { name: `${base}.docx`, mime: DOCX_MIME, content: docx.toString('base64'), encoding: 'base64' },
    { name: `${base}.xlsx`, mime: XLSX_MIME, content: xlsx.toString('base64'), encoding: 'base64' },
  ];
}

/** A file name from a society's name: no path separators, characters Windows refuses or invisible format characters (U+202E…), at most 60 characters. */
export function fileSafe(name: string): string {
  const clean = name
    .normalize('NFKC')
    .replace(/[\\/:*?"<>|\p{Cc}\p{Cf}]/gu, '')
    .replace(/\s+/g, ' ')
    .replace(/^[.\s]+|[.\s]+$/g, '');
  return [...clean].slice(0, 60).join('') || 'checklist';
}
