/**
 * The console channel. Whole-process: a scripted chat is piped into `npm start` (no tokens, so
 * the console runs on SQLite in a temp DATA_DIR) and the replies are read back; EOF exits 0 with
 * everything saved, so a second run sees the profile. In-process: numbering, and Ctrl-C.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { Conversation } from '../../handlers/conversation.js';
import type { Question } from '../../handlers/types.js';
import { choiceFromLine, formatReply, isNumericQuestion, runConsole } from '../../src/channels/console.js';
import { ChatService } from '../../src/chat-service.js';
import { loadGuideFile } from '../../src/guide-file.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'shenbao-console-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The environment of a terminal with no channel configured. */
function consoleEnv(dataDir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'silent', NO_COLOR: '1', FORCE_COLOR: '0' };
  for (const name of Object.keys(env)) if (/^(TELEGRAM_|LARK_)/.test(name)) delete env[name];
  return env;
}

/** `npm start` with `script` piped to stdin; stdin ends after the script (EOF). */
function npmStart(dataDir: string, script: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(NPM, ['start', '-s'], { cwd: REPO, env: consoleEnv(dataDir), stdio: ['pipe', 'pipe', 'pipe'], timeout: 90_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    child.stdin.end(script.map((l) => `${l}\n`).join(''));
  });
}

// A .env with tokens in the checkout would start a real channel instead of the console.
const dotenv = join(REPO, '.env');
const hasChannelInDotenv = existsSync(dotenv) && /^\s*(TELEGRAM_BOT_TOKEN|LARK_APP_ID)\s*=\s*\S/m.test(readFileSync(dotenv, 'utf8'));

describe.skipIf(hasChannelInDotenv)('npm start with no channel configured: the console chat', () => {
  const dataDir = tempDir();
  let first: Run;
  let second: Run;

  it('runs a scripted interview: numbers and text both answer the numbered choices', async () => {
    first = await npmStart(dataDir, [
      '1 3', // categories by numbers: 学会建设 + 服务平台建设
      '1 2', // 学会建设: 一流学会建设 + 一流学术学会
      '标准制定', // 服务平台建设, by text
      '9', // no such option
      '1', // 省级学会, by number
      '是', // 年检, by text
      '没有（诚信记录良好）', // integrity, by the button's text
      'B等', // grade, by text
      '4', // 评估等级: a number is the level here, not the 4th option (2A)
      '纸质材料寄到哪里', // a question in the middle
      '/calendar',
    ]);
    expect(first.stderr).not.toMatch(/Error|错误|at .*\.ts:\d+/);
    expect(first.code).toBe(0);
    const out = first.stdout;
    expect(out).toContain('申报助手 · 本地对话');
    expect(out).toContain('今年打算申报哪些类别的项目');
    expect(out).toMatch(/ {2}1\. 学会建设\n {2}2\. 学术建设\n {2}3\. 服务平台建设/);
    expect(out).toContain('“学会建设”类里');
    expect(out).toContain('“服务平台建设”类里');
    expect(out).toContain('打算申报：一流学会建设、一流平台学会建设 · 一流学术学会、标准制定');
    expect(out).toContain('编号无效，请输入 1–3 之间的编号');
    expect(out).toContain('记下了：单位类型（省级学会／省科协直属事业单位） — 省级学会');
    expect(out).toContain('记下了：上一年度省民政厅年检是否合格 — 年检合格');
    expect(out).toContain('诚信记录良好');
    expect(out).toContain('记下了：上一年度（2021年）学会综合能力评价等级 — B等');
    expect(out).toContain('［5A］ ［4A］');
    expect(out).toContain('记下了：社会组织评估等级 — 4A级');
    expect(out).toContain('✅ 一流学会建设：可以申报');
    expect(out).toContain('南京市建邺区梦都大街50号');
    // Run on today's clock, every 2022 deadline has passed: no reminder is offered that could not be kept.
    expect(out).not.toContain('要不要开启截止提醒');
    // the calendar is written next to the data
    const ics = join(dataDir, 'exports', 'shenbao-deadlines.ics');
    expect(out).toContain(`📎 已保存：${ics}`);
    const calendar = readFileSync(ics, 'utf8');
    expect(calendar).toContain('BEGIN:VCALENDAR');
    expect(calendar).toContain('电子版申报书提交截止（系统关闭）');
    expect(calendar).toContain('完成标准制定并发布');
  });

  it('EOF exits 0 with everything saved: a second run sees the profile', async () => {
    second = await npmStart(dataDir, ['/profile']);
    expect(second.code).toBe(0);
    const out = second.stdout;
    expect(out).toContain('单位类型（省级学会／省科协直属事业单位）：省级学会');
    expect(out).toContain('上一年度（2021年）学会综合能力评价等级：B等');
    expect(out).toContain('社会组织评估等级：4A级');
    expect(out).toContain('年检合格');
    expect(out).toContain('打算申报：一流学会建设、一流平台学会建设 · 一流学术学会、标准制定');
    expect(out).toContain('截止提醒：未设置');
    // it greets a returning society without starting over
    expect(out).not.toContain('你好！我是申报助手');
  });

  it('a fresh DATA_DIR with nothing piped in (headless, issue 23) exits 2 at once naming the channel settings', async () => {
    const dir = tempDir();
    const run = await npmStart(dir, []);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain('TELEGRAM_BOT_TOKEN');
    expect(existsSync(join(dir, 'shenbao.sqlite'))).toBe(false);
  });

  it('a bad configuration value stops the start with a clear message naming the variable', async () => {
    const run = await new Promise<Run>((resolve, reject) => {
      const child = spawn(NPM, ['start', '-s'], { cwd: REPO, env: { ...consoleEnv(tempDir()), LOG_LEVEL: 'loud' }, stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
      child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
      child.on('error', reject);
      child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
      child.stdin.end('');
    });
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain('LOG_LEVEL');
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});

// ── in-process ─────────────────────────────────────────────────────────────

const q = (mode: 'single' | 'multi', labels: string[], values = labels): Question => ({
  id: 'q#1',
  mode,
  options: labels.map((label, i) => ({ label, value: values[i]! })),
  selected: [],
});

describe('numbered choices', () => {
  const single = q('single', ['省级学会', '省科协直属事业单位', '其他单位'], ['society', 'affiliated_institution', 'other']);
  const multi = q('multi', ['学会建设', '学术建设', '服务平台建设'], ['society_building', 'academic', 'service_platform']);
  const level = q('single', ['5A', '4A', '3A', '2A', '1A', '未评估'], ['5', '4', '3', '2', '1', '0']);

  it('a number picks the option; several numbers pick several of a multiple choice; 0 submits', () => {
    expect(choiceFromLine('2', single)).toEqual({ question: 'q#1', values: ['affiliated_institution'], action: 'pick' });
    expect(choiceFromLine('1 3', multi)).toEqual({ question: 'q#1', values: ['society_building', 'service_platform'], action: 'pick' });
    expect(choiceFromLine('1，2', multi)).toEqual({ question: 'q#1', values: ['society_building', 'academic'], action: 'pick' });
    expect(choiceFromLine('0', multi)).toEqual({ question: 'q#1', values: [], action: 'done' });
  });

  it('a number out of range, or several for a single choice, is refused', () => {
    expect(choiceFromLine('4', single)).toBe('invalid');
    expect(choiceFromLine('0', single)).toBe('invalid');
    expect(choiceFromLine('1 2', single)).toBe('invalid');
  });

  it('the exact text of a single choice is a tap; other text goes to the chat', () => {
    expect(choiceFromLine('省级学会', single)).toEqual({ question: 'q#1', values: ['society'], action: 'pick' });
    expect(choiceFromLine('我们是省级学会', single)).toBeUndefined();
    expect(choiceFromLine('学会建设', multi)).toBeUndefined();
    expect(choiceFromLine('2', undefined)).toBeUndefined();
  });

  it('options that are numbers themselves take a typed number as the answer, and are shown without numbering', () => {
    expect(isNumericQuestion(level)).toBe(true);
    expect(choiceFromLine('4', level)).toBeUndefined(); // "4" = 4A, typed on to the chat
    expect(choiceFromLine('4A', level)).toEqual({ question: 'q#1', values: ['4'], action: 'pick' });
    const shown = formatReply({ text: '学会的社会组织评估等级是几A？', question: level });
    expect(shown).toContain('［5A］ ［4A］ ［3A］ ［2A］ ［1A］ ［未评估］');
    expect(shown).not.toMatch(/ {2}\d\. /);
  });

  it('formats numbered options with the ticks of a multiple choice', () => {
    const shown = formatReply({ text: '选哪些？', question: { ...multi, selected: ['academic'] } });
    expect(shown).toContain('  1. 学会建设');
    expect(shown).toContain('  2. ☑ 学术建设');
    expect(shown).toContain('输入 0 表示选好了');
  });
});

describe('runConsole in-process', () => {
  async function start() {
    const dataDir = tempDir();
    const store = await openSqliteStore(dataDir);
    const service = new ChatService(store, new Conversation(loadGuideFile()), {
      clock: () => Date.parse('2022-05-10T10:00:00+08:00'),
      logger: pino({ level: 'silent' }),
    });
    const input = new PassThrough();
    const output = new PassThrough();
    let out = '';
    output.setEncoding('utf8').on('data', (s: string) => (out += s));
    const done = runConsole(service, { input, output, dataDir, greet: true });
    return { input, done, service, store, dataDir, text: () => out };
  }

  it('Ctrl-C (stdin destroyed) ends the chat after every line typed so far is handled and saved', async () => {
    const c = await start();
    c.input.write('我们是省级学会，B等，4A\n');
    c.input.write('年检合格\n');
    c.input.destroy(); // what main.ts does on SIGINT
    await expect(c.done).resolves.toBeUndefined();
    expect(c.text()).toContain('我理解的是');
    expect(c.text()).toContain('年检合格');
    const state = await c.service.getState('console', 'local');
    expect(state.profile).toMatchObject({ orgType: 'society', evaluationGrade: 'B', assessmentLevel: 4, annualInspectionPassed: true });
    await c.store.close();
  });

  it('EOF ends the chat too, and blank lines are ignored', async () => {
    const c = await start();
    c.input.end('\n\n/help\n');
    await c.done;
    expect(c.text()).toContain('我是申报助手，帮省级学会看懂');
    await c.store.close();
  });

  it('a file reply is saved under DATA_DIR/exports', async () => {
    const c = await start();
    c.input.end('/calendar\n');
    await c.done;
    const path = join(c.dataDir, 'exports', 'shenbao-deadlines.ics');
    expect(c.text()).toContain(`📎 已保存：${path}`);
    expect(readFileSync(path, 'utf8')).toContain('BEGIN:VCALENDAR');
    await c.store.close();
  });
});
