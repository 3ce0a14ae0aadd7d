// Whole process, long polling: `npm start` against the Bot API double on 127.0.0.1.
// One bot process serves most scenarios (separate chats); the restart test replaces it by a
// second one on the same DATA_DIR. The last test scans everything both wrote for the token.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalise } from '../../handlers/parse.js';
import { DONE_LABEL } from '../../src/channels/telegram-render.js';
import { MAX_TEXT_CHARS } from '../../src/chat-service.js';
import { startTelegramDouble, type TelegramDouble } from '../../doubles/telegram-api.js';
import { buttons, killAll, lastKeyboard, leaks, settle, sleep, startBot, started, TOKEN, until, type BotProcess } from '../../doubles/telegram-process.js';

const LONG = 120_000;
let tg: TelegramDouble;
let dataDir: string;
let bot: BotProcess;

const env = () => ({ TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: tg.url, DATA_DIR: dataDir });
const out = (chat: number) => tg.sentLog(chat).length;
const answers = () => tg.calls.filter((c) => c.method === 'answerCallbackQuery');
const lastBotMessage = (chat: number) => tg.botMessages(chat).at(-1);

beforeAll(async () => {
  tg = await startTelegramDouble({ token: TOKEN, maxPollSeconds: 1 });
  dataDir = mkdtempSync(join(tmpdir(), 'shenbao-tg-e2e-'));
  bot = await startBot(env());
}, 60_000);

afterAll(async () => {
  killAll();
  await tg?.close();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** Presses `data` on message `messageId` and waits for the bot's answer to settle. */
async function press(chat: number, messageId: number, data: string) {
  const before = out(chat);
  const answered = answers().length;
  tg.callback(chat, messageId, data);
  await until(() => answers().length > answered, 'the callback answer');
  await settle(tg, chat, before);
}

async function say(chat: number, text: string) {
  const before = out(chat);
  tg.userMessage(chat, text);
  await settle(tg, chat, before);
}

describe('telegram e2e: polling', () => {
  it('a full interview by buttons', { timeout: LONG }, async () => {
    const CHAT = 7101;
    const answeredBefore = answers().length;
    await say(CHAT, '/start');
    let presses = 0;
    for (let step = 0; step < 40; step++) {
      const q = lastKeyboard(tg, CHAT);
      if (!q) break;
      const kb = buttons(q);
      const multi = kb.at(-1)!.text === DONE_LABEL;
      if (multi) {
        await press(CHAT, q.message_id, kb[0]!.callback_data); // tick the first option: an edit
        expect(buttons(tg.botMessages(CHAT).find((m) => m.message_id === q.message_id)!)[0]!.text).toMatch(/^✅ /);
        presses++;
      }
      await press(CHAT, q.message_id, (multi ? kb.at(-1)! : kb[0]!).callback_data);
      presses++;
    }
    expect(presses).toBeGreaterThanOrEqual(6);
    const plain = tg.sentPlain(CHAT).join('\n');
    expect(plain).toContain('申报资格检查');
    // On today's clock the 2022 round is over: it says so, and offers no reminder it could not keep.
    expect(plain).toContain('申报已于5月17日截止');
    expect(plain).not.toContain('要不要开启截止提醒');
    expect(lastKeyboard(tg, CHAT)).toBeUndefined(); // every answered question lost its buttons
    const mine = answers().slice(answeredBefore);
    expect(mine).toHaveLength(presses);
    expect(mine.every((c) => c.ok && c.params['text'] === undefined)).toBe(true);
    expect(tg.sentLog(CHAT).some((r) => r.kind === 'edit')).toBe(true);
  });

  it('an interview by free text', { timeout: LONG }, async () => {
    const CHAT = 7102;
    await say(CHAT, '我们是省级学会，去年综合能力评价C等，评估等级4A，年检合格，想报一流学会和标准制定');
    const first = tg.sentPlain(CHAT).join('\n');
    expect(first).toContain('我理解的是');
    for (const fact of ['省级学会', 'C等', '4A', '年检合格', '一流学会建设', '标准制定']) expect(first).toContain(fact);
    // Answer whatever is still asked by typing the first option's label.
    for (let step = 0; step < 20; step++) {
      const last = lastBotMessage(CHAT)!;
      if (!last.reply_markup) break;
      await say(CHAT, buttons(last)[0]!.text.replace(/^✅ /, ''));
    }
    const plain = tg.sentPlain(CHAT).join('\n');
    expect(plain).toContain('申报资格检查');
    expect(plain).toMatch(/✅ 标准制定：可以申报|❓ 标准制定：还需确认|❌ 标准制定/);
    expect(lastBotMessage(CHAT)!.reply_markup).toBeUndefined();
  });

  it('an injected 429 is delivered once, after the wait', { timeout: LONG }, async () => {
    const CHAT = 7105;
    tg.inject('sendMessage', { status: 429, retryAfter: 1, chatId: CHAT });
    tg.userMessage(CHAT, '/help');
    await until(() => out(CHAT) === 1, 'delivery');
    const tries = tg.calls.filter((c) => c.method === 'sendMessage' && String(c.params['chat_id']) === String(CHAT));
    expect(tries.map((c) => c.status)).toEqual([429, 200]);
    expect(tries[1]!.time - tries[0]!.time).toBeGreaterThanOrEqual(950);
    await sleep(500);
    expect(tg.sent(CHAT)).toHaveLength(1);
  });

  it('hostile text is shown literally, with no parse errors', { timeout: LONG }, async () => {
    const CHAT = 7106;
    const corpus = [
      '<b>bold</b> & <i>it</i>',
      '1 < 2 && 3 > 2 &',
      '<a href="https://evil.example/?a=1&b=2">click</a>',
      '&amp; &lt; &#65; &nbsp; &bogus;',
      '*bold* _it_ __u__ ~s~ `code` ```pre``` [link](http://x) ||sp|| \\ # + - = | { } . !',
      'zero\u200bwidth\u200c\u200d\ufeff\u2060joiner\u200e\u200f',
      '</b></pre><script>alert(1)</script>',
      `${'<>&*_`[]'.repeat(625)}`, // 5,000 characters
    ];
    expect(corpus.at(-1)).toHaveLength(5000);
    for (const s of corpus) {
      await say(CHAT, `/evidence ${s}`);
      const shown = tg.sentPlain(CHAT);
      // what the conversation echoes (after its own normalising) arrives exactly; a message longer
      // than any real answer is read only in part, and the reply says so
      if (s.length > MAX_TEXT_CHARS) expect(shown.join('')).toContain(`只读了前 ${MAX_TEXT_CHARS} 个字`);
      else expect(shown.join(''), s.slice(0, 40)).toContain(normalise(s));
      for (const p of shown) expect(p.length).toBeLessThanOrEqual(4096);
      await say(CHAT, s); // the same as free text: answered, whatever it is
    }
    expect(tg.calls.filter((c) => c.status === 400)).toEqual([]);
  });

  it('1,000 fuzzed callback payloads: no crash, all refused, no effect on any chat', { timeout: LONG }, async () => {
    const A = 7107;
    const B = 7108;
    await say(A, '/start');
    await say(B, '/start');
    const qa = lastKeyboard(tg, A)!;
    const qb = lastKeyboard(tg, B)!;
    const genuine = buttons(qa).map((b) => b.callback_data);
    const chars = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.';
    let seed = 12345;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const mutate = (s: string) => {
      const i = rand(s.length);
      let c = chars[rand(chars.length)]!;
      if (c === s[i]) c = c === 'a' ? 'b' : 'a';
      return s.slice(0, i) + c + s.slice(i + 1);
    };
    const randomString = () => Array.from({ length: 1 + rand(64) }, () => String.fromCharCode(32 + rand(0x3000))).join('');
    const sentBefore = tg.sentLog().length;
    const callsBefore = tg.calls.length;
    const answeredBefore = answers().length;
    for (let i = 0; i < 1000; i++) {
      const kind = i % 4;
      if (kind === 0)
        tg.callback(B, qb.message_id, genuine[rand(genuine.length)]!); // A's real button, in chat B
      else if (kind === 1)
        tg.callback(A, qa.message_id, mutate(genuine[rand(genuine.length)]!)); // altered, in A
      else if (kind === 2) tg.callback(B, qb.message_id, mutate(genuine[rand(genuine.length)]!));
      else tg.callback(rand(2) ? A : B, rand(2) ? qa.message_id : qb.message_id, randomString().slice(0, 64) || 'x');
    }
    await until(() => answers().length >= answeredBefore + 1000, '1,000 answers', 60_000);
    await sleep(500);
    const fuzzAnswers = answers().slice(answeredBefore);
    expect(fuzzAnswers).toHaveLength(1000);
    expect(fuzzAnswers.every((c) => c.ok && c.params['text'] === '按钮已失效')).toBe(true);
    expect(new Set(fuzzAnswers.map((c) => c.params['callback_query_id'])).size).toBe(1000);
    // nothing else happened: no message, no edit, no keyboard change, anywhere
    expect(tg.sentLog().length).toBe(sentBefore);
    expect(tg.calls.slice(callsBefore).filter((c) => !['answerCallbackQuery', 'getUpdates'].includes(c.method))).toEqual([]);
    expect(bot.alive()).toBe(true);
    const health = await fetch(`http://127.0.0.1:${bot.port}/healthz`);
    expect(health.status).toBe(200);
    // and the genuine buttons still work in their own chat
    await press(A, qa.message_id, genuine.at(-1)!);
    expect(answers().at(-1)!.params['text']).toBeUndefined();
  });

  it('a restart in the middle of the interview; updates redelivered after it are dropped', { timeout: LONG }, async () => {
    const R = 7103;
    const DUP = 7104;
    await say(R, '/start');
    const q1 = lastKeyboard(tg, R)!;
    const kb1 = buttons(q1);
    await press(R, q1.message_id, kb1.at(-1)!.text === DONE_LABEL ? kb1.at(-1)!.callback_data : kb1[0]!.callback_data);
    const profile = tg.userMessage(R, '/profile');
    await until(() => tg.sentPlain(R).some((t) => t.includes('你们的档案')), 'profile');
    const pending = lastKeyboard(tg, R)!;

    const code = await bot.stop();
    expect(code).toBe(0);
    expect(bot.output()).toContain('"msg":"shutting down"');
    expect(bot.alive()).toBe(false);

    // While the bot is down: an old update comes again, and a new one three times.
    tg.pushUpdate(structuredClone(profile));
    const dup = tg.userMessage(DUP, '/help');
    tg.pushUpdate(structuredClone(dup));
    tg.pushUpdate(structuredClone(dup));

    bot = await startBot(env());
    await until(() => out(DUP) >= 1, 'the duplicated update answered');
    await sleep(1000);
    expect(tg.sent(DUP)).toHaveLength(1);
    expect(tg.sentPlain(R).filter((t) => t.includes('你们的档案'))).toHaveLength(1);
    expect(bot.output().match(/duplicate update dropped/g)).toHaveLength(3);

    // The button sent before the restart still works, and the interview goes on.
    const before = out(R);
    const kb = buttons(pending);
    await press(R, pending.message_id, (kb.at(-1)!.text === DONE_LABEL ? kb.at(-1)! : kb[0]!).callback_data);
    expect(answers().at(-1)!.params['text']).toBeUndefined();
    expect(out(R)).toBeGreaterThan(before);
    expect(tg.sentPlain(R).slice(-3).join('\n')).not.toContain('过期');
  });

  it('shuts down cleanly; over the whole run the token never reached a log and nothing failed to parse', { timeout: LONG }, async () => {
    expect(await bot.stop()).toBe(0);
    const logs = started.map((p) => p.output()).join('\n');
    expect(logs.length).toBeGreaterThan(1000);
    expect(logs).toContain('"msg":"telegram bot ready"');
    expect(leaks(logs)).toBe(0);
    // and nothing went wrong in the channel: no warning or error from it in the whole run
    expect(logs.split('\n').filter((l) => /"level":(40|50|60)/.test(l) && l.includes('"channel":"telegram"'))).toEqual([]);
    expect(tg.calls.filter((c) => /can't parse entities/.test(c.error?.description ?? ''))).toEqual([]);
    expect(tg.commands.get('default|')?.map((c) => c['command'])).toContain('calendar');
  });
});
