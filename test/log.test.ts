import { describe, expect, it } from 'vitest';
import { createLogger, makeRedactor, REDACTED } from '../src/log.js';

const TOKEN = '123456:AAH-secretPartOfTheToken_xyz';
const SECRET_HALF = 'AAH-secretPartOfTheToken_xyz';
const APP_SECRET = 'lark"app\\secret/+=';

function capture(level = 'info') {
  const lines: string[] = [];
  const logger = createLogger({ level, secrets: [TOKEN, SECRET_HALF, APP_SECRET, undefined, ''] }, { write: (s: string) => void lines.push(s) });
  return { logger, lines, parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('createLogger', () => {
  it('redacts a token inside an error message, its stack and a URL', () => {
    const { logger, lines, parsed } = capture();
    const err = new Error(`request to https://api.telegram.org/bot${TOKEN}/sendMessage failed`);
    logger.error({ err }, 'send failed');
    logger.info({ url: `https://api.telegram.org/bot${TOKEN}/getUpdates?offset=1` }, 'polling');
    logger.warn(`encoded: /bot${encodeURIComponent(TOKEN)}/getMe and half ${SECRET_HALF}`);
    expect(lines).toHaveLength(3);
    const [e, u, w] = parsed() as [any, any, any];
    expect(e.err.message).toBe(`request to https://api.telegram.org/bot${REDACTED}/sendMessage failed`);
    expect(e.err.stack).toContain(REDACTED);
    expect(u.url).toBe(`https://api.telegram.org/bot${REDACTED}/getUpdates?offset=1`);
    expect(w.msg).not.toContain('AAH');
    for (const line of lines) {
      expect(line).not.toContain(SECRET_HALF);
      expect(line).not.toContain(encodeURIComponent(SECRET_HALF));
    }
  });

  it('redacts secrets with characters that JSON escapes', () => {
    const { logger, lines, parsed } = capture();
    logger.info({ detail: `secret is ${APP_SECRET}` }, `app secret ${APP_SECRET}`);
    expect(lines[0]).not.toContain(JSON.stringify(APP_SECRET).slice(1, -1));
    const [entry] = parsed() as [any];
    expect(entry.detail).toBe(`secret is ${REDACTED}`);
    expect(entry.msg).toBe(`app secret ${REDACTED}`);
  });

  it('censors well-known secret fields by path and honours the level', () => {
    const { logger, parsed } = capture('warn');
    logger.info('hidden');
    logger.warn({ req: { headers: { authorization: 'Bearer t-abc', 'x-telegram-bot-api-secret-token': 'zz' } } });
    const entries = parsed() as any[];
    expect(entries).toHaveLength(1);
    expect(entries[0].req.headers.authorization).toBe(REDACTED);
    expect(entries[0].req.headers['x-telegram-bot-api-secret-token']).toBe(REDACTED);
    expect(entries[0].level).toBe(40);
  });
});

describe('makeRedactor', () => {
  it('is the identity without secrets and ignores very short ones', () => {
    expect(makeRedactor([])('abc')).toBe('abc');
    expect(makeRedactor(['ab'])('abc')).toBe('abc');
  });

  it('replaces the longer of overlapping secrets whole', () => {
    expect(makeRedactor([SECRET_HALF, TOKEN])(`x ${TOKEN} y`)).toBe(`x ${REDACTED} y`);
  });
});
