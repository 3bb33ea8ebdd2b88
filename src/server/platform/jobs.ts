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

/** Claim (job, key) once across all instances and restarts; false when it already ran. */
export async function claimRun(tx: DbOrTx, job: string, runKey: string): Promise<boolean> {
  const r = await tx.insert(jobRuns).values({ job, runKey }).onConflictDoNothing().returning({ id: jobRuns.id });
  return r.length > 0;
}

export async function runJobOnce(deps: AppDeps, job: JobDefinition): Promise<unknown> {
  return job.run(deps);
}

export function startJobs(deps: AppDeps, modules: AppModule[]): () => void {
  const timers: NodeJS.Timeout[] = [];
  for (const m of modules) {
    for (const job of m.jobs ?? []) {
      const tick = async () => {
        try {
          await job.run(deps);
        } catch (e) {
          deps.log.error({ err: e, job: job.name }, '定时任务失败');
        }
      };
      const first = setTimeout(tick, 5_000);
      first.unref();
      const t = setInterval(tick, job.everySeconds * 1000);
      t.unref();
      timers.push(first, t);
    }
  }
  return () => timers.forEach((t) => clearTimeout(t));
}
