import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.js';
import { SendLimiter } from '../../src/delivery/limiter.js';
import { LarkApi, LarkApiError } from '../../src/channels/lark-sender.js';
import { startLarkDouble, type LarkDouble } from '../../doubles/lark-api.js';

const SECRET = 'sender-test-app-secret-xyz';
let lk: LarkDouble;
let n = 0;
const logs: string[] = [];
const logger = createLogger({ level: 'debug', secrets: [SECRET] }, { write: (s: string) => void logs.push(s) });

function api(double: LarkDouble, extra: Partial<ConstructorParameters<typeof LarkApi>[0]> = {}) {
  return new LarkApi({ appId: `cli_sender_${++n}`, appSecret: SECRET, domain: double.url, logger, backoffBaseMs: 20, maxBackoffMs: 100, ...extra });
}

beforeEach(async () => {
  lk = await startLarkDouble();
});
afterEach(async () => {
  await lk.close();
});

describe('LarkApi against the double', () => {
  it('sends with a uuid; the same uuid twice shows once', async () => {
    const a = api(lk);
    const first = await a.sendMessage('oc_1', 'text', { text: 'hi' }, 'uuid-one');
    const again = await a.sendMessage('oc_1', 'text', { text: 'hi' }, 'uuid-one');
    expect(again.message_id).toBe(first.message_id);
    expect(lk.messages('oc_1')).toHaveLength(1);
    expect(lk.calls.filter((c) => c.path.endsWith('/tenant_access_token/internal'))).toHaveLength(1);
  });

  it('retries 5xx with backoff and lands once', async () => {
    const a = api(lk);
    lk.inject('/im/v1/messages', { status: 500 }, 2);
    lk.inject('/im/v1/messages', { status: 503 }, 1);
    await a.sendMessage('oc_1', 'text', { text: 'after errors' }, 'uuid-5xx');
    expect(lk.messages('oc_1').map((m) => m.content.text)).toEqual(['after errors']);
    expect(lk.calls.filter((c) => c.injected)).toHaveLength(3);
  });

  it('gives up after a bounded number of 5xx', async () => {
    const a = api(lk, { maxAttempts: 3 });
    lk.inject('/im/v1/messages', { status: 500 }, 10);
    await expect(a.sendMessage('oc_1', 'text', { text: 'x' }, 'u')).rejects.toBeInstanceOf(LarkApiError);
    expect(lk.calls.filter((c) => c.injected)).toHaveLength(3);
  });

  it('waits out a 429 as x-ogw-ratelimit-reset says, then sends', async () => {
    const a = api(lk);
    lk.inject('/im/v1/messages', { status: 429, resetSeconds: 1 });
    const t0 = Date.now();
    await a.sendMessage('oc_1', 'text', { text: 'late' }, 'uuid-429');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1_000);
    expect(lk.messages('oc_1')).toHaveLength(1);
    // a 429 in a 200-less body code is honoured the same way
    lk.inject('/im/v1/messages', { status: 400, code: 99991400, resetSeconds: 1 });
    await a.sendMessage('oc_1', 'text', { text: 'late 2' }, 'uuid-429b');
    expect(lk.messages('oc_1')).toHaveLength(2);
  });

  it('keeps a burst within 5/s per chat: the double never has to say 429', async () => {
    const a = api(lk);
    const t0 = Date.now();
    await Promise.all(Array.from({ length: 12 }, (_, i) => a.sendMessage('oc_burst', 'text', { text: `m${i}` }, `burst-${i}`)));
    expect(lk.messages('oc_burst')).toHaveLength(12);
    expect(lk.calls.filter((c) => c.rateLimited)).toHaveLength(0);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(2_000);
    // other chats are not slowed by it
    const t1 = Date.now();
    await a.sendMessage('oc_quiet', 'text', { text: 'quick' }, 'quiet');
    expect(Date.now() - t1).toBeLessThan(500);
  });

  it('fetches a new tenant token when the old one is refused', async () => {
    const a = api(lk);
    await a.sendMessage('oc_1', 'text', { text: 'a' }, 'tok-1');
    lk.expireTokens();
    await a.sendMessage('oc_1', 'text', { text: 'b' }, 'tok-2');
    expect(lk.messages('oc_1')).toHaveLength(2);
    expect(lk.calls.filter((c) => c.path.endsWith('/tenant_access_token/internal'))).toHaveLength(2);
  });

  it('uploads a file and patches a card', async () => {
    const a = api(lk);
    const key = await a.uploadFile('日历.ics', 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n', 'text/calendar');
    expect(lk.uploads[0]).toMatchObject({ fileKey: key, fileName: '日历.ics', fileType: 'stream' });
    await a.sendMessage('oc_1', 'file', { file_key: key }, 'file-1');
    const card = { config: { wide_screen_mode: true, update_multi: true }, elements: [] };
    const sent = await a.sendMessage('oc_1', 'interactive', card, 'card-1');
    await a.patchCard(sent.message_id, { ...card, elements: [{ tag: 'hr' }] }, 'oc_1');
    expect(lk.message(sent.message_id)?.versions).toHaveLength(2);
  });

  it('a permanent error is thrown at once with its code, and secrets never reach the log', async () => {
    const a = api(lk);
    lk.inject('/im/v1/messages', { status: 400, code: 230002, msg: 'Bot is not in the chat' });
    await expect(a.sendMessage('oc_1', 'text', { text: 'x' }, 'perm')).rejects.toMatchObject({ code: 230002 });
    expect(lk.calls.filter((c) => c.injected)).toHaveLength(1);
    const tokens = lk.calls
      .filter((c) => c.path.endsWith('/tenant_access_token/internal'))
      .map((c) => (c.response as { tenant_access_token: string }).tenant_access_token);
    const text = logs.join('');
    for (const secret of [SECRET, ...tokens]) expect(text).not.toContain(secret);
  });
});

describe('LarkApi network errors', () => {
  it('retries a refused connection a bounded number of times, then throws', async () => {
    const srv = createServer();
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const port = (srv.address() as { port: number }).port;
    await new Promise((r) => srv.close(r));
    const a = new LarkApi({
      appId: 'cli_net',
      appSecret: SECRET,
      domain: `http://127.0.0.1:${port}`,
      logger,
      backoffBaseMs: 10,
      maxBackoffMs: 20,
      maxAttempts: 3,
    });
    await expect(a.sendMessage('oc', 'text', { text: 'x' }, 'u')).rejects.toThrow(/gave up after 3 attempts/);
  });
});

describe('SendLimiter', () => {
  it('allows 5 per chat and 50 per app per window (fake clock)', async () => {
    let now = 0;
    const waits: number[] = [];
    const limiter = new SendLimiter({
      marginMs: 0,
      now: () => now,
      sleep: async (ms) => {
        waits.push(ms);
        now += ms;
      },
    });
    for (let i = 0; i < 5; i++) await limiter.acquire('a');
    expect(now).toBe(0);
    await limiter.acquire('a');
    expect(now).toBe(1000);
    now = 10_000;
    for (let i = 0; i < 50; i++) await limiter.acquire(`chat-${i}`);
    expect(now).toBe(10_000);
    await limiter.acquire('one-more');
    expect(now).toBe(11_000);
  });
});
