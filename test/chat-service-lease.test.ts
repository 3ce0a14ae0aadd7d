/**
 * A chat lease left by a process that died (kill -9) on this machine does not make the next
 * process wait for it to run out: the first message after a restart is answered at once.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { Conversation } from '../handlers/conversation.js';
import { ChatService, chatKey, holderIsDead } from '../src/chat-service.js';
import { loadGuideFile } from '../src/guide-file.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** The pid of a process that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('chat leases after a crash', () => {
  it('tells a dead holder on this machine from a live one', () => {
    const self = `${hostname()}/${process.pid}/me`;
    expect(holderIsDead(`${hostname()}/${deadPid()}/old`, self)).toBe(true);
    expect(holderIsDead(`${hostname()}/${process.pid}/earlier-run`, self)).toBe(true); // the same pid, another run
    expect(holderIsDead(self, self)).toBe(false);
    expect(holderIsDead(`${hostname()}/${process.ppid}/parent`, self)).toBe(false); // alive
    expect(holderIsDead(`another-host/${deadPid()}/x`, self)).toBe(false); // not ours to judge: its lease runs out
  });

  it('the first message after a kill -9 takes over the dead process lease instead of waiting for it', { timeout: 10_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'shenbao-lease-'));
    dirs.push(dir);
    const store = await openSqliteStore(dir);
    const lock = `lock:${chatKey('console', 'c1')}`;
    const dead = `${hostname()}/${deadPid()}/before-the-crash`;
    expect(await store.acquireLease(lock, dead, 30_000)).toBe(true);
    const service = new ChatService(store, new Conversation(loadGuideFile()), { clock: () => Date.now(), logger: pino({ level: 'silent' }) });
    const replies = await service.handle({ channel: 'console', chatId: 'c1', userId: 'u', text: '你好' });
    expect(replies.length).toBeGreaterThan(0);
    expect(await store.leaseOwner(lock)).not.toBe(dead);
    await service.drain();
    await store.close();
  });
});
