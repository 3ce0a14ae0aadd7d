import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from './log.js';
import { VERSION } from './version.js';

export type Route = (req: IncomingMessage, res: ServerResponse, body: Buffer) => Promise<void> | void;

/** How a request is refused before its body is read: a status, and optionally headers (a redirect) and a text. */
export interface Refusal {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

export interface RouteOptions {
  /**
   * Checked before a byte of the body is read: a status or Refusal to refuse with (401, a redirect…),
   * or undefined to go on. May look in the store (a staff session): the body waits unread meanwhile,
   * and a refused one is never read: the connection is closed after the answer.
   */
  authorize?: (req: IncomingMessage) => number | Refusal | undefined | Promise<number | Refusal | undefined>;
  /** Called once the request is done (answered or failed), e.g. to free an upload slot the authorize took. */
  finished?: (req: IncomingMessage) => void;
  /** This request's body cap (default MAX_BODY). */
  maxBytes?: (req: IncomingMessage) => number;
}

/** Webhook bodies are a few KiB; anything near this is not a platform's. */
export const MAX_BODY = 256 * 1024;
/** Beyond this many open connections new ones are refused by the kernel's backlog, not buffered. */
export const MAX_CONNECTIONS = 256;
const HEADERS_TIMEOUT_MS = 10_000;
/** The whole request, body included. */
const REQUEST_TIMEOUT_MS = 15_000;
/** A /healthz store probe slower than this counts as failing. */
const PROBE_TIMEOUT_MS = 2_000;

/** A header compared with a secret in constant time: undefined when it matches, else 401. */
export function secretMatches(header: string | string[] | undefined, secret: string): number | undefined {
  const got = Buffer.from(Array.isArray(header) ? (header[0] ?? '') : (header ?? ''));
  const want = Buffer.from(secret);
  return got.length === want.length && timingSafeEqual(got, want) ? undefined : 401;
}

class TooLarge extends Error {}
class Aborted extends Error {}

/**
 * The one HTTP server on PORT: webhook routes added by the channels, GET /healthz (= /readyz) and
 * /livez, 404 elsewhere.
 * Bounded per connection: a route's secret is checked before its body is read, bodies are capped
 * (413), headers and bodies must arrive in time, and connections are capped. A handler's error
 * never escapes: it answers 500 and logs; a client that goes away is logged at info.
 */
export class HttpServer {
  private readonly routes = new Map<string, { handler: Route; opts: RouteOptions }>();
  private readonly server: Server;
  private ready = false;
  private waitingFor: string | undefined = 'start-up';
  private check: () => boolean = () => true;
  private probe: (() => Promise<void>) | undefined;
  private backend: string | undefined;

  constructor(private readonly logger: Logger) {
    this.server = createServer({ headersTimeout: HEADERS_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS }, (req, res) => void this.dispatch(req, res));
    this.server.keepAliveTimeout = 5_000;
    this.server.maxConnections = MAX_CONNECTIONS;
    this.server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
      this.logger.info({ code: error.code ?? null, reason: error.message }, 'http client error');
      if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\n\r\n');
      else socket.destroy();
    });
  }

  route(method: string, path: string, handler: Route, opts: RouteOptions = {}) {
    this.routes.set(`${method} ${path}`, { handler, opts });
  }

  /** Readiness for GET /healthz: a flag, and optionally a live check (e.g. the channels' connections). */
  setReady(ready: boolean, check?: () => boolean) {
    this.ready = ready;
    if (ready) this.waitingFor = undefined;
    if (check) this.check = check;
  }

  /** Not ready yet, and why (shown by /healthz during start-up). */
  setWaiting(what: string) {
    this.waitingFor = what;
  }

  /** /healthz also checks a real write to the store; `backend` (e.g. "redis") is reported by name. */
  setProbe(probe: () => Promise<void>, backend?: string) {
    this.probe = probe;
    this.backend = backend;
  }

  listen(port: number, host = '0.0.0.0'): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        const address = this.server.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  }

  async close(): Promise<void> {
    this.ready = false;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeIdleConnections();
    // Requests still open after a moment (a stalled upload) are cut.
    const timer = setTimeout(() => this.server.closeAllConnections(), 2_000);
    await closed;
    clearTimeout(timer);
  }

  /** Stops new connections; lets requests in flight finish. */
  closeIdle() {
    this.server.closeIdleConnections();
  }

  private async health(res: ServerResponse) {
    let ok = this.ready && this.check();
    let store = 'ok';
    if (this.probe) {
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          this.probe(),
          new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('store probe timed out')), PROBE_TIMEOUT_MS))),
        ]);
      } catch (error) {
        store = `failing: ${(error as Error).message}`;
        ok = false;
      } finally {
        clearTimeout(timer);
      }
    }
    res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        ok,
        version: VERSION,
        ...(this.waitingFor && { waitingFor: this.waitingFor }),
        ...(store !== 'ok' && { store }),
        ...(this.backend && { [this.backend]: store }),
      }),
    );
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse) {
    const path = (req.url ?? '/').split('?')[0];
    try {
      // Readiness (/healthz, /readyz: channels up, store writable) and liveness (/livez: the process
      // answers; no store or platform is asked, so an outage there never gets the process restarted).
      if (req.method === 'GET' && (path === '/healthz' || path === '/readyz')) {
        req.resume();
        await this.health(res);
        return;
      }
      if (req.method === 'GET' && path === '/livez') {
        req.resume();
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: true, version: VERSION }));
        return;
      }
      const route = this.routes.get(`${req.method} ${path}`);
      if (!route) {
        refuse(res, 404, 'not found');
        req.resume();
        return;
      }
      try {
        const denied = await route.opts.authorize?.(req);
        if (denied !== undefined) {
          const refusal = typeof denied === 'number' ? { status: denied } : denied;
          this.logger.debug({ path, status: refusal.status }, 'http request refused before reading its body');
          refuse(res, refusal.status, refusal.body ?? 'unauthorized', true, refusal.headers);
          return;
        }
        const limit = route.opts.maxBytes?.(req) ?? MAX_BODY;
        const body = await readBody(req, limit);
        await route.handler(req, res, body);
      } finally {
        route.opts.finished?.(req);
      }
    } catch (error) {
      if (error instanceof TooLarge) {
        this.logger.info({ path, limit: error.message }, 'http body too large; refused');
        refuse(res, 413, 'too large', true);
        return;
      }
      if (error instanceof Aborted) {
        this.logger.info({ path }, 'http client went away before the request was complete');
        res.destroy();
        return;
      }
      this.logger.error({ err: error, path }, 'http handler failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end();
    }
  }
}

/** Answers and, when asked, closes the connection (a body may still be on its way: it is not read). */
function refuse(res: ServerResponse, status: number, text: string, close = false, headers: Record<string, string> = {}) {
  if (res.headersSent) return void res.end();
  res.writeHead(status, { 'content-type': 'text/plain', ...headers, ...(close && { connection: 'close' }) });
  res.end(text, () => {
    if (close) res.socket?.destroy();
  });
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) return reject(new TooLarge(String(limit)));
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.pause();
        chunks.length = 0;
        reject(new TooLarge(String(limit)));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('aborted', () => reject(new Aborted()));
    req.on('error', () => reject(new Aborted()));
    req.on('close', () => {
      if (!req.complete) reject(new Aborted());
    });
  });
}
