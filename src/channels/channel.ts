import type { Conversation } from '../../handlers/conversation.js';
import type { ChatService } from '../chat-service.js';
import type { Config } from '../config.js';
import type { HttpServer } from '../http-server.js';
import type { Logger } from '../log.js';
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
}

export interface ChannelHandle {
  /** Stop taking updates; let those in flight finish. */
  stop(): Promise<void>;
}
