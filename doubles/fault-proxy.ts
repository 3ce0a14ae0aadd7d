// A fault proxy to put between the bot and a platform double (Telegram Bot API, Lark open API):
// it passes requests through, or, for the paths a rule matches, answers 500 or 429, hangs
// (never answers), or resets the connection. Rules can be changed while the bot runs.
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

export type FaultMode =
  | { kind: 'pass' }
  | { kind: 'status'; status: 500 | 502 | 503 | 429; retryAfter?: number }
  /** Accepts the request and never answers (until the rule changes: then the request is passed on). */
  | { kind: 'hang' }
  /** Destroys the connection without an answer. */
  | { kind: 'reset' };

export interface FaultRule {
  /** Matched against the request path (without the query). */
  path: RegExp;
  mode: FaultMode;
}

export interface FaultProxy {
  readonly url: string;
  readonly port: number;
  /** Requests seen, with what was done. */
  readonly log: Array<{ at: number; method: string; path: string; fault: FaultMode['kind'] }>;
  /** Replaces the rules (first match wins; no match: pass). */
  setRules(rules: FaultRule[]): void;
  /** Refuses new connections (as a host that is down) until `up()`. */
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
}

export async function startFaultProxy(upstream: string, opts: { port?: number } = {}): Promise<FaultProxy> {
  const target = new URL(upstream);
  let rules: FaultRule[] = [];
  const log: FaultProxy['log'] = [];
  const hanging = new Set<() => void>();
  const sockets = new Set<Socket>();

  const pass = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const up = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
      (upRes) => {
        res.writeHead(upRes.statusCode ?? 502, upRes.headers);
        upRes.pipe(res);
      },
    );
    up.on('error', () => res.destroy());
    up.end(body);
  };

  const handle = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const mode = rules.find((r) => r.path.test(path))?.mode ?? { kind: 'pass' };
    log.push({ at: Date.now(), method: req.method ?? '', path, fault: mode.kind });
    switch (mode.kind) {
      case 'pass':
        return pass(req, res, body);
      case 'status': {
        const retryAfter = mode.retryAfter ?? 1;
        res.writeHead(mode.status, { 'content-type': 'application/json', ...(mode.status === 429 && { 'retry-after': String(retryAfter) }) });
        // Both platforms' error shapes in one body: Telegram reads ok/error_code/parameters, Lark reads code/msg.
        res.end(
          JSON.stringify({
            ok: false,
            error_code: mode.status,
            description: mode.status === 429 ? `Too Many Requests: retry after ${retryAfter}` : 'Internal Server Error',
            ...(mode.status === 429 && { parameters: { retry_after: retryAfter } }),
            code: mode.status === 429 ? 99991400 : 1,
            msg: 'fault proxy',
          }),
        );
        return;
      }
      case 'hang': {
        const release = () => {
          hanging.delete(release);
          if (!res.destroyed) handle(req, res, body);
        };
        hanging.add(release);
        res.on('close', () => hanging.delete(release));
        return;
      }
      case 'reset':
        req.socket.destroy();
        return;
    }
  };

  const makeServer = () => {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => handle(req, res, Buffer.concat(chunks)));
    });
    server.on('connection', (s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    return server;
  };
  const listen = (server: Server, port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
    });

  let server = makeServer();
  const port = await listen(server, opts.port ?? 0);
  const closeServer = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    log,
    setRules(next) {
      rules = next;
      // Hung requests whose rule no longer hangs go on.
      for (const release of [...hanging]) release();
    },
    async down() {
      await closeServer();
    },
    async up() {
      server = makeServer();
      await listen(server, port);
    },
    async close() {
      hanging.clear();
      await closeServer();
    },
  };
}
