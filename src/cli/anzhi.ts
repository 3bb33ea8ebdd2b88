import { readFile } from 'node:fs/promises';
import { ConfigError, loadConfig } from '../server/config';
import { serve } from '../server/main';
import { openRuntime } from '../server/runtime';
import { buildApp } from '../server/app';
import { verifyAuditChain } from '../server/platform/audit';
import { backupDatabase, restoreDatabase, RestoreError } from '../server/platform/backup';
import { isDatabaseEmpty, seedDatabase } from '../server/platform/seed';

const HELP = `安治 Anzhi 命令行

用法：npx anzhi <命令> [参数]

  serve                 启动服务（同 npm start）
  migrate               执行数据库迁移（只进不退）
  seed [--org-only]     向空库写入东西湖区组织机构与演示数据
  audit verify          校验审计日志 SM3 哈希链，指出第一条被改动的记录
  draw verify --all|编号 按存档的对象库、种子与算法重算双随机抽取，指出结果不一致的抽取
  backup FILE           把整个数据库备份到 FILE（gzip 压缩的 JSON 行）
  restore FILE          把 FILE 恢复到空数据库，并校验行数与校验和
  simulate --sensors N --rate R [--seconds S] [--mqtt URL]
                        模拟重大危险源采集终端经 MQTT 上报读数（偶发泄漏与离线），见 monitoring 模块 README
  plan parse FILE [--json]
                        解析方案文件（.txt/.docx），输出任务树（--json 输出 JSON）

环境变量见 README（DATABASE_URL 切换到 PostgreSQL，DATA_DIR 指定嵌入式数据目录）。`;

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (!cmd || cmd === 'help' || cmd === '--help' || cmd === '-h') {
    process.stdout.write(`${HELP}\n`);
    return cmd ? 0 : 2;
  }
  if (cmd === 'plan') {
    const { runPlanParseCli } = await import('../shared/plan/cli');
    const { referenceUnitDirectory } = await import('../shared/org/reference');
    if (rest[0] !== 'parse') {
      process.stderr.write('用法：npx anzhi plan parse FILE [--json]\n');
      return 2;
    }
    return runPlanParseCli(rest.slice(1), {
      readFile: async (p: string) => new Uint8Array(await readFile(p)),
      stdout: (s: string) => process.stdout.write(s),
      stderr: (s: string) => process.stderr.write(s),
    }, { units: referenceUnitDirectory() }); // the shipped organisation registry (what the seed writes); --no-units for other regions
  }
  const config = loadConfig();
  if (cmd === 'serve') {
    await serve(config);
    return -1; // keeps running
  }
  if (cmd === 'simulate') {
    // Opens the database itself (and, with the embedded one held by the server, does without it).
    const { runSimulateCli } = await import('../server/modules/monitoring');
    return runSimulateCli(config, rest, {
      out: (s) => process.stdout.write(s),
      err: (s) => process.stderr.write(s),
      openApp: async () => {
        const rt = await openRuntime(config);
        try {
          const { deps } = await buildApp({ config: { ...config, logLevel: 'silent' }, database: rt.database, secretKey: rt.secretKey, logger: false });
          return { deps, release: () => rt.release() };
        } catch (e) {
          await rt.release();
          throw e;
        }
      },
    });
  }
  // Every command works on a migrated database (restore needs the schema to restore into).
  const rt = await openRuntime(config);
  try {
    switch (cmd) {
      case 'migrate':
        process.stdout.write(`迁移完成（${rt.database.kind}）\n`);
        return 0;
      case 'seed': {
        const { deps, modules } = await buildApp({ config: { ...config, logLevel: 'silent' }, database: rt.database, secretKey: rt.secretKey, logger: false });
        if (!(await isDatabaseEmpty(deps))) {
          process.stderr.write('数据库不是空库，未写入种子数据\n');
          return 1;
        }
        const r = await seedDatabase(deps, modules, { level: rest.includes('--org-only') ? 'org' : 'demo', adminPassword: config.adminPassword, demoPassword: config.demoPassword });
        process.stdout.write(`已写入${rest.includes('--org-only') ? '组织机构' : '组织机构与演示数据'}。\n管理员 admin 密码：${r.adminPassword}\n`);
        if (r.demoPassword) process.stdout.write(`演示账号 ${r.logins.filter((l) => l.username !== 'admin').map((l) => l.username).join('、')} 密码：${r.demoPassword}\n`);
        return 0;
      }
      case 'audit': {
        if (rest[0] !== 'verify') {
          process.stderr.write('用法：npx anzhi audit verify\n');
          return 2;
        }
        const r = await verifyAuditChain(rt.database);
        if (r.ok) {
          process.stdout.write(`审计链完整：${r.rows} 条记录，${r.lanes} 条链，SM3 校验全部通过\n`);
          return 0;
        }
        const b = r.broken!;
        process.stdout.write(`审计链被破坏：第一条异常记录 id=${b.id ?? '（无）'}（链 ${b.lane}，序号 ${b.seq}）：${b.reason}\n`);
        return 1;
      }
      case 'draw': {
        if (rest[0] !== 'verify') {
          process.stderr.write('用法：npx anzhi draw verify --all | 抽取编号\n');
          return 2;
        }
        const { runDrawVerifyCli } = await import('../server/modules/inspection');
        return runDrawVerifyCli(rt.database, rest.slice(1), (s) => process.stdout.write(s));
      }
      case 'backup': {
        if (!rest[0]) {
          process.stderr.write('用法：npx anzhi backup FILE\n');
          return 2;
        }
        const h = await backupDatabase(rt.database, rest[0]);
        const total = h.tables.reduce((s, t) => s + t.rows, 0);
        process.stdout.write(`已备份 ${h.tables.length} 张表、${total} 行到 ${rest[0]}\n`);
        return 0;
      }
      case 'restore': {
        if (!rest[0]) {
          process.stderr.write('用法：npx anzhi restore FILE\n');
          return 2;
        }
        const r = await restoreDatabase(rt.database, rest[0]);
        const total = r.verified.reduce((s, t) => s + t.rows, 0);
        process.stdout.write(`已恢复 ${r.verified.length} 张表、${total} 行；行数与校验和与备份一致\n`);
        return 0;
      }
      default:
        process.stderr.write(`未知命令：${cmd}\n\n${HELP}\n`);
        return 2;
    }
  } finally {
    await rt.release();
  }
}

main(process.argv.slice(2))
  .then((code) => {
    if (code >= 0) process.exit(code);
  })
  .catch((e) => {
    if (e instanceof ConfigError || e instanceof RestoreError) process.stderr.write(`${e.message}\n`);
    else process.stderr.write(`失败：${(e as Error).message}\n`);
    process.exit(1);
  });
