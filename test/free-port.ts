import { createServer } from 'node:net';

/** A TCP port free on 127.0.0.1 right now (for a server, a broker or a database a test starts). */
export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });
}
