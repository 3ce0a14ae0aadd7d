// A throwaway Debian redis-server for tests and the bench: on a free loopback port, in its own
// temp dir, without persistence. `.ci/run` installs redis-server when it is missing.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './telegram-process.js';

export interface RedisServer {
  /** redis://127.0.0.1:PORT (with the password, if any) */
  url: string;
  port: number;
  /** Stops it (SIGKILL: nothing is kept, as with a crash). */
  stop(): Promise<void>;
  /** Starts it again on the same port (after stop): empty, as after an outage without persistence, unless `persistent`. */
  restart(): Promise<void>;
}

const BINARY = process.env.REDIS_SERVER_BIN ?? 'redis-server';

/**
 * `persistent`: an append-only file (fsync on every write) in its temp dir, so that data survives
 * `stop()` (SIGKILL) and `restart()`, as with the production setting `--appendonly yes`.
 * `password`: required of clients (`url` then carries it).
 */
export async function startRedis(opts: { persistent?: boolean; password?: string } = {}): Promise<RedisServer> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'shenbao-redis-'));
  dirs.push(dir);
  let child: ChildProcess | undefined;
  const launch = async () => {
    child = spawn(
      BINARY,
      [
        ...['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--dir', dir, '--maxmemory-policy', 'noeviction'],
        ...(opts.persistent ? ['--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no']),
        ...(opts.password ? ['--requirepass', opts.password] : []),
      ],
      { stdio: 'ignore' },
    );
    const exited = new Promise<never>((_, reject) => {
      child!.once('error', (error) => reject(new Error(`redis-server could not start (is it installed? .ci/run installs it): ${error.message}`)));
      child!.once('exit', (code) => reject(new Error(`redis-server exited at start (code ${code})`)));
    });
    await Promise.race([untilPing(port), exited]);
  };
  const stop = async () => {
    const c = child;
    child = undefined;
    if (!c || c.exitCode !== null) return;
    const gone = new Promise((resolve) => c.once('exit', resolve));
    c.kill('SIGKILL');
    await gone;
  };
  await launch();
  return {
    url: opts.password ? `redis://:${encodeURIComponent(opts.password)}@127.0.0.1:${port}` : `redis://127.0.0.1:${port}`,
    port,
    stop,
    restart: launch,
  };
}

const dirs: string[] = [];
process.on('exit', () => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function untilPing(port: number, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await ping(port)) return;
    if (Date.now() > until) throw new Error(`redis-server did not answer on port ${port}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function ping(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.setTimeout(500);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (data) => {
      socket.destroy();
      resolve(/^(\+PONG|-NOAUTH)/.test(data.toString())); // -NOAUTH: up, with a password
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}
