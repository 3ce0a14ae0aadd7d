import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';

/** Owner ids of the lease holders of this very process (tests run several). */
const ownersHere = new Set<string>();

/** "host/pid/uuid": enough to tell, on the same machine, that the holder's process has died. */
export function leaseOwnerId(): string {
  const id = `${hostname()}/${process.pid}/${randomUUID()}`;
  ownersHere.add(id);
  return id;
}

/** True when `holder` ran on this machine and its process no longer does (pid reuse by this very process included). */
export function holderIsDead(holder: string, self: string): boolean {
  const [host, pidText, id] = holder.split('/');
  const [myHost, myPid, myId] = self.split('/');
  if (host !== myHost || !pidText || !id) return false;
  // This pid: one of this process's holders is alive; any other id is an earlier run that had the same pid.
  if (pidText === myPid) return id !== myId && !ownersHere.has(holder);
  try {
    process.kill(Number(pidText), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}
