import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ReminderPolicy } from '../../handlers/reminders.js';
import type { Guide } from '../../rules/index.js';
import type { Logger } from '../log.js';
import type { StaffService } from '../staff-service.js';
import type { Store } from '../store/store.js';
import type { Session } from './auth.js';
import type { Upload } from './http.js';

export interface ConsoleDeps {
  store: Store;
  guide: Guide;
  publicUrl: string;
  clock: () => number;
  staff: StaffService;
  logger: Logger;
  reminders: ReminderPolicy;
  botUsername: () => Promise<string | undefined>;
  /** A broadcast was queued: wake the delivery worker. */
  onQueued?: () => void;
}

/** What a page handler gets: the request, the signed-in staff member, the form (POST) and a renderer. */
export interface PageContext {
  deps: ConsoleDeps;
  req: IncomingMessage;
  res: ServerResponse;
  session: Session;
  form: Record<string, string>;
  upload?: Upload;
  nonce: string;
  render(name: string, title: string, data: object, status?: number): void;
  audit(action: string, detail?: Record<string, unknown>): Promise<void>;
}
