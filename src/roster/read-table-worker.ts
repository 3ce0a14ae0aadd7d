import { parentPort, workerData } from 'node:worker_threads';
import { parseTable, RosterFileError, TABLE_LIMITS } from './read-table.js';

/** The worker side of readTable: parses one file and posts the table or a RosterFileError's message. */
const { bytes } = workerData as { bytes: Uint8Array };
try {
  const table = await parseTable(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), TABLE_LIMITS);
  parentPort!.postMessage({ ok: true, table });
} catch (error) {
  parentPort!.postMessage(
    error instanceof RosterFileError
      ? { ok: false, message: error.message }
      : { ok: false, message: `文件无法读取：${(error as Error).message.split('\n')[0]}` },
  );
}
