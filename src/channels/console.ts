import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Question, Reply } from '../../handlers/types.js';
import { fileBytes } from './file-bytes.js';
import type { ChatService } from '../chat-service.js';

const CHAT_ID = 'local';

/**
 * Options whose values are themselves numbers (评估等级 5A…1A, 医学专家 0…10人): a typed number is
 * the answer ("4" = 4A, "6" = 6 experts), never an option's position, so they are not numbered.
 */
export function isNumericQuestion(question: Question): boolean {
  return question.options.length > 0 && question.options.every((o) => /^\d+$/.test(o.value));
}

/** "撤销 3", "取消 1 3", "undo 3", "3 未完成": the reverse of numbered options that have one (a checklist tick). */
const UNDO_LINE = /^(?:撤销|取消|撤回|undo)\s*(\d+(?:[\s,，、]+\d+)*)$|^(\d+(?:[\s,，、]+\d+)*)\s*(?:未完成|没完成|还没好|改回待办)$/i;

/**
 * Numbered choices: "2" or "1 3" (several for a multiple choice); 0 submits a multiple choice as it
 * stands. The exact label of a single choice works as a tap too; "撤销 3" presses option 3's undo (when
 * options have one, so a typed number repeated never reverses itself); any other text goes to the chat.
 */
export function choiceFromLine(line: string, question: Question | undefined) {
  if (!question) return undefined;
  if (question.mode === 'single') {
    const byLabel = question.options.find((o) => o.label === line.trim());
    if (byLabel) return { question: question.id, values: [byLabel.value], action: 'pick' as const };
  }
  const undo = UNDO_LINE.exec(line.trim());
  if (undo && question.options.some((o) => o.undo !== undefined)) {
    const numbers = (undo[1] ?? undo[2]!).split(/[\s,，、]+/).map(Number);
    const values = numbers.map((n) => question.options[n - 1]?.undo);
    if (values.some((v) => v === undefined)) return 'invalid' as const;
    return { question: question.id, values: values as string[], action: 'pick' as const };
  }
  if (!/^\d+([\s,，、]+\d+)*$/.test(line) || isNumericQuestion(question)) return undefined;
  const numbers = line.split(/[\s,，、]+/).map(Number);
  if (question.mode === 'multi' && numbers.length === 1 && numbers[0] === 0) {
    return { question: question.id, values: [], action: 'done' as const };
  }
  const values = numbers.map((n) => question.options[n - 1]?.value);
  if (values.some((v) => v === undefined)) return 'invalid' as const;
  if (question.mode === 'single' && values.length !== 1) return 'invalid' as const;
  return { question: question.id, values: values as string[], action: 'pick' as const };
}

export function formatReply(reply: Reply): string {
  const lines = [reply.text];
  const q = reply.question;
  if (q && isNumericQuestion(q)) {
    const example = (q.options[1] ?? q.options[0])!.label;
    lines.push(`  ${q.options.map((o) => `［${o.label}］`).join(' ')}`, `  （直接输入，例如“${example}”）`);
  } else if (q) {
    q.options.forEach((o, i) => lines.push(`  ${i + 1}. ${q.selected.includes(o.value) ? '☑ ' : ''}${o.label}`));
    lines.push(q.mode === 'multi' ? '  （输入编号，多个用空格分隔；输入 0 表示选好了／都不选；也可以直接打字）' : '  （输入编号，或直接打字）');
  }
  return lines.join('\n');
}

/**
 * The terminal chat: reads stdin line by line (a piped script works too), prints replies,
 * and resolves on EOF or Ctrl-C once every line has been handled and saved.
 */
export function runConsole(
  service: ChatService,
  opts: { input: NodeJS.ReadableStream; output: NodeJS.WritableStream; dataDir: string; greet: boolean; title?: string },
): Promise<void> {
  const rl = createInterface({ input: opts.input, terminal: false });
  const write = (text: string) => opts.output.write(`${text}\n`);
  let lastQuestion: Question | undefined;
  let chain: Promise<unknown> = Promise.resolve();

  const show = (replies: Reply[]) => {
    for (const reply of replies) {
      // A file sent on its own (the pack's second file, the .ics beside it) has no text of its own.
      if (reply.text || reply.question || !reply.file) write(`\n${formatReply(reply)}`);
      if (reply.question) lastQuestion = reply.question;
      if (reply.file) {
        const dir = join(opts.dataDir, 'exports');
        mkdirSync(dir, { recursive: true });
        const path = join(dir, reply.file.name);
        writeFileSync(path, fileBytes(reply.file));
        write(`📎 已保存：${path}`);
      }
    }
  };

  const send = async (text: string) => {
    const choice = choiceFromLine(text, lastQuestion);
    if (choice === 'invalid') {
      write(`\n编号无效，请输入 1–${lastQuestion?.options.length ?? 1} 之间的编号，或直接打字回答。`);
      return;
    }
    const replies = await service.handle({ channel: 'console', chatId: CHAT_ID, userId: CHAT_ID, ...(choice ? { choice } : { text }) });
    show(replies);
  };

  if (opts.greet) {
    write(`申报助手 · 本地对话${opts.title ? ` · ${opts.title}` : ''}（输入 /help 查看帮助，Ctrl-D 或 Ctrl-C 退出）`);
    chain = chain.then(() => send('/start'));
  }
  rl.on('line', (line) => {
    const text = line.trim();
    if (!text) return;
    chain = chain.then(() => send(text)).catch((error: unknown) => write(`出错了：${(error as Error).message}`));
  });
  // Ctrl-C destroys stdin, which readline does not treat as the end of input: close it ourselves,
  // or the process is left waiting on a promise nothing will settle (exit code 13).
  const end = () => rl.close();
  opts.input.once('close', end);
  opts.input.once('error', end);
  return new Promise((resolve) => {
    rl.once('close', () => {
      opts.input.off('close', end);
      opts.input.off('error', end);
      void chain.catch(() => undefined).then(() => resolve());
    });
  });
}
