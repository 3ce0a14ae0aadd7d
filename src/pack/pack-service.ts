import type { PackPort } from '../../handlers/types.js';
import type { Guide } from '../../rules/index.js';
import { chatKey } from '../chat-language.js';
import type { Store } from '../store/store.js';
import { chatTarget, readPack } from './pack-source.js';

/**
 * Largest file sent in chat. A reply's files are kept, base64, in the intake's stored plan until
 * sent, so they must stay small; a pack of all 20 projects is about 20 KB (DOCX) and 10 KB (XLSX).
 */
export const MAX_CHAT_FILE_BYTES = 2 * 1024 * 1024;

/** The /export port: the chat's society's pack from the store. */
export class PackService implements PackPort {
  constructor(
    private readonly store: Store,
    private readonly guide: Guide,
    private readonly maxFileBytes = MAX_CHAT_FILE_BYTES,
  ) {}

  async build(req: Parameters<PackPort['build']>[0]): ReturnType<PackPort['build']> {
    const chat = chatKey(req.msg.channel, req.msg.chatId).slice('chat:'.length);
    const target = await chatTarget(this.store, this.guide, chat, req.state, req.nowMs);
    if (!target.projects.length) return { kind: 'none' };
    const pack = await readPack(this.store, this.guide, target, { nowMs: req.nowMs, lang: req.lang });
    // The document libraries are loaded on the first export, not at the bot's start.
    const { packFiles } = await import('./pack-files.js');
    const files = await packFiles(pack);
    // base64 is 4/3 of the bytes.
    if (files.some((f) => (f.content.length * 3) / 4 > this.maxFileBytes)) return { kind: 'tooLarge' };
    return { kind: 'files', society: pack.society, projects: target.projects, files };
  }
}
