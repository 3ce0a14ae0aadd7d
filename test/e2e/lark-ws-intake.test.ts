// The default Lark mode (the long connection, LARK_MODE unset) as a whole process, with the real
// SDK inside the bot, against the long-connection double: questions, self-descriptions, card
// buttons, fragmented events, redelivery, a dropped connection, and kill -9 mid-burst with the
// double redelivering what was never acknowledged. The SDK acknowledges when the handler
// resolves; the handler resolves only once the event is stored, so nothing acknowledged is lost.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLarkDouble, type LarkDouble } from '../../doubles/lark-api.js';
import { cardActionEvent, messageEvent } from '../../doubles/lark-events.js';
import { startLarkWsDouble, type LarkWsDouble } from '../../doubles/lark-ws.js';
import { buttonsOf, isQuestionCard } from '../channels/lark-harness.js';
import { FACT_TEXT, kill9, quiet, report, sleep, storedGrades, until } from './fault-helpers.js';
import { freePort, removeTempDirs, spawnBot, tempDir, type BotProcess } from './lark-process.js';

const LONG = 180_000;
const APP_ID = `cli_${randomBytes(8).toString('hex')}`;
const APP_SECRET = `ws-secret-${randomBytes(12).toString('hex')}`;
const DATA_DIR = tempDir('shenbao-ws-intake-');
let lk: LarkDouble;
let ws: LarkWsDouble;
let bot: BotProcess;
let port: number;
let n = 0;

const env = () => ({ LARK_APP_ID: APP_ID, LARK_APP_SECRET: APP_SECRET, LARK_DOMAIN: ws.url, DATA_DIR, PORT: String(port), LOG_LEVEL: 'info' });
const text = (chatId: string, body: string, eventId = `ws-ev-${++n}`) => {
  const ev = messageEvent({ eventId, chatId, chatType: 'p2p', openId: `ou_${chatId}`, text: body, token: 'unused-in-ws-mode' });
  lk.noteInbound(ev);
  return ev as { header: { event_id: string } } & Record<string, unknown>;
};
const texts = (chatId: string) =>
  lk
    .messages(chatId)
    .map((m) => JSON.stringify(m.content))
    .join('\n');

beforeAll(async () => {
  lk = await startLarkDouble({ appId: APP_ID, appSecret: APP_SECRET });
  ws = await startLarkWsDouble(lk.url);
  port = await freePort();
  bot = await spawnBot(env());
  await ws.waitForConnection();
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await ws?.close();
  await lk?.close();
  removeTempDirs();
});

describe('lark long connection, whole process', () => {
  it('a question is answered and acknowledged; a redelivered event is answered once', { timeout: LONG }, async () => {
    const ev = text('oc_ws_q', '标准制定什么时候截止');
    const ack = await ws.push(ev);
    expect(ack.code).toBe(200);
    await until(() => lk.messages('oc_ws_q').length > 0, 'the answer');
    await quiet(() => lk.messages('oc_ws_q').length, 500);
    const count = lk.messages('oc_ws_q').length;
    expect(texts('oc_ws_q')).toContain('截止');
    expect((await ws.push(structuredClone(ev))).code).toBe(200);
    await sleep(800);
    expect(lk.messages('oc_ws_q')).toHaveLength(count);
  });

  it('a self-description is understood; a fragmented event (sum 3) is put together', { timeout: LONG }, async () => {
    const ack = await ws.push(text('oc_ws_self', FACT_TEXT), { fragments: 3, gapMs: 30 });
    expect(ack.code).toBe(200);
    await until(() => /B等/.test(texts('oc_ws_self')), 'the facts read back');
  });

  it('/calendar: the .ics file is uploaded and sent', { timeout: LONG }, async () => {
    expect((await ws.push(text('oc_ws_cal', '/calendar'))).code).toBe(200);
    await until(() => lk.messages('oc_ws_cal').some((m) => m.msgType === 'file'), 'the file message');
    const file = lk.messages('oc_ws_cal').find((m) => m.msgType === 'file')!;
    const upload = lk.uploads.find((u) => u.fileKey === file.content.file_key)!;
    expect(upload).toMatchObject({ fileName: 'shenbao-deadlines.ics' });
    expect(upload.text).toContain('BEGIN:VCALENDAR');
  });

  it('a card button press: toast in the acknowledgement, the interview goes on', { timeout: LONG }, async () => {
    await ws.push(text('oc_ws_card', '/start'));
    await until(() => lk.messages('oc_ws_card').some(isQuestionCard), 'a question card');
    const card = lk.messages('oc_ws_card').filter(isQuestionCard).at(-1)!;
    const buttons = buttonsOf(card.content);
    // A multiple choice: submit it (a toggle answers with an empty body, no toast).
    const button = buttons.find((b) => /选好了/.test(b.text.content)) ?? buttons[0]!;
    const before = lk.messages('oc_ws_card').length;
    const ack = await ws.push(
      cardActionEvent({
        eventId: `ws-card-${++n}`,
        openId: 'ou_oc_ws_card',
        chatId: 'oc_ws_card',
        messageId: card.messageId,
        value: button.value,
        token: 'x',
      }) as never,
    );
    expect(ack.code).toBe(200);
    expect(ack.data).toMatchObject({ toast: { type: 'success' } });
    await until(
      () => lk.messages('oc_ws_card').length > before || lk.calls.some((c) => c.method === 'PATCH' && c.path.endsWith(card.messageId)),
      'the next step',
    );
  });

  it('the double drops the connection: /healthz reports it, it reconnects, and events sent meanwhile are redelivered and answered', {
    timeout: LONG,
  }, async () => {
    const connectionsBefore = ws.connections;
    ws.drop();
    const chats = Array.from({ length: 5 }, (_, i) => `oc_ws_drop_${i}`);
    for (const chat of chats) ws.send(text(chat, '/help')); // into the void: never acknowledged
    await until(() => ws.connections > connectionsBefore && ws.connected(), 'the reconnect', 60_000);
    await until(async () => bot.healthy(), '/healthz ok again', 30_000);
    ws.redeliver();
    await until(() => chats.every((c) => lk.messages(c).length > 0), 'every event answered', 30_000);
    expect(ws.unacknowledged()).toEqual([]);
    expect(bot.output()).toMatch(/飞书长连接已恢复|lark long connection re-established/);
  });

  it('kill -9 mid-burst: the double redelivers what was not acknowledged, and no fact is lost', { timeout: LONG }, async () => {
    const chats = Array.from({ length: 20 }, (_, i) => `oc_ws_burst_${i}`);
    const acksBefore = ws.acks.length;
    for (const chat of chats) ws.send(text(chat, FACT_TEXT, `ws-burst-${chat}`));
    await until(() => ws.acks.length - acksBefore >= 3, 'the first acknowledgements');
    kill9(bot.child.pid!);
    await until(() => !bot.alive(), 'the kill');
    const ackedAtKill = ws.acks.length - acksBefore;
    bot = await spawnBot(env());
    await ws.waitForConnection();
    ws.redeliver();
    await until(() => chats.every((c) => lk.messages(c).length > 0), 'every chat answered', 90_000);
    await quiet(() => lk.messages().length);
    await bot.stop();
    const grades = storedGrades(DATA_DIR, 'lark');
    const lost = chats.filter((c) => grades.get(c) !== 'B').length;
    report('lark long connection: facts lost after kill -9 (20 chats)', { lost, acknowledgedBeforeKill: ackedAtKill });
    expect(lost).toBe(0);
    bot = await spawnBot(env()); // for afterAll's stop
  });
});
