import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../../../test/helpers';
import { runJobOnce } from './jobs';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(async () => {
  await t?.close();
});

/**
 * The scheduler runs every module's jobs on their interval; a job that fails only warns in the log
 * and tries again at the next tick, so a job that can never run (e.g. one querying `deps.db` inside
 * its own transaction, which PGlite refuses) would go unnoticed. Here each one runs as the
 * scheduler runs it, on the demo data, and must finish.
 */
describe('scheduled jobs', () => {
  it('every job of every module runs to the end on the demo data', async () => {
    const jobs = t.modules.flatMap((m) => (m.jobs ?? []).map((job) => ({ module: m.name, job })));
    expect(jobs.map((j) => j.job.name)).toEqual(expect.arrayContaining(['hazard.overdue', 'monitoring.offline', 'monitoring.escalate', 'monitoring.series']));
    const failures: string[] = [];
    for (const { job } of jobs) {
      try {
        await runJobOnce(t.deps, job);
      } catch (e) {
        failures.push(`${job.name}: ${(e as Error).message}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('a job run twice at once does its work once and neither run fails', async () => {
    const jobs = t.modules.flatMap((m) => m.jobs ?? []);
    const results = await Promise.allSettled(jobs.flatMap((job) => [runJobOnce(t.deps, job), runJobOnce(t.deps, job)]));
    expect(results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason))).toEqual([]);
  });
});
