import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { rows, type DbOrTx } from '../../db';
import { SYSTEM_CONTEXT, type RequestContext } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import { ChecklistItemInput, type Cycle } from '../../../shared/contracts/checklist';
import { addDays, chinaToday, periodsEndingBetween } from '../../../shared/checklist/cycle';
import type { Rng } from '../org';
import * as repo from './checklist.repo';
import { selfInspectionResults, selfInspectionRuns } from './checklist.schema';
import { AUDIT_ENTITY, validateItems } from './checklist.service';
import { projectPath } from '../../paths';

/**
 * Reference checklists shipped in reference-data/checklists/*.json (cited, official-layout content for
 * 危险化学品, 消防, 城镇燃气, 建筑施工). Seeded at every seed level as published version 1: they
 * are reference content, not demo data.
 */
export const REFERENCE_CHECKLIST_DIR = `${projectPath('reference-data', 'checklists')}${path.sep}`;

export interface ChecklistFixture {
  code: string;
  sector: string;
  name: string;
  applicability: string;
  basisNote: string;
  methodNote: string;
  sources: string[];
  items: ChecklistItemInput[];
}

export function loadReferenceChecklists(dir = REFERENCE_CHECKLIST_DIR): ChecklistFixture[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const doc = JSON.parse(readFileSync(path.join(dir, f), 'utf8')) as ChecklistFixture;
      // Fail loudly on a broken fixture: shipped content must validate like user input.
      doc.items = doc.items.map((it, i) => {
        const r = ChecklistItemInput.safeParse(it);
        if (!r.success) throw new Error(`${f} 第 ${i + 1} 项无效：${r.error.issues.map((x) => `${x.path.join('.')} ${x.message}`).join('；')}`);
        return r.data;
      });
      return doc;
    });
}

/**
 * Insert the reference templates that are not there yet (by code). Idempotent: also used by the
 * "install reference checklists" action on databases seeded before this module existed.
 */
export async function installReferenceChecklists(tx: DbOrTx, ctx: RequestContext = SYSTEM_CONTEXT, regionCode = '420112'): Promise<{ installed: string[]; skipped: string[] }> {
  const installed: string[] = [];
  const skipped: string[] = [];
  const userId = ctx.actor?.userId ?? null;
  for (const f of loadReferenceChecklists()) {
    if (await repo.findTemplateByCode(tx, f.code)) {
      skipped.push(f.code);
      continue;
    }
    const { values, issues } = validateItems(f.items);
    if (issues.length) throw new Error(`${f.code}: ${issues[0].path} ${issues[0].message}`);
    const t = await repo.insertTemplate(tx, { code: f.code, sector: f.sector, regionCode, builtin: true, createdBy: userId });
    const v = await repo.insertVersion(tx, {
      templateId: t.id,
      version: 1,
      status: 'published',
      name: f.name,
      applicability: f.applicability,
      basisNote: f.basisNote,
      methodNote: f.methodNote,
      changeNote: `内置参考清单。主要依据：${f.sources.join('；')}`.slice(0, 500),
      itemCount: values.length,
      majorCount: values.filter((x) => x.majorStandard).length,
      createdBy: userId,
      publishedAt: new Date(),
      publishedBy: userId,
    });
    await repo.replaceItems(tx, v.id, values);
    await repo.updateTemplateRow(tx, t.id, { currentVersionId: v.id });
    await recordAudit(tx, ctx, { action: 'checklist.seed', entity: AUDIT_ENTITY, entityId: t.id, regionCode, after: { code: f.code, sector: f.sector, name: f.name, version: 1, items: values.length } });
    installed.push(f.code);
  }
  return { installed, skipped };
}

// ---------- demo self-inspection plans and history ----------

interface DemoPlan {
  code: string;
  name: string;
  cycle: Cycle;
  categories: string[];
}

const QIYE_PLANS: DemoPlan[] = [
  { code: 'hazchem-trade', name: '每日安全巡查', cycle: 'daily', categories: ['经营场所', '应急与现场防护'] },
  { code: 'fire-general', name: '每周消防安全检查', cycle: 'weekly', categories: ['安全疏散', '消防设施器材'] },
  { code: 'hazchem-trade', name: '每月安全生产全面自查', cycle: 'monthly', categories: [] },
];

const BY_SECTOR: Record<string, DemoPlan[]> = {
  hazchem: [
    { code: 'hazchem-use', name: '每日危化品使用巡查', cycle: 'daily', categories: ['使用现场'] },
    { code: 'hazchem-production', name: '每月全面自查', cycle: 'monthly', categories: [] },
  ],
  fire: [
    { code: 'fire-crowded', name: '营业前每日防火检查', cycle: 'daily', categories: ['安全疏散', '用火用电用气'] },
    { code: 'fire-crowded', name: '每月防火检查', cycle: 'monthly', categories: [] },
  ],
  citygas: [
    { code: 'citygas-lpg-station', name: '供应站每日巡查', cycle: 'daily', categories: ['气瓶与现场管理'] },
    { code: 'citygas-operator', name: '每月全面自查', cycle: 'monthly', categories: [] },
  ],
  construction: [{ code: 'construction-site', name: '项目部每周安全检查', cycle: 'weekly', categories: ['安全管理', '施工用电', '起重机械', '高处作业'] }],
};

/**
 * Demo: the `qiye` enterprise (first 危险化学品 enterprise of 将军路街道, as platform/seed picks it)
 * and ~40 enterprises of the four sectors get plans with 30 days of history (mostly done, some
 * missed), so the completion charts and the behind-schedule list have something to show. Today's
 * runs are left to do. History runs record every item as 合格/不适用 (no hazards: the demo users
 * are created after module seeds, and hazards need an actor).
 */
export async function seedDemoSelfInspection(tx: DbOrTx, rng: Rng, now: Date): Promise<void> {
  const today = chinaToday(now);
  const start = addDays(today, -30);
  const templates = new Map<string, { id: string; versionId: string }>();
  for (const t of await rows<{ id: string; code: string; current_version_id: string }>(tx, sql`SELECT id, code, current_version_id FROM checklist_templates WHERE current_version_id IS NOT NULL`)) {
    templates.set(t.code, { id: t.id, versionId: t.current_version_id });
  }
  const qiye = (
    await rows<{ id: string; region_code: string; sector: string; safety_manager_name: string }>(
      tx,
      sql`SELECT id, region_code, sector, safety_manager_name FROM enterprises WHERE sector = 'hazchem' AND region_code = '420112004' ORDER BY credit_code LIMIT 1`,
    )
  )[0];
  const others = await rows<{ id: string; region_code: string; sector: string; safety_manager_name: string }>(
    tx,
    sql`SELECT id, region_code, sector, safety_manager_name FROM enterprises
        WHERE sector IN ('hazchem', 'fire', 'citygas', 'construction') AND status = '在营' AND id <> ${qiye?.id ?? '00000000-0000-0000-0000-000000000000'}
        ORDER BY credit_code`,
  );
  const chosen = others.filter(() => rng.chance(0.5)).slice(0, 40);
  const itemsCache = new Map<string, repo.ItemRow[]>();
  const itemsOf = async (versionId: string, categories: string[]) => {
    const key = `${versionId}|${categories.join(',')}`;
    if (!itemsCache.has(key)) itemsCache.set(key, await repo.listItems(tx, versionId, categories));
    return itemsCache.get(key)!;
  };
  let plans = 0;
  let runs = 0;
  const addPlan = async (e: { id: string; region_code: string; sector: string; safety_manager_name: string }, p: DemoPlan, diligence: number, isQiye: boolean) => {
    const t = templates.get(p.code);
    if (!t) return;
    const plan = await repo.insertPlan(tx, {
      enterpriseId: e.id,
      regionCode: e.region_code,
      sector: e.sector,
      templateId: t.id,
      name: p.name,
      cycle: p.cycle,
      categories: p.categories,
      responsibleName: e.safety_manager_name || '安全负责人',
      startDate: start,
    });
    plans++;
    const items = await itemsOf(t.versionId, p.categories);
    // Periods that ended before today: done (submitted) or missed.
    const periods = periodsEndingBetween(p.cycle, start, addDays(today, -1));
    const runValues: (typeof selfInspectionRuns.$inferInsert)[] = [];
    for (const per of periods) {
      // The qiye demo misses two days early on, so its tallies show a real rate.
      const done = isQiye ? !(p.cycle === 'daily' && (per.key === addDays(start, 3) || per.key === addDays(start, 9))) : rng.chance(diligence);
      const submittedAt = new Date(`${per.end}T${String(8 + rng.int(0, 9)).padStart(2, '0')}:${String(rng.int(0, 59)).padStart(2, '0')}:00+08:00`);
      const na = done ? items.filter(() => rng.chance(0.08)).length : 0;
      runValues.push({
        planId: plan.id,
        enterpriseId: e.id,
        regionCode: e.region_code,
        sector: e.sector,
        templateId: t.id,
        versionId: t.versionId,
        cycle: p.cycle,
        categories: p.categories,
        periodKey: per.key,
        periodStart: per.start,
        periodEnd: per.end,
        status: done ? 'submitted' : 'missed',
        inspectorName: done ? e.safety_manager_name || '安全负责人' : null,
        startedAt: done ? submittedAt : null,
        submittedAt: done ? submittedAt : null,
        itemTotal: items.length,
        passCount: done ? items.length - na : 0,
        naCount: na,
      });
    }
    for (let i = 0; i < runValues.length; i += 200) {
      const inserted = await tx.insert(selfInspectionRuns).values(runValues.slice(i, i + 200)).returning({ id: selfInspectionRuns.id, status: selfInspectionRuns.status, naCount: selfInspectionRuns.naCount });
      runs += inserted.length;
      // Results of the runs of the qiye demo enterprise (its history is what its user opens).
      if (!isQiye) continue;
      const results: (typeof selfInspectionResults.$inferInsert)[] = [];
      for (const r of inserted.filter((x) => x.status === 'submitted')) {
        const naIdx = new Set(items.map((_, k) => k).filter((k) => k < r.naCount));
        items.forEach((it, k) => results.push({ runId: r.id, itemId: it.id, result: naIdx.has(k) ? 'na' : 'pass' }));
      }
      for (let j = 0; j < results.length; j += 1000) await tx.insert(selfInspectionResults).values(results.slice(j, j + 1000));
    }
  };
  if (qiye) for (const p of QIYE_PLANS) await addPlan(qiye, p, 1, true);
  for (const e of chosen) {
    const options = BY_SECTOR[e.sector] ?? [];
    const diligence = rng.pick([0.98, 0.95, 0.9, 0.8, 0.6, 0.35]);
    for (const p of options) if (rng.chance(0.75)) await addPlan(e, p, diligence, false);
  }
  await recordAudit(tx, SYSTEM_CONTEXT, { action: 'selfcheck.seed', entity: 'self_inspection', entityId: null, regionCode: '420112', after: { plans, runs, from: start, to: today } });
}
