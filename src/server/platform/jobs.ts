import { sql } from 'drizzle-orm';
import { rows, type DbOrTx } from '../db';
import type { AppDeps, AppModule, JobDefinition } from './deps';
import { jobRuns } from './platform.schema';

/**
 * Scheduled jobs. Several app instances may run the scheduler: each tick takes a transaction-level
 * advisory lock per job (pg_try_advisory_xact_lock), so one instance runs it; jobs make their work
 * idempotent with `claimRun(job, key)` (one row per job and period in job_runs).
 */
function lockKey(name: string): number {
  let h = 0;
  for (const ch of name) h = (Math.imul(h, 31) + ch.charCodeAt(0)) | 0;
  return h;
}

/** Run `fn` if no other instance is running this job right now. Returns undefined when skipped. */
export async function runExclusive<T>(deps: AppDeps, name: string, fn: (tx: DbOrTx) => Promise<T>): Promise<T | undefined> {
  return deps.db.transaction(async (tx) => {
    const [r] = await rows<{ ok: boolean }>(tx, sql`SELECT pg_try_advisory_xact_lock(${lockKey(`job:${name}`)}) AS ok`);
    if (!r.ok) return undefined;
    return fn(tx);
  });
}

/**
 * Run `fn` — a job that opens its own transactions on `deps.db`, one per item — if no other instance
 * is running this job. On PostgreSQL a transaction on one pooled connection holds the advisory lock
 * while `fn` works on the others. PGlite is one process with one connection and the scheduler never
 * overlaps a job's ticks, so there `fn` runs as it is: holding a transaction would make every query
 * of `fn` wait on it (the self-wait guard refuses them).
 */
export async function runAlone<T>(deps: AppDeps, name: string, fn: () => Promise<T>): Promise<T | undefined> {
  if (deps.database.kind === 'pglite') return fn();
  return runExclusive(deps, name, () => fn());
}

/** Claim (job, key) once across all instances and restarts; false when it already ran. */
export async function claimRun(tx: DbOrTx, job: string, runKey: string): Promise<boolean> {
  const r = await tx.insert(jobRuns).values({ job, runKey }).onConflictDoNothing().returning({ id: jobRuns.id });
  return r.length > 0;
}

export async function runJobOnce(deps: AppDeps, job: JobDefinition): Promise<unknown> {
  return job.run(deps);
}

/**
 * Run every module's jobs on their interval. An outage costs a tick, never a duplicate: while the
 * database is known to be unreachable the tick is skipped; a tick that fails (its transaction rolled
 * back, its job_runs claim with it) is retried at the next slot; a claim that committed is never
 * run again for the same period. A failing job warns once, not at every tick, and says when it is
 * back. Ticks of one job never overlap.
 */
export function startJobs(deps: AppDeps, modules: AppModule[]): () => void {
  const timers: NodeJS.Timeout[] = [];
  const health = deps.database.health;
  for (const m of modules) {
    for (const job of m.jobs ?? []) {
      let running = false;
      let failing = false;
      const tick = async () => {
        if (running) return;
        running = true;
        try {
          if (!health.available) {
            if (!failing) deps.log.warn({ job: job.name, nextInSeconds: job.everySeconds }, '数据库不可用，定时任务本次跳过，将在下个周期重试');
            failing = true;
            return;
          }
          await job.run(deps);
          if (failing) deps.log.info({ job: job.name }, '定时任务已恢复');
          failing = false;
        } catch (e) {
          const kind = health.report(e);
          if (failing) deps.log.debug({ err: e, job: job.name }, '定时任务仍然失败');
          else {
            const why = kind === 'unavailable' ? '数据库不可用' : kind === 'storage' ? '存储空间不足' : '执行出错';
            deps.log.warn({ err: e, job: job.name, nextInSeconds: job.everySeconds }, `定时任务失败（${why}），将在下个周期重试`);
          }
          failing = true;
        } finally {
          running = false;
        }
      };
      const first = setTimeout(() => void tick(), 5_000);
      first.unref();
      const t = setInterval(() => void tick(), job.everySeconds * 1000);
      t.unref();
      timers.push(first, t);
    }
  }
  return () => timers.forEach((t) => clearTimeout(t));
}
