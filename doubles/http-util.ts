// Small dependency-free HTTP helpers shared by the test doubles.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One part of a multipart/form-data body. */
export interface MultipartPart {
  name: string;
  filename?: string;
  contentType?: string;
  headers: Record<string, string>;
  data: Buffer;
}

/** A file received in a multipart upload. */
export interface UploadedFile {
  /** form field name the file arrived under */
  field: string;
  filename: string;
  contentType?: string;
  size: number;
  content: Buffer;
  /** content decoded as UTF-8 (convenience for text files) */
  text: string;
}

export interface ParsedBody {
  /** Non-file fields (JSON body: the parsed object). */
  fields: Record<string, unknown>;
  files: UploadedFile[];
  raw: Buffer;
  kind: 'json' | 'multipart' | 'urlencoded' | 'empty' | 'other';
}

export function readBody(req: http.IncomingMessage, maxBytes = 64 * 1024 * 1024): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBytes) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
    req.on('aborted', () => reject(new Error('request aborted')));
  });
}

function unquote(v: string): string {
  const t = v.trim();
  if (t.length >= 2 && t.startsWith('"') && t.endsWith('"')) {
    return t.slice(1, -1).replace(/\\(.)/g, '$1');
  }
  return t;
}

/** Parses `form-data; name="x"; filename=y` (quoted or not, with or without spaces). */
export function parseDisposition(value: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /;\s*([A-Za-z0-9_*-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(value)) !== null) {
    const key = (m[1] ?? '').toLowerCase();
    const val = unquote(m[2] ?? '');
    if (key === 'filename*') {
      const mm = /^[^']*'[^']*'(.*)$/.exec(val);
      try {
        out['filename'] = decodeURIComponent(mm ? (mm[1] ?? '') : val);
      } catch {
        out['filename'] = val;
      }
    } else if (!(key === 'filename' && out['filename'] !== undefined)) {
      out[key] = val;
    }
  }
  return out;
}

export function parseMultipart(body: Buffer, boundary: string): MultipartPart[] {
  const parts: MultipartPart[] = [];
  const delim = Buffer.from(`--${boundary}`);
  const sep = Buffer.from(`\r\n--${boundary}`);
  let pos = body.indexOf(delim);
  while (pos !== -1) {
    let start = pos + delim.length;
    if (body[start] === 0x2d && body[start + 1] === 0x2d) break; // closing "--"
    while (body[start] === 0x20 || body[start] === 0x09) start++; // transport padding
    if (body[start] === 0x0d && body[start + 1] === 0x0a) start += 2;
    const next = body.indexOf(sep, start);
    if (next === -1) break;
    const part = body.subarray(start, next);
    const headerEnd = part.indexOf('\r\n\r\n');
    let headerText = '';
    let data: Buffer;
    if (headerEnd === -1) {
      headerText = part.toString('utf8');
      data = Buffer.alloc(0);
    } else {
      headerText = part.subarray(0, headerEnd).toString('utf8');
      data = Buffer.from(part.subarray(headerEnd + 4));
    }
    const headers: Record<string, string> = {};
    for (const line of headerText.split('\r\n')) {
      const i = line.indexOf(':');
      if (i <= 0) continue;
      headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
    }
    const disp = parseDisposition(`x;${(headers['content-disposition'] ?? '').replace(/^[^;]*;?/, '')}`);
    const p: MultipartPart = { name: disp['name'] ?? '', headers, data };
    if (disp['filename'] !== undefined) p.filename = disp['filename'];
    if (headers['content-type'] !== undefined) p.contentType = headers['content-type'];
    parts.push(p);
    pos = next + 2;
  }
  return parts;
}

export function parseBody(raw: Buffer, contentType: string | undefined): ParsedBody {
  const ct = (contentType ?? '').toLowerCase();
  if (raw.length === 0) return { fields: {}, files: [], raw, kind: 'empty' };
  if (ct.includes('multipart/form-data')) {
    const bm = /boundary=("?)([^";]+)\1/i.exec(contentType ?? '');
    const boundary = bm?.[2];
    if (!boundary) throw new Error('multipart without boundary');
    const fields: Record<string, unknown> = {};
    const files: UploadedFile[] = [];
    for (const p of parseMultipart(raw, boundary)) {
      // A part is a file when it has a filename, or (axios/form-data appending a
      // Buffer) a content-type other than text/plain.
      const isFile = p.filename !== undefined || (p.contentType !== undefined && !/^text\/plain\b/i.test(p.contentType));
      if (isFile) {
        const f: UploadedFile = {
          field: p.name,
          filename: p.filename ?? '',
          size: p.data.length,
          content: p.data,
          text: p.data.toString('utf8'),
        };
        if (p.contentType !== undefined) f.contentType = p.contentType;
        files.push(f);
      } else {
        fields[p.name] = p.data.toString('utf8');
      }
    }
    return { fields, files, raw, kind: 'multipart' };
  }
  if (ct.includes('application/x-www-form-urlencoded')) {
    const fields: Record<string, unknown> = {};
    for (const [k, v] of new URLSearchParams(raw.toString('utf8'))) fields[k] = v;
    return { fields, files: [], raw, kind: 'urlencoded' };
  }
  const text = raw.toString('utf8');
  if (ct.includes('json') || /^\s*[{[]/.test(text)) {
    const parsed: unknown = JSON.parse(text);
    const fields = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : { _: parsed };
    return { fields, files: [], raw, kind: 'json' };
  }
  return { fields: {}, files: [], raw, kind: 'other' };
}

export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.writableEnded || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

export interface StartedServer {
  server: http.Server;
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1 with a random port; close() also kills keep-alive sockets. */
export async function startServer(handler: (req: http.IncomingMessage, res: http.ServerResponse) => void, host = '127.0.0.1'): Promise<StartedServer> {
  const server = http.createServer(handler);
  server.keepAliveTimeout = 2_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    server,
    port,
    url: `http://${host}:${port}`,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

export interface HttpResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  /** JSON-parsed body, or the text when it is not JSON */
  body: unknown;
}

/** Plain request without connection reuse (no agent → no lingering sockets). */
export function httpRequest(
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string | Buffer; timeoutMs?: number } = {},
): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const body = opts.body === undefined ? undefined : Buffer.isBuffer(opts.body) ? opts.body : Buffer.from(opts.body);
    const headers: Record<string, string> = { connection: 'close', ...(opts.headers ?? {}) };
    if (body !== undefined) headers['content-length'] = String(body.length);
    const req = http.request(
      {
        method: opts.method ?? 'POST',
        hostname: u.hostname,
        port: u.port,
        path: `${u.pathname}${u.search}`,
        headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = text.length ? JSON.parse(text) : text;
          } catch {
            parsed = text;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body: parsed });
        });
        res.on('error', reject);
      },
    );
    req.setTimeout(opts.timeoutMs ?? 10_000, () => req.destroy(new Error(`request to ${url} timed out`)));
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** Generic "wait until a recorded item matches" helper. */
export class Waiters<T> {
  private waiters = new Set<{ pred: (x: T) => boolean; resolve: (x: T) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>();

  wait(existing: readonly T[], pred: (x: T) => boolean, timeoutMs: number, describe: () => string): Promise<T> {
    for (const x of existing) if (pred(x)) return Promise.resolve(x);
    return new Promise<T>((resolve, reject) => {
      const w = {
        pred,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(w);
          reject(new Error(`waitFor timed out after ${timeoutMs} ms; ${describe()}`));
        }, timeoutMs),
      };
      this.waiters.add(w);
    });
  }

  notify(x: T): void {
    for (const w of [...this.waiters]) {
      let hit = false;
      try {
        hit = w.pred(x);
      } catch {
        hit = false;
      }
      if (hit) {
        clearTimeout(w.timer);
        this.waiters.delete(w);
        w.resolve(x);
      }
    }
  }

  rejectAll(reason: string): void {
    for (const w of this.waiters) {
      clearTimeout(w.timer);
      w.reject(new Error(reason));
    }
    this.waiters.clear();
  }
}
