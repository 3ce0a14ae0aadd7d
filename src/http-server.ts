import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Logger } from './log.js';

export type Route = (req: IncomingMessage, res: ServerResponse, body: Buffer) => Promise<void> | void;

const MAX_BODY = 1024 * 1024;

/**
 * The one HTTP server on PORT: webhook routes added by the channels, GET /healthz, 404 elsewhere.
 * Reads each body whole (the Lark signature covers the raw bytes) and never lets a handler's
 * error escape: it answers 500 and logs.
 */
export class HttpServer {
  private readonly routes = new Map<string, Route>();
  private readonly server: Server;
  private ready = false;
  private check: () => boolean = () => true;

  constructor(private readonly logger: Logger) {
    this.server = createServer((req, res) => void this.dispatch(req, res));
    this.server.keepAliveTimeout = 5_000;
  }

  route(method: string, path: string, handler: Route) {
    this.routes.set(`${method} ${path}`, handler);
  }

  /** Readiness for GET /healthz: a flag, and optionally a live check (e.g. the channels' connections). */
  setReady(ready: boolean, check?: () => boolean) {
    this.ready = ready;
    if (check) this.check = check;
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
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Stops new connections; lets requests in flight finish. */
  closeIdle() {
    this.server.closeIdleConnections();
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse) {
    const path = (req.url ?? '/').split('?')[0];
    try {
      if (req.method === 'GET' && path === '/healthz') {
        const ok = this.ready && this.check();
        res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok }));
        return;
      }
      const handler = this.routes.get(`${req.method} ${path}`);
      if (!handler) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        req.resume();
        return;
      }
      const body = await readBody(req);
      if (body === undefined) {
        res.writeHead(413, { 'content-type': 'text/plain' }).end('too large');
        return;
      }
      await handler(req, res, body);
    } catch (error) {
      this.logger.error({ err: error, path }, 'http handler failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end();
    }
  }
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        resolve(undefined);
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
