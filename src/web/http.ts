import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import busboy from 'busboy';

/** Per-response nonce for the one inline style and the small live-update script (CSP). */
export function nonce(): string {
  return randomBytes(16).toString('base64');
}

function securityHeaders(n: string): Record<string, string> {
  return {
    'content-security-policy': `default-src 'none'; img-src 'self' data:; style-src 'nonce-${n}'; script-src 'nonce-${n}'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'`,
    'x-content-type-options': 'nosniff',
    // The sign-in link carries its token in the query: never hand it on.
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
    'x-frame-options': 'DENY',
  };
}

export function sendHtml(res: ServerResponse, status: number, html: string, n: string, extra: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...securityHeaders(n), ...extra });
  res.end(html);
}

export function sendJson(res: ServerResponse, status: number, data: unknown) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(JSON.stringify(data));
}

export function redirect(res: ServerResponse, location: string, extra: Record<string, string> = {}) {
  res.writeHead(303, { location, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer', ...extra });
  res.end();
}

export function sendFile(res: ServerResponse, name: string, mime: string, bytes: Buffer) {
  res.writeHead(200, {
    'content-type': mime,
    'content-disposition': `attachment; filename="${name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  res.end(bytes);
}

export function query(req: IncomingMessage): URLSearchParams {
  return new URL(req.url ?? '/', 'http://x').searchParams;
}

/** An urlencoded form body as plain fields (the last of repeated names wins). */
export function formFields(body: Buffer): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(body.toString('utf8')));
}

export interface Upload {
  fields: Record<string, string>;
  file?: { name: string; mime: string; bytes: Buffer; truncated: boolean };
}

/** A multipart/form-data body (one file) read with busboy; undefined when the body is not multipart. */
export function multipart(req: IncomingMessage, body: Buffer, maxFile: number): Promise<Upload | undefined> {
  const type = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data/i.test(type)) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const out: Upload = { fields: {} };
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, defParamCharset: 'utf8', limits: { files: 1, fileSize: maxFile, fields: 10, fieldSize: 10_000 } });
    } catch {
      return resolve(undefined);
    }
    bb.on('field', (name, value) => (out.fields[name] = value));
    bb.on('file', (_name, stream, info) => {
      const chunks: Buffer[] = [];
      let truncated = false;
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('limit', () => (truncated = true));
      stream.on('close', () => {
        out.file = { name: info.filename ?? '', mime: info.mimeType, bytes: Buffer.concat(chunks), truncated };
      });
    });
    bb.on('close', () => resolve(out));
    bb.on('error', () => resolve(undefined));
    Readable.from([body]).pipe(bb);
  });
}

/** https behind a proxy too (PUBLIC_URL says so, or the proxy's header). */
export function isHttps(req: IncomingMessage, publicUrl: string): boolean {
  return publicUrl.startsWith('https:') || req.headers['x-forwarded-proto'] === 'https';
}
