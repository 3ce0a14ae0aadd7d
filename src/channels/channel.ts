import type { Conversation } from '../../handlers/conversation.js';
import type { ChatService } from '../chat-service.js';
import type { Config } from '../config.js';
import type { HttpServer } from '../http-server.js';
import type { Intake } from '../intake/intake.js';
import type { Logger } from '../log.js';
import type { SharedLimitsPort } from '../delivery/redis-limiter.js';
import type { Store } from '../store/store.js';

/** What main.ts hands a chat channel when it starts it. */
export interface ChannelDeps {
  config: Config;
  service: ChatService;
  conversation: Conversation;
  store: Store;
  logger: Logger;
  /** Shared webhook server on PORT; the channel adds its route. */
  http: HttpServer;
  clock: () => number;
  /** Durable intake shared by the channels (one is made per channel when absent, e.g. in tests). */
  intake?: Intake;
  /** Aborted on SIGTERM: start-up waits (an API that does not answer) end at once. */
  signal?: AbortSignal;
  /** REDIS_URL deployments: the platform rate limits shared by every instance, replies and bulk sends. */
  limits?: SharedLimitsPort;
}

export interface ChannelHandle {
  /** Stop taking updates; let those in flight finish. */
  stop(): Promise<void>;
  /** The outgoing side for broadcasts and reminders. */
  sender?: Sender;
  /** false while the channel cannot receive (a long connection down and retrying); /healthz reports it. */
  healthy?(): boolean;
}

export type SendResult =
  | { status: 'sent'; messageId?: string }
  /** Blocked, kicked or removed: the chat is unreachable for good. */
  | { status: 'inactive'; error: string }
  /** 429, 5xx or a network error: try again after the wait. */
  | { status: 'retry'; afterMs: number; error: string }
  | { status: 'failed'; error: string };

/** One platform's outgoing side, for bulk delivery (broadcasts, reminders). One attempt per call. */
export interface Sender {
  channel: 'telegram' | 'lark' | 'console';
  /** The platform's caps: messages per second in bulk, and per chat. */
  limits: { perSecond: number; perChatPerSecond: number };
  /** The sender keeps to `limits` itself (sharing them with the bot's replies); the outbox then adds no throttle. */
  selfLimited?: boolean;
  /** `key` identifies the send: platforms with idempotent sends (Lark uuid) never show it twice. */
  send(chatId: string, text: string, key: string): Promise<SendResult>;
  /** Rewrites a message sent earlier (live progress); may be absent. */
  edit?(chatId: string, messageId: string, text: string): Promise<SendResult>;
}
