import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * The whole-process tests run the built bot and CLI (`npm start`, `npm run cli` → dist/), so
 * every test run builds first: a test never runs yesterday's bundle. About half a second.
 */
export default function setup(): void {
  execFileSync(process.execPath, [fileURLToPath(new URL('../scripts/build.mjs', import.meta.url))], { stdio: 'inherit' });
}
