// The shared HTTP server's bounds: a route's secret is checked before its body is read, bodies
// are capped (413), a client that goes away is logged at info without a stack, and /healthz
// checks a real store write.
import { connect } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpServer, MAX_BODY, secretMatches } from '../../src/http-server.js';
import { createLogger } from '../../src/log.js';
import { VERSION } from '../../src/version.js';

const lines: Array<Record<string, unknown>> = [];
const logger = createLogger(
  { level: 'debug' },
  new Writable({
    write(chunk, _e, done) {
      for (const l of String(chunk).split('\n')) if (l.trim()) lines.push(JSON.parse(l) as Record<string, unknown>);
      done();
    },
  }),
);
const http = new HttpServer(logger);
let url = '';
let bodiesRead = 0;
let probe: () => Promise<void> = async () => undefined;

beforeAll(async () => {
  http.route(
    'POST',
    '/hook',
    (_req, res, body) => {
      bodiesRead++;
      res.writeHead(200).end(String(body.length));
    },
    { authorize: (req) => secretMatches(req.headers['x-secret'], 'right') },
  );
  http.setProbe(() => probe());
  url = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}`;
});
afterAll(() => http.close());

describe('HttpServer', () => {
  it('/healthz is not ready during start-up and says for what, then checks a real store write', async () => {
    http.setWaiting('telegram');
    let res = await fetch(`${url}/healthz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ ok: false, version: VERSION, waitingFor: 'telegram' });
    http.setReady(true);
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    probe = async () => Promise.reject(new Error('SQLITE_FULL: database or disk is full'));
    res = await fetch(`${url}/healthz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ ok: false, store: expect.stringContaining('disk is full') });
    probe = async () => undefined;
  });

  it('refuses a wrong secret before reading the body, and caps the body at MAX_BODY with 413', async () => {
    const wrong = await fetch(`${url}/hook`, { method: 'POST', headers: { 'x-secret': 'wrong' }, body: 'x'.repeat(1000) });
    expect(wrong.status).toBe(401);
    const big = await fetch(`${url}/hook`, { method: 'POST', headers: { 'x-secret': 'right' }, body: Buffer.alloc(MAX_BODY + 1, 0x20) }).catch(() => undefined);
    if (big) expect(big.status).toBe(413);
    expect(bodiesRead).toBe(0);
    const ok = await fetch(`${url}/hook`, { method: 'POST', headers: { 'x-secret': 'right' }, body: 'hello' });
    expect(await ok.text()).toBe('5');
  });

  it('a client that goes away mid-body is logged at info, without a stack', async () => {
    const before = lines.length;
    await new Promise<void>((resolve) => {
      const s = connect(Number(new URL(url).port), '127.0.0.1', () => {
        s.write('POST /hook HTTP/1.1\r\nhost: x\r\nx-secret: right\r\ncontent-length: 5000\r\n\r\n');
        s.write('x'.repeat(100));
        setTimeout(() => {
          s.destroy();
          resolve();
        }, 50);
      });
    });
    await new Promise((r) => setTimeout(r, 200));
    const mine = lines.slice(before);
    expect(mine.some((l) => l['level'] === 30 && /went away/.test(String(l['msg'])))).toBe(true);
    expect(mine.filter((l) => Number(l['level']) >= 50)).toEqual([]);
    expect(JSON.stringify(mine)).not.toContain('    at ');
  });
});
