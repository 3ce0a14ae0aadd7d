import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadState } from '../../handlers/state.js';
import type { Guide } from '../../rules/index.js';
import { recordAudit } from '../audit.js';
import { packDocx } from '../pack/pack-docx.js';
import { chatTarget, readPack, societyTarget, type PackTarget } from '../pack/pack-source.js';
import { packXlsx } from '../pack/pack-xlsx.js';
import { findByName, normaliseName } from '../roster/societies.js';
import type { Store } from '../store/store.js';
import { guideFrom, parse, parseNow, UsageError, type CliIO } from './args.js';
import { readingStore } from './store-access.js';

/**
 * `checklist --chat telegram:123|--society NAME --out FILE.docx|FILE.xlsx`: the society's printable
 * pack, the same one /export sends in chat, written to a file. Prints the path written.
 */
export async function checklistCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parse(args, { chat: { type: 'string' }, society: { type: 'string' }, out: { type: 'string' }, now: { type: 'string' } });
  if (positionals.length) throw new UsageError(`多余的参数：${positionals.join(' ')}`);
  const chat = values.chat?.trim();
  const society = values.society?.trim();
  if (chat !== undefined && society !== undefined) throw new UsageError('--chat 与 --society 只能给出一个');
  if (!chat && !society) throw new UsageError('缺少 --chat 渠道:会话ID（如 telegram:123）或 --society 学会名称');
  const chatId = chat === undefined ? undefined : chatArg(chat);
  if (!values.out) throw new UsageError('缺少 --out FILE.docx 或 --out FILE.xlsx');
  const format = /\.docx$/i.test(values.out) ? 'docx' : /\.xlsx$/i.test(values.out) ? 'xlsx' : undefined;
  if (!format) throw new UsageError(`--out "${values.out}" 须以 .docx 或 .xlsx 结尾`);
  const out = resolve(values.out);
  const nowMs = parseNow(values.now);
  const guide = guideFrom(values.guide);
  return readingStore(io, async (store) => {
    const target = chatId ? await targetOfChat(store, guide, chatId, nowMs) : await targetOfName(store, guide, society!, nowMs);
    const name = target.name ?? chatId ?? society!;
    if (!target.projects.length) throw new UsageError(`“${name}”还没有选定打算申报的项目：请先在对话中告诉机器人想报哪些项目（如“想报标准制定”），再导出`);
    const pack = await readPack(store, guide, { ...target, name }, { nowMs });
    const bytes = format === 'docx' ? await packDocx(pack) : await packXlsx(pack);
    try {
      writeFileSync(out, bytes);
    } catch (error) {
      throw new UsageError(`无法写入 ${out}：${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    }
    await recordAudit(store, { at: Date.now(), action: 'pack:export', who: `cli:${io.env.USER ?? 'staff'}`, file: out, society: name });
    const items = pack.projects.reduce((n, p) => n + p.items.length, 0);
    io.stdout(values.json ? `${JSON.stringify({ out, society: name, projects: target.projects, items })}\n` : `${out}\n`);
    return 0;
  });
}

/** `telegram:123` (as the roster lists a society's chats), or the store's own `chat:telegram:123`. */
function chatArg(value: string): string {
  const m = /^(?:chat:)?(telegram|lark|console):(\S+)$/.exec(value);
  if (!m) throw new UsageError(`--chat "${value}" 无效：须写作 渠道:会话ID，如 telegram:123 或 lark:oc_xxx`);
  return `${m[1]}:${m[2]}`;
}

async function targetOfChat(store: Store, guide: Guide, chat: string, nowMs: number): Promise<PackTarget> {
  const raw = await store.get(`chat:${chat}`);
  if (raw === undefined) throw new UsageError(`未找到会话 ${chat}：该会话没有与机器人对话过`);
  return chatTarget(store, guide, chat, loadState(raw, nowMs).state, nowMs);
}

/** A roster society by name; else the one chat that gave this name (a society not in the roster). */
async function targetOfName(store: Store, guide: Guide, name: string, nowMs: number): Promise<PackTarget> {
  const society = await findByName(store, name);
  if (society) return societyTarget(store, guide, society, nowMs);
  const wanted = normaliseName(name);
  const chats: string[] = [];
  for (const key of await store.keys('chat:')) {
    const raw = await store.get(key);
    if (raw === undefined) continue;
    const { state } = loadState(raw, nowMs);
    if (!state.staff && state.name && normaliseName(state.name) === wanted) chats.push(key.slice('chat:'.length));
  }
  if (chats.length > 1) throw new UsageError(`有 ${chats.length} 个会话自称“${name}”且不在名单中，请用 --chat 指定：${chats.join('、')}`);
  if (!chats[0]) throw new UsageError(`未找到学会“${name}”：用 roster list 查看名单中的学会名称，或用 --chat 指定会话`);
  return targetOfChat(store, guide, chats[0], nowMs);
}
