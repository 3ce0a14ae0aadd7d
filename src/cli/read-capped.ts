import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/** Input files (profiles, guides, rosters) are far smaller; anything bigger is refused, not read. */
export const MAX_INPUT_BYTES = 5 * 1024 * 1024;

export class TooBig extends Error {
  override name = 'TooBig';
}

/** A device, FIFO or directory given where a file is expected. */
export class NotAFile extends Error {
  override name = 'NotAFile';
}

/**
 * Reads a file as UTF-8, refusing it once it passes `max` bytes (a device such as /dev/zero
 * reports size 0 and never ends: it is read only up to the cap). Anything but a regular file is
 * refused; it is opened non-blocking, so a FIFO without a writer cannot hang the open.
 */
export function readCapped(path: string, max = MAX_INPUT_BYTES): string {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    if (!fstatSync(fd).isFile()) throw new NotAFile('不是普通文件（设备、管道或目录）');
    const chunks: Buffer[] = [];
    let total = 0;
    const buf = Buffer.alloc(64 * 1024);
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      total += n;
      if (total > max) throw new TooBig(`larger than ${max} bytes`);
      chunks.push(Buffer.from(buf.subarray(0, n)));
    }
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    closeSync(fd);
  }
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
