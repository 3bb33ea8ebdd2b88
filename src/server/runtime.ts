import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Config } from './config';
import { openDatabase, type Database } from './db';
import { resolveSecretKey } from './platform/crypto';
import { takePidLock } from './platform/pid-lock';

/**
 * Opening the product's state, shared by the server and the CLI: the data-dir lock (PGlite is
 * single-process), the database, migrations and the SM4 key.
 */
export interface Runtime {
  config: Config;
  database: Database;
  secretKey: string;
  release(): Promise<void>;
}

/** PGlite allows one process per data directory: a pid lock file refuses a second one clearly. */
function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  return takePidLock(
    path.join(dataDir, 'anzhi.pid'),
    (pid) => new Error(`数据目录 ${dataDir} 正被进程 ${pid} 使用（嵌入式数据库只允许一个进程）。请先停止该进程，或改用 DATABASE_URL 连接 PostgreSQL。`),
  );
}

export async function openRuntime(config: Config, opts: { migrate?: boolean } = {}): Promise<Runtime> {
  const unlock = config.databaseUrl ? () => undefined : lockDataDir(config.dataDir);
  try {
    const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.databaseUrl ? undefined : config.dataDir, poolSize: config.databasePoolSize });
    if (opts.migrate !== false) await database.migrate();
    const secretKey = resolveSecretKey(config.secretKey, config.dataDir);
    return {
      config,
      database,
      secretKey,
      async release() {
        await database.close();
        unlock();
      },
    };
  } catch (e) {
    unlock();
    throw e;
  }
}
