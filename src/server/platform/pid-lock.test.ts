import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { takePidLock } from './pid-lock';

const dir = mkdtempSync(path.join(os.tmpdir(), 'anzhi-pidlock-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const refuse = (pid: number) => new Error(`被进程 ${pid} 使用`);

describe('pid lock', () => {
  it('a live owner refuses; a dead one, garbage or our own pid is taken over; release removes only our lock', () => {
    const file = path.join(dir, 'x.pid');
    writeFileSync(file, String(process.ppid));
    expect(() => takePidLock(file, refuse)).toThrow(`被进程 ${process.ppid} 使用`);
    for (const stale of ['2147483', 'not a pid', String(process.pid)]) {
      writeFileSync(file, stale);
      const release = takePidLock(file, refuse);
      expect(readFileSync(file, 'utf8')).toBe(String(process.pid));
      release();
      expect(existsSync(file)).toBe(false);
    }
    const release = takePidLock(file, refuse);
    writeFileSync(file, '2147483'); // taken over by another process meanwhile
    release();
    expect(readFileSync(file, 'utf8')).toBe('2147483');
  });
});
