import { makeRedactor } from '../log.js';
import { GrammyError, HttpError } from 'grammy';

/**
 * Errors from the Bot API, made safe to log. grammY's HttpError wraps the fetch error, whose
 * message and stack hold the request URL — and the URL holds the bot token. The logger redacts
 * secrets too; this is the second guard: what we log is a plain object built from the parts we
 * want, with every string passed through `scrub`.
 */
export interface SafeError {
  type: string;
  message: string;
  method?: string;
  code?: number;
  description?: string;
  retryAfter?: number;
  cause?: string;
  stack?: string;
}

/** The logger's redactor, also applied to error objects before they are logged. */
export const makeScrubber = makeRedactor;

/** The token and its secret half (after ':'), each of which must never be logged. */
export function tokenSecrets(token: string): string[] {
  return [token, token.slice(token.indexOf(':') + 1)];
}

export function safeError(error: unknown, scrub: (text: string) => string): SafeError {
  if (error instanceof GrammyError) {
    return {
      type: 'GrammyError',
      message: scrub(error.message),
      method: error.method,
      code: error.error_code,
      description: scrub(error.description),
      ...(typeof error.parameters.retry_after === 'number' && { retryAfter: error.parameters.retry_after }),
    };
  }
  if (error instanceof HttpError) {
    const inner = error.error;
    return {
      type: 'HttpError',
      message: scrub(error.message),
      ...(inner instanceof Error && { cause: scrub(`${inner.name}: ${inner.message}`) }),
    };
  }
  if (error instanceof Error) {
    const cause = (error as { error?: unknown; cause?: unknown }).error ?? error.cause;
    return {
      type: error.name,
      message: scrub(error.message),
      ...(error.stack && { stack: scrub(error.stack) }),
      ...(cause instanceof Error && { cause: scrub(`${cause.name}: ${cause.message}`) }),
    };
  }
  return { type: typeof error, message: scrub(String(error)) };
}

export const isForbidden = (e: unknown): e is GrammyError => e instanceof GrammyError && e.error_code === 403;

export function migratedTo(e: unknown): number | undefined {
  return e instanceof GrammyError && typeof e.parameters.migrate_to_chat_id === 'number' ? e.parameters.migrate_to_chat_id : undefined;
}

export const isNotModified = (e: unknown) => e instanceof GrammyError && /message is not modified/i.test(e.description);
export const isParseError = (e: unknown) => e instanceof GrammyError && /can't parse entities/i.test(e.description);
export const isEditImpossible = (e: unknown) =>
  e instanceof GrammyError && e.error_code === 400 && /message to edit not found|message can't be edited|there is no text/i.test(e.description);
