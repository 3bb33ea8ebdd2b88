import type { DbOrTx } from '../../db';
import { SYSTEM_CONTEXT } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import type { AppDeps } from '../../platform/deps';
import { claimRun, runExclusive } from '../../platform/jobs';
import { notify } from '../../platform/notifications';
import { dueDateOf, periodLabel, periodOf, periodsBetween } from '../../../shared/campaign/periods';
import { chinaDate, daysBetween, formatDateChinese } from '../../../shared/time';
import * as repo from './repo';
import { currentPeriodOf, settingsOf } from './campaign.common';
import { loadUnits, type Units } from './campaign.units';

/**
 * Reminders and escalation (督办提醒). Once a day (claimRun on the China date) for every active
 * campaign:
 *  - N days before the due date (campaign setting remindDaysBefore, default 3): units that have not
 *    submitted the month's report;
 *  - after the due date: units whose report of a month is missing, a draft or returned — once per
 *    unit and month;
 *  - once a month: units with items past their deadline and not completed.
 * Each reminder is an in-app notification to every user of the unit (platform `notify`; dedupe
 * keys make it idempotent) and, when ANZHI_WEBHOOK_URL is set, the same JSON POSTed to it (an SMS gateway).
 * Webhook deliveries sit in an outbox and are retried on every tick until delivered (at most
 * MAX_ATTEMPTS); a failing gateway is logged and never stops the job. The scheduler may run on
 * several app instances: runExclusive (advisory lock) lets one of them work at a time.
 */
export const REMINDER_JOB = 'campaign.reminders';
const MAX_ATTEMPTS = 10;
const DELIVERIES_PER_TICK = 50;

export interface ReminderPayload {
  event: 'campaign.reminder';
  kind: 'due_soon' | 'overdue_report' | 'overdue_items';
  title: string;
  body: string;
  link: string;
  campaign: { id: string; name: string };
  unit: { id: string; name: string };
  period: string | null;
  dueDate: string | null;
  createdAt: string;
}

export interface ReminderRunResult {
  claimed: boolean;
  notifications: number;
  queued: number;
  delivered: number;
  failed: number;
}

async function remind(tx: DbOrTx, deps: AppDeps, key: string, p: Omit<ReminderPayload, 'event' | 'createdAt'>, now: Date, counts: ReminderRunResult) {
  const fresh = await notify(tx, deps, { unitId: p.unit.id, kind: `campaign.${p.kind}`, title: p.title, body: p.body, link: p.link, dedupeKey: key });
  if (!fresh) return;
  counts.notifications++;
  if (deps.config.webhookUrl) {
    const payload: ReminderPayload = { event: 'campaign.reminder', ...p, link: new URL(p.link, deps.config.publicBaseUrl).toString(), createdAt: now.toISOString() };
    if (await repo.enqueueWebhook(tx, key, payload, now)) counts.queued++;
  }
}

async function computeReminders(tx: DbOrTx, deps: AppDeps, now: Date, counts: ReminderRunResult) {
  const day = chinaDate(now);
  const units: Units = await loadUnits(tx);
  for (const c of await repo.listActiveCampaigns(tx)) {
    const settings = settingsOf(c);
    const closed = await repo.closedPeriods(tx, c.id);
    const campaign = { id: c.id, name: c.name };
    const current = periodOf(day);
    // 1. due soon: this month's report
    if (current >= periodOf(c.startDate) && current <= periodOf(c.endDate) && !closed.has(current)) {
      const due = dueDateOf(current, settings.dueDay);
      const left = daysBetween(day, due);
      if (left >= 0 && left <= settings.remindDaysBefore) {
        for (const u of await repo.unitsNotSubmitted(tx, c.id, current, units.order)) {
          await remind(
            tx,
            deps,
            `campaign:${c.id}:due:${u.unitId}:${current}`,
            {
              kind: 'due_soon',
              title: `【专项整治】${periodLabel(current)}进展报告将于${formatDateChinese(due).slice(5)}截止`,
              body: `${c.name}：请于${due}前报送本单位${periodLabel(current)}工作进展${left === 0 ? '（今日截止）' : `（还有${left}天）`}。`,
              link: `/campaigns/${c.id}/report/${current}`,
              campaign,
              unit: { id: u.unitId, name: units.name(u.unitId) },
              period: current,
              dueDate: due,
            },
            now,
            counts,
          );
        }
      }
    }
    // 2. overdue reports, once per unit and month
    const last = currentPeriodOf(c, day);
    for (const p of periodsBetween(periodOf(c.startDate), last)) {
      const due = dueDateOf(p, settings.dueDay);
      if (due >= day || closed.has(p)) continue;
      for (const u of await repo.unitsNotSubmitted(tx, c.id, p, units.order)) {
        await remind(
          tx,
          deps,
          `campaign:${c.id}:overdue:${u.unitId}:${p}`,
          {
            kind: 'overdue_report',
            title: `【专项整治】${periodLabel(p)}进展报告已逾期`,
            body: `${c.name}：本单位${periodLabel(p)}工作进展应于${due}前报送，${u.status === 'returned' ? '退回后尚未重新提交' : u.status === 'draft' ? '草稿尚未提交' : '至今未报送'}，已逾期${daysBetween(due, day)}天，请尽快补报。`,
            link: `/campaigns/${c.id}/report/${p}`,
            campaign,
            unit: { id: u.unitId, name: units.name(u.unitId) },
            period: p,
            dueDate: due,
          },
          now,
          counts,
        );
      }
    }
    // 3. overdue items, once a month per unit
    for (const u of await repo.overdueDutyCountsByUnit(tx, c.id, day)) {
      await remind(
        tx,
        deps,
        `campaign:${c.id}:items:${u.unitId}:${current}`,
        {
          kind: 'overdue_items',
          title: `【专项整治】${u.n}项任务已超过完成时限`,
          body: `${c.name}：本单位有${u.n}项任务超过完成时限仍未完成（最早${u.earliest}到期），请加快推进并在月度报告中说明原因和措施。`,
          link: `/campaigns/${c.id}?tab=overdue`,
          campaign,
          unit: { id: u.unitId, name: units.name(u.unitId) },
          period: null,
          dueDate: u.earliest,
        },
        now,
        counts,
      );
    }
  }
}

async function deliverWebhooks(tx: DbOrTx, deps: AppDeps, now: Date, counts: ReminderRunResult) {
  const url = deps.config.webhookUrl;
  if (!url) return;
  for (const w of await repo.pendingWebhooks(tx, MAX_ATTEMPTS, DELIVERIES_PER_TICK)) {
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json; charset=utf-8', 'x-anzhi-event': 'campaign.reminder', 'x-anzhi-delivery': w.id },
        body: JSON.stringify(w.payload),
        signal: AbortSignal.timeout(5000),
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      await res.arrayBuffer().catch(() => undefined);
      await repo.markWebhook(tx, w.id, true, null, now);
      counts.delivered++;
    } catch (e) {
      const msg = (e as Error).message.slice(0, 500);
      await repo.markWebhook(tx, w.id, false, msg, now);
      counts.failed++;
      deps.log.warn({ job: REMINDER_JOB, delivery: w.id, attempts: w.attempts + 1, err: msg }, '提醒推送（webhook）失败，下次重试');
    }
  }
}

/**
 * One tick of the reminder job at the domain clock's now; undefined when another instance holds the
 * job right now. The day's reminders (notifications, outbox rows, the job_runs claim, the audit row)
 * commit together first; only then are webhooks delivered, in a transaction of their own. A tick
 * that fails before the commit (the database went away) leaves nothing behind and runs again at the
 * next slot; once the claim has committed the day is never computed twice, and a reminder rolled
 * back is never pushed. A delivery whose outcome could not be recorded is retried (at least once;
 * the x-anzhi-delivery header lets the receiver drop a repeat).
 */
export async function runCampaignReminders(deps: AppDeps): Promise<ReminderRunResult | undefined> {
  const now = deps.clock.now();
  const counts = await runExclusive(deps, REMINDER_JOB, async (tx) => {
    const c: ReminderRunResult = { claimed: false, notifications: 0, queued: 0, delivered: 0, failed: 0 };
    if (await claimRun(tx, REMINDER_JOB, chinaDate(now))) {
      c.claimed = true;
      await computeReminders(tx, deps, now, c);
      // The day's 督办 reminders are a system action on the record like any other mutation.
      if (c.notifications) {
        await recordAudit(tx, SYSTEM_CONTEXT, { action: 'campaign.reminders', entity: 'campaign_reminders', entityId: chinaDate(now), regionCode: null, after: { notifications: c.notifications, queued: c.queued } });
      }
    }
    return c;
  });
  if (!counts) return undefined;
  if (deps.config.webhookUrl) await runExclusive(deps, `${REMINDER_JOB}.deliver`, (tx) => deliverWebhooks(tx, deps, now, counts));
  return counts;
}
