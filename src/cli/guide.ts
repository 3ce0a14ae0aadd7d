import { dirname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { auditGuide, diffGuides, verdictChanges, type Profile } from '../../rules/index.js';
import { eachSociety } from '../staff-service.js';
import { guideFrom, parse, UsageError, type CliIO } from './args.js';
import { MAX_INPUT_BYTES, NotAFile, readCapped, TooBig } from './read-capped.js';
import { readingStore } from './store-access.js';

const VERDICT = { eligible: '可以申报', ineligible: '不符合', unknown: '还需确认' } as const;
const GUIDE_USAGE = 'guide check FILE | guide diff OLD NEW [--json] | guide impact OLD NEW [--json]';

/** `guide check FILE`, `guide diff OLD NEW`, `guide impact OLD NEW`: staff tools for a new year's guide. */
export async function guideCommand(args: string[], io: CliIO): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parse(rest, {});
  const json = !!values.json;
  if (sub === 'check') {
    const [file, ...extra] = positionals;
    if (!file || extra.length) throw new UsageError(`用法：${GUIDE_USAGE}`);
    return check(file, json, io);
  }
  if (sub === 'diff' || sub === 'impact') {
    if (positionals.length !== 2) throw new UsageError(`用法：guide ${sub} OLD NEW [--json]`);
    const [before, after] = positionals.map((p) => guideFrom(p)) as [ReturnType<typeof guideFrom>, ReturnType<typeof guideFrom>];
    if (sub === 'diff') {
      const changes = diffGuides(before, after);
      if (json) io.stdout(`${JSON.stringify({ changes }, null, 2)}\n`);
      else if (!changes.length) io.stdout('两个指南数据文件没有差别。\n');
      else for (const c of changes) io.stdout(`［${c.kind}］${c.path}（${c.clause || '—'}）：${show(c.old)} → ${show(c.new)}\n`);
      return 0;
    }
    return readingStore(io, async (store) => {
      const societies: { society: string; profile: Profile }[] = [];
      for await (const s of eachSociety(store, Date.now())) societies.push({ society: `${s.channel}:${s.chatId}`, profile: s.state.profile });
      const changes = verdictChanges(before, after, societies);
      if (json) io.stdout(`${JSON.stringify(changes, null, 2)}\n`);
      else if (!changes.length) io.stdout(`新指南不改变任何学会的判定（共 ${societies.length} 个学会）。\n`);
      else {
        for (const c of changes) io.stdout(`${c.society}  ${after.projectName(c.project)}：${VERDICT[c.old]} → ${VERDICT[c.new]}。${c.why}\n`);
        io.stdout(`共 ${new Set(changes.map((c) => c.society)).size} 个学会的判定有变化（共 ${societies.length} 个学会）。\n`);
      }
      return 0;
    });
  }
  throw new UsageError(`未知的 guide 子命令 "${sub ?? ''}"。用法：${GUIDE_USAGE}`);
}

function check(file: string, json: boolean, io: CliIO): number {
  let dataText: string;
  try {
    dataText = readCapped(file);
  } catch (error) {
    if (error instanceof TooBig) throw new UsageError(`指南数据文件 ${file} 过大（超过 ${MAX_INPUT_BYTES / 1024 / 1024} MB）`);
    if (error instanceof NotAFile) throw new UsageError(`指南数据文件 ${file}：${error.message}`);
    throw new UsageError(`无法读取指南数据文件 ${file}：${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const problems = auditGuide(dataText, guideTextBeside(file, dataText));
  if (json) io.stdout(`${JSON.stringify({ file, ok: problems.length === 0, problems }, null, 2)}\n`);
  if (problems.length) {
    for (const p of problems) io.stderr(`${file}: ${p.path}: ${p.message}\n`);
    return 2;
  }
  if (!json) io.stdout(`${file}：检查通过（结构、引文、要求文字、引用均无问题）。\n`);
  return 0;
}

/** The guide's full text named by `textFile`, beside the data file; undefined when it cannot be read. */
function guideTextBeside(file: string, dataText: string): string | undefined {
  let textFile: unknown;
  try {
    textFile = (parseYaml(dataText.replace(/^\uFEFF/, '')) as { textFile?: unknown } | null)?.textFile;
  } catch {
    return undefined;
  }
  if (typeof textFile !== 'string') return undefined;
  try {
    return readCapped(resolve(dirname(file), textFile));
  } catch {
    return undefined;
  }
}

function show(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}
