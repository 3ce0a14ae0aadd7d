import { NotAFile, readRegularFile, TooBig } from '../read-regular-file.js';

export { NotAFile, TooBig };

/** Input files (profiles, guides, rosters) are far smaller; anything bigger is refused, not read. */
export const MAX_INPUT_BYTES = 5 * 1024 * 1024;

/** A regular file as UTF-8, at most `max` bytes (src/read-regular-file.ts). */
export function readCapped(path: string, max = MAX_INPUT_BYTES): string {
  return readRegularFile(path, max).toString('utf8');
}

/** Reads a stream up to `max` bytes; rejects with TooBig past it. */
export async function readStreamCapped(stream: AsyncIterable<unknown>, max = MAX_INPUT_BYTES): Promise<string> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const b = chunk as Buffer;
    total += b.length;
    if (total > max) throw new TooBig(`larger than ${max} bytes`);
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A guide error about the file as a whole would quote its content: keep the path and the reason only. */
export function withoutFileEcho(message: string): string {
  return message.replace(/（收到 [^）]*）?/g, '').replace(/\(got [^)]*\)?/g, '');
}
