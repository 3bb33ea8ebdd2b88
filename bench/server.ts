/**
 * A bench server in its own process on an existing, seeded database: prints `{"port":N}` once it
 * listens and runs until SIGTERM. `spawnBenchServer` (lib.ts) starts it, optionally with a seam
 * hook (e.g. bench/seams/no-audit.register.mjs) that only benchmarks load.
 */
import { testConfig } from '../src/server/config';
import { openDatabase } from '../src/server/db';
import { buildApp } from '../src/server/app';
import { BENCH_SECRET } from './lib';

const databaseUrl = process.argv[2];
const poolSize = testConfig().databasePoolSize;
const database = await openDatabase({ databaseUrl, poolSize });
const built = await buildApp({ config: testConfig({ databasePoolSize: poolSize, loginRatePerMinute: 100_000 }), database, secretKey: BENCH_SECRET, logger: false });
await built.app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`${JSON.stringify({ port: (built.app.server.address() as { port: number }).port })}\n`);
process.on('SIGTERM', () => {
  void built.app.close().then(() => database.close()).then(() => process.exit(0));
});
