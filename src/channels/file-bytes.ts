import type { FileAttachment } from '../../handlers/types.js';

/** A reply's file as bytes: base64 for binary files (DOCX, XLSX), UTF-8 text otherwise (.ics). */
export function fileBytes(file: FileAttachment): Buffer {
  return Buffer.from(file.content, file.encoding === 'base64' ? 'base64' : 'utf8');
}
