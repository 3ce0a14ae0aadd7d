import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/** Larger than the cap given: refused, not read on. */
export class TooBig extends Error {
  override name = 'TooBig';
}

/** A device, FIFO or directory given where a file is expected. */
export class NotAFile extends Error {
  override name = 'NotAFile';
}

/**
 * A regular file's bytes, refused once they pass `max` (a device such as /dev/zero reports size 0
 * by stat and never ends: it is read only up to the cap). Anything but a regular file is refused;
 * it is opened non-blocking, so a FIFO without a writer cannot hang the open. The one reader behind
 * every path a person names: CLI inputs, GUIDE_FILE and roster files.
 */
export function readRegularFile(path: string, max: number): Buffer {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    if (!fstatSync(fd).isFile()) throw new NotAFile('不是普通文件（设备、管道或目录）');
    const chunks: Buffer[] = [];
    let total = 0;
    const buf = Buffer.alloc(64 * 1024);
    for (let n = readSync(fd, buf, 0, buf.length, null); n > 0; n = readSync(fd, buf, 0, buf.length, null)) {
      total += n;
      if (total > max) throw new TooBig(`超过 ${Math.floor(max / 1024 / 1024)} MB / larger than ${max} bytes`);
      chunks.push(Buffer.from(buf.subarray(0, n)));
    }
    return Buffer.concat(chunks);
  } finally {
    closeSync(fd);
  }
}
