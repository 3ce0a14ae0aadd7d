import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };
export const REDACTED = '[REDACTED]';
/** Shorter "secrets" are ignored: replacing them would mangle ordinary text and JSON keys. */
const MIN_SECRET_LENGTH = 4;

export interface LoggerOptions {
  level: string;
  /** Secret values (tokens, app secret, encrypt key, verification token) to blank out anywhere. */
  secrets?: readonly (string | undefined)[];
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Returns a function that replaces every occurrence of any secret in a string, also in its
 * JSON-escaped and URL-encoded forms (how it appears inside a serialized message or a URL).
 */
export function makeRedactor(secrets: readonly (string | undefined)[]): (text: string) => string {
  const forms = new Set<string>();
  for (const s of secrets) {
    if (!s || s.length < MIN_SECRET_LENGTH) continue;
    forms.add(s);
    forms.add(JSON.stringify(s).slice(1, -1));
    forms.add(encodeURIComponent(s));
  }
  if (forms.size === 0) return (text) => text;
  // Longest first, so a secret that contains another is replaced whole.
  const pattern = new RegExp(
    [...forms]
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp)
      .join('|'),
    'g',
  );
  return (text) => text.replace(pattern, REDACTED);
}

/**
 * A pino logger writing JSON lines to `destination` (default: stderr). Each finished line passes
 * through the redactor, so secrets are caught wherever they occur (error messages, stacks, URLs),
 * not only at known paths.
 */
export function createLogger(opts: LoggerOptions, destination: DestinationStream = pino.destination({ fd: 2, sync: true })): Logger {
  const redact = makeRedactor(opts.secrets ?? []);
  const target = destination as DestinationStream & { flush?: (cb?: (err?: Error) => void) => void };
  const stream = {
    write: (line: string) => target.write(redact(line)),
    flush: (cb?: (err?: Error) => void) => (target.flush ? target.flush(cb) : cb?.()),
  };
  return pino(
    {
      level: opts.level,
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: [
          'token',
          'secret',
          'password',
          'authorization',
          '*.token',
          '*.secret',
          '*.password',
          '*.authorization',
          '*.headers.authorization',
          '*.headers["x-telegram-bot-api-secret-token"]',
        ],
        censor: REDACTED,
      },
    },
    stream,
  );
}
