import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, loadConfig, type Config } from './config';
import { buildApp } from './app';
import { openRuntime } from './runtime';
import { interleaveWhileSeeding, isDatabaseEmpty, pendingSeedLevel, seedDatabase } from './platform/seed';
import { startJobs } from './platform/jobs';
import { classifyDbError } from './db';
import { ROLE_LABELS, type Role } from '../shared/access';

/** Process entry: config → db → migrate → seed (first run) → listen; SIGTERM shuts down cleanly. */
export async function serve(config: Config): Promise<void> {
  const started = Date.now();
  const phases: Record<string, number> = {};
  const mark = (name: string, since: number) => (phases[name] = Date.now() - since);
  let t = Date.now();
  const rt = await openRuntime(config);
  mark('database+migrations', t);
  t = Date.now();
  const { app, deps, modules } = await buildApp({ config, database: rt.database, secretKey: rt.secretKey });
  mark('app', t);

  // First run: the organisation and the users before listening (logins work at once), then the
  // other modules' data in the background so the server answers within seconds.
  let background: 'demo' | 'org' | undefined;
  if (config.seed !== 'none' && (await isDatabaseEmpty(deps))) {
    t = Date.now();
    const r = await seedDatabase(deps, modules.filter((m) => m.name === 'org'), { level: config.seed, adminPassword: config.adminPassword, demoPassword: config.demoPassword });
    mark('seed', t);
    printFirstRun(config, r);
    background = config.seed;
  } else {
    // A seed interrupted by a stop, or a module added since: finish it at the recorded level.
    background = await pendingSeedLevel(deps, modules);
  }

  const stopJobs = config.jobs ? startJobs(deps, modules) : () => undefined;
  const onReady = modules.flatMap((m) => (m.onReady ? [m.onReady] : []));
  const stoppers: (() => Promise<void> | void)[] = [];
  for (const f of onReady) {
    const stop = await f(deps);
    if (stop) stoppers.push(stop);
  }

  await app.listen({ port: config.port, host: config.host });
  app.log.info({ ms: Date.now() - started, phases, database: rt.database.kind }, `安治 Anzhi 已启动：http://localhost:${config.port}`);
  let seeding: Promise<void> = Promise.resolve();
  if (background) {
    deps.status.seeding = true;
    const t0 = Date.now();
    const restore = interleaveWhileSeeding(deps);
    seeding = seedDatabase(deps, modules, { level: background, adminPassword: config.adminPassword, demoPassword: config.demoPassword })
      .then(() => app.log.info({ ms: Date.now() - t0 }, background === 'demo' ? '演示数据已就绪' : '参考数据已就绪'))
      .catch((e) => app.log.error({ err: e }, '写入演示数据失败（下次启动时继续）'))
      .finally(() => {
        restore();
        deps.status.seeding = false;
      });
  }

  // Nothing the database does may end the process: a rejection nobody awaited is logged and the
  // process goes on; an exception thrown into the event loop by the database driver likewise. Any
  // other uncaught exception leaves the process in an unknown state: logged, then exit (restart).
  process.on('unhandledRejection', (reason) => {
    deps.database.health.report(reason);
    app.log.error({ err: reason }, '未处理的异步错误（已记录，服务继续运行）');
  });
  process.on('uncaughtException', (err) => {
    if (classifyDbError(err)) {
      deps.database.health.report(err);
      app.log.error({ err }, '数据库连接错误（已记录，服务继续运行）');
      return;
    }
    app.log.fatal({ err }, '未捕获的异常，进程退出');
    process.exit(1);
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, '正在停止：不再接受新请求，等待处理中的请求完成');
    const force = setTimeout(() => {
      app.log.error('停止超时，强制退出');
      process.exit(1);
    }, 25_000);
    force.unref();
    try {
      stopJobs();
      await app.close();
      await seeding;
      for (const s of stoppers) await s();
      await rt.release();
      app.log.info('已停止，数据库已正常关闭');
      process.exit(0);
    } catch (e) {
      app.log.error({ err: e }, '停止时出错');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

function printFirstRun(config: Config, r: Awaited<ReturnType<typeof seedDatabase>>) {
  if (!r.seeded) return;
  process.stdout.write(firstRunBanner(config.port, r));
}

/** The first run's banner: address, admin password, one demo login per role (roles in Chinese). */
export function firstRunBanner(port: number, r: Awaited<ReturnType<typeof seedDatabase>>): string {
  const lines = ['', '================ 安治 Anzhi：首次启动 ================', `地址：http://localhost:${port}`];
  lines.push(`管理员：admin  密码：${r.adminPasswordGenerated ? r.adminPassword : '（ANZHI_ADMIN_PASSWORD）'}${r.adminPasswordGenerated ? '（首次登录后须修改）' : ''}`);
  if (r.demoPassword) {
    lines.push(`演示账号（密码均为 ${r.demoPasswordGenerated ? r.demoPassword : 'ANZHI_DEMO_PASSWORD 的值'}）：`);
    for (const l of r.logins.filter((x) => x.username !== 'admin')) lines.push(`  ${l.username.padEnd(12)} ${(ROLE_LABELS[l.role as Role] ?? l.role).padEnd(8, '　')} ${l.unit}`);
  }
  lines.push('以上密码只显示这一次，请妥善保存。', '======================================================', '');
  return lines.join('\n') + '\n';
}

/** Start the server from the environment's settings; exits with a message on a configuration error. */
export function runServer(): void {
  let config: Config;
  try {
    config = loadConfig();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  serve(config).catch((e) => {
    process.stderr.write(`启动失败：${(e as Error).message}\n`);
    if (!(e instanceof Error && /数据目录/.test(e.message))) process.stderr.write(`${(e as Error).stack}\n`);
    process.exit(1);
  });
}

const isEntry = !!process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isEntry) runServer();
