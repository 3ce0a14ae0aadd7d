import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { RosterFileError, type Table } from './read-table.js';

/** Memory a table's parse may use; a file that needs more fails alone, the bot goes on. */
const WORKER_HEAP_MB = 384;
/** A real roster parses in well under a second. */
const WORKER_TIMEOUT_MS = 30_000;

/**
 * The bundled worker (dist/read-table-worker.mjs). From a bundle it sits beside this chunk; from
 * src/ (tests, tsx) the built one is used, found by walking up to the project's dist/.
 */
function workerFile(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    for (const candidate of [join(dir, 'read-table-worker.mjs'), join(dir, 'dist', 'read-table-worker.mjs')]) if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error('dist/read-table-worker.mjs not found: run `npm run build`');
    dir = dirname(dir);
  }
}

/**
 * Reads a roster table (CSV or XLSX) in a worker thread with its own heap limit: parsing stays off
 * the event loop (webhooks and /healthz go on answering), and a file that exhausts the worker's
 * memory or time is refused with a RosterFileError instead of taking the process down.
 */
export function readTable(bytes: Buffer): Promise<Table> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerFile(), {
      workerData: { bytes },
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB, maxYoungGenerationSizeMb: 32 },
      stdout: false,
      stderr: false,
    });
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
      void worker.terminate();
    };
    const timer = setTimeout(() => finish(() => reject(new RosterFileError('文件过于复杂：读取超时'))), WORKER_TIMEOUT_MS);
    worker.on('message', (m: { ok: true; table: Table } | { ok: false; message: string }) =>
      finish(() => (m.ok ? resolve(m.table) : reject(new RosterFileError(m.message)))),
    );
    worker.on('error', (error: NodeJS.ErrnoException) =>
      finish(() =>
        reject(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new RosterFileError('文件过于复杂：读取它需要的内存超过上限')
            : new RosterFileError(`文件无法读取：${error.message.split('\n')[0]}`),
        ),
      ),
    );
    worker.on('exit', (code) => finish(() => reject(new RosterFileError(`文件无法读取（读取进程退出，代码 ${code}）`))));
  });
}
