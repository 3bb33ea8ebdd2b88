import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * A pid lock file: one live process owns what it guards (the embedded database's data directory,
 * the ingestion journal). A lock left by a process that is gone — or by this pid in an earlier
 * life, as after a container restart — is taken over; a live owner makes `refuse(pid)` thrown.
 * Returns the release (removes the file only while it is still ours).
 */
export function takePidLock(file: string, refuse: (pid: number) => Error): () => void {
  if (existsSync(file)) {
    const pid = Number(readFileSync(file, 'utf8').trim());
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && pidAlive(pid)) throw refuse(pid);
  }
  writeFileSync(file, String(process.pid));
  return () => {
    try {
      if (readFileSync(file, 'utf8').trim() === String(process.pid)) rmSync(file);
    } catch {
      // already gone; a lock left behind is taken over by the next start
    }
  };
}
