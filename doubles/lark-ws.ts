// A double of Lark's long connection (the SDK's WSClient), in front of the open-API double:
// POST /callback/ws/endpoint hands out a ws:// URL and client config; events go down as the
// SDK's protobuf frames (pbbp2.Frame: data frames with headers type=event, message_id, sum,
// seq), optionally split into fragments; the client's response frame is recorded as the
// acknowledgement. It can drop the connection, delay, and redeliver what was never
// acknowledged, as Lark does. Every other request is passed to the open-API double.
import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import protobuf from 'protobufjs';
import { WebSocketServer, type WebSocket } from 'ws';

const Header = new protobuf.Type('Header').add(new protobuf.Field('key', 1, 'string', 'required')).add(new protobuf.Field('value', 2, 'string', 'required'));
// SeqID and LogID are uint64 in the SDK's schema; as varints, uint32 reads and writes the same bytes for the small ids used here.
const Frame = new protobuf.Type('Frame')
  .add(new protobuf.Field('SeqID', 1, 'uint32', 'required'))
  .add(new protobuf.Field('LogID', 2, 'uint32', 'required'))
  .add(new protobuf.Field('service', 3, 'int32', 'required'))
  .add(new protobuf.Field('method', 4, 'int32', 'required'))
  .add(new protobuf.Field('headers', 5, 'Header', 'repeated'))
  .add(new protobuf.Field('payloadEncoding', 6, 'string'))
  .add(new protobuf.Field('payloadType', 7, 'string'))
  .add(new protobuf.Field('payload', 8, 'bytes'))
  .add(new protobuf.Field('LogIDNew', 9, 'string'));
new protobuf.Root().define('pbbp2').add(Header).add(Frame);

const FRAME_CONTROL = 0;
const FRAME_DATA = 1;
const SERVICE_ID = 7;

interface FrameData {
  SeqID: number | Long;
  LogID: number | Long;
  service: number;
  method: number;
  headers: Array<{ key: string; value: string }>;
  payload?: Uint8Array;
}
type Long = { toNumber(): number };

export interface WsAck {
  messageId: string;
  eventId: string;
  /** The code the client answered (200 ok, 500 the handler failed). */
  code: number;
  /** The handler's result (a card action's toast), decoded. */
  data?: unknown;
  at: number;
}

export interface LarkWsDouble {
  /** Use as LARK_DOMAIN: the endpoint lookup is answered here, everything else goes to the open-API double. */
  readonly url: string;
  readonly acks: WsAck[];
  /** Connections accepted so far. */
  readonly connections: number;
  connected(): boolean;
  /** Resolves once a client is connected. */
  waitForConnection(timeoutMs?: number): Promise<void>;
  /** Sends an event (a schema-2.0 body) down the connection; `fragments` > 1 splits its payload. Resolves with its ack. */
  push(event: { header: { event_id: string } } & Record<string, unknown>, opts?: { fragments?: number; gapMs?: number }): Promise<WsAck>;
  /** Sends without waiting for the ack; the event is remembered until acknowledged. */
  send(event: { header: { event_id: string } } & Record<string, unknown>, opts?: { fragments?: number }): void;
  /** Events sent and never acknowledged with code 200. */
  unacknowledged(): Array<Record<string, unknown>>;
  /** Sends again every unacknowledged event (Lark redelivers). */
  redeliver(): void;
  /** Closes the client's connection (it reconnects by itself). */
  drop(): void;
  close(): Promise<void>;
}

export async function startLarkWsDouble(apiUrl: string): Promise<LarkWsDouble> {
  const api = new URL(apiUrl);
  const acks: WsAck[] = [];
  const waiting = new Map<string, (ack: WsAck) => void>();
  const sent = new Map<string, Record<string, unknown>>(); // message_id → event, until acknowledged
  let socket: WebSocket | undefined;
  let connections = 0;
  let seq = 0;
  let port = 0;

  const passToApi = (req: IncomingMessage, res: ServerResponse, body: Buffer) => {
    const up = request({ host: api.hostname, port: api.port, method: req.method, path: req.url, headers: { ...req.headers, host: api.host } }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.destroy());
    up.end(body);
  };

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'POST' && (req.url ?? '').startsWith('/callback/ws/endpoint')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            code: 0,
            msg: 'ok',
            data: {
              URL: `ws://127.0.0.1:${port}/ws?device_id=double&service_id=${SERVICE_ID}`,
              ClientConfig: { PingInterval: 120, ReconnectCount: -1, ReconnectInterval: 1, ReconnectNonce: 0 },
            },
          }),
        );
        return;
      }
      passToApi(req, res, Buffer.concat(chunks));
    });
  });
  const wss = new WebSocketServer({ noServer: true });
  server.on('upgrade', (req, sock, head) => {
    if (!(req.url ?? '').startsWith('/ws')) return sock.destroy();
    wss.handleUpgrade(req, sock, head, (ws) => {
      connections++;
      socket = ws;
      ws.on('message', (raw: Buffer) => {
        const frame = Frame.decode(raw) as unknown as FrameData;
        const headers = Object.fromEntries(frame.headers.map((h) => [h.key, h.value]));
        if (frame.method === FRAME_CONTROL) {
          if (headers['type'] === 'ping') {
            ws.send(
              Frame.encode({
                ...frame,
                headers: [{ key: 'type', value: 'pong' }],
                payload: Buffer.from(JSON.stringify({ PingInterval: 120, ReconnectCount: -1, ReconnectInterval: 1, ReconnectNonce: 0 })),
              }).finish(),
            );
          }
          return;
        }
        const messageId = headers['message_id']!;
        const body = JSON.parse(Buffer.from(frame.payload ?? []).toString('utf8')) as { code: number; data?: string };
        const event = sent.get(messageId);
        const ack: WsAck = {
          messageId,
          eventId: String((event?.['header'] as { event_id?: string } | undefined)?.event_id ?? ''),
          code: body.code,
          ...(body.data && { data: JSON.parse(Buffer.from(body.data, 'base64').toString('utf8')) as unknown }),
          at: Date.now(),
        };
        acks.push(ack);
        if (ack.code === 200) sent.delete(messageId);
        waiting.get(messageId)?.(ack);
        waiting.delete(messageId);
      });
      ws.on('close', () => {
        if (socket === ws) socket = undefined;
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  port = (server.address() as { port: number }).port;

  const frames = (messageId: string, event: Record<string, unknown>, fragments: number): Uint8Array[] => {
    const bytes = Buffer.from(JSON.stringify(event), 'utf8');
    const size = Math.ceil(bytes.length / fragments);
    return Array.from({ length: fragments }, (_, i) =>
      Frame.encode({
        SeqID: ++seq,
        LogID: seq,
        service: SERVICE_ID,
        method: FRAME_DATA,
        headers: [
          { key: 'type', value: 'event' },
          { key: 'message_id', value: messageId },
          { key: 'sum', value: String(fragments) },
          { key: 'seq', value: String(i) },
          { key: 'trace_id', value: `trace-${messageId}` },
        ],
        payload: bytes.subarray(i * size, (i + 1) * size),
      }).finish(),
    );
  };

  const transmit = (messageId: string, event: Record<string, unknown>, fragments: number, gapMs = 0) => {
    const ws = socket;
    if (!ws) return;
    const parts = frames(messageId, event, fragments);
    if (!gapMs) for (const part of parts) ws.send(part);
    else parts.forEach((part, i) => setTimeout(() => ws.readyState === ws.OPEN && ws.send(part), i * gapMs));
  };

  const double: LarkWsDouble = {
    url: `http://127.0.0.1:${port}`,
    acks,
    get connections() {
      return connections;
    },
    connected: () => socket?.readyState === 1,
    async waitForConnection(timeoutMs = 30_000) {
      const end = Date.now() + timeoutMs;
      while (!double.connected()) {
        if (Date.now() > end) throw new Error('no long connection');
        await new Promise((r) => setTimeout(r, 25));
      }
    },
    push(event, opts = {}) {
      const messageId = `msg-${event.header.event_id}-${++seq}`;
      sent.set(messageId, event);
      const acked = new Promise<WsAck>((resolve) => waiting.set(messageId, resolve));
      transmit(messageId, event, opts.fragments ?? 1, opts.gapMs);
      return acked;
    },
    send(event, opts = {}) {
      const messageId = `msg-${event.header.event_id}-${++seq}`;
      sent.set(messageId, event);
      transmit(messageId, event, opts.fragments ?? 1);
    },
    unacknowledged: () => [...sent.values()],
    redeliver() {
      const pending = [...sent.entries()];
      sent.clear();
      for (const [, event] of pending) double.send(event as { header: { event_id: string } });
    },
    drop() {
      socket?.terminate();
      socket = undefined;
    },
    async close() {
      for (const client of wss.clients) client.terminate();
      wss.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return double;
}
