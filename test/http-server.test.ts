import { afterEach, describe, expect, it } from 'vitest';
import { HttpServer } from '../src/http-server.js';
import { createLogger } from '../src/log.js';
import { VERSION } from '../src/version.js';

let server: HttpServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start() {
  server = new HttpServer(createLogger({ level: 'silent' }));
  server.route('POST', '/echo', (_req, res, body) => void res.writeHead(200).end(body));
  server.route('POST', '/boom', () => {
    throw new Error('boom');
  });
  const port = await server.listen(0, '127.0.0.1');
  return { port, url: (path: string) => `http://127.0.0.1:${port}${path}` };
}

describe('the webhook HTTP server', () => {
  it('reports readiness on GET /healthz, including a channel whose connection is down', async () => {
    const { url } = await start();
    expect((await fetch(url('/healthz'))).status).toBe(503);
    let connected = true;
    server!.setReady(true, () => connected);
    expect((await fetch(url('/healthz'))).status).toBe(200);
    connected = false;
    const down = await fetch(url('/healthz'));
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({ ok: false, version: VERSION });
  });

  it('answers liveness on /livez whatever readiness says, and /readyz as /healthz; both carry the version', async () => {
    const { url } = await start();
    server!.setProbe(async () => {
      throw new Error('disk full');
    });
    const live = await fetch(url('/livez'));
    expect(live.status).toBe(200);
    expect(await live.json()).toEqual({ ok: true, version: VERSION });
    const ready = await fetch(url('/readyz'));
    expect(ready.status).toBe(503);
    expect(await ready.json()).toMatchObject({ ok: false, version: VERSION, store: 'failing: disk full' });
    expect(VERSION).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('passes the raw body to routes, answers 404 elsewhere and 500 when a route throws', async () => {
    const { url } = await start();
    const raw = '{ "a" :  1 }\n';
    expect(await (await fetch(url('/echo'), { method: 'POST', body: raw })).text()).toBe(raw);
    expect((await fetch(url('/nope'), { method: 'POST', body: 'x' })).status).toBe(404);
    expect((await fetch(url('/echo'))).status).toBe(404);
    expect((await fetch(url('/boom'), { method: 'POST', body: 'x' })).status).toBe(500);
  });
});
