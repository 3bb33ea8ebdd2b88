/**
 * Authorization matrix rows and fixtures of 应急预案 and 演练 (emergency module). Each writer role
 * (office, department, street, enterprise) owns its own plan and drills; the admin reads the office's;
 * the inspector (区应急管理局) its unit's demo plan and drill. A plan and a drill moved to 420113 with a
 * stranger as owner are out of everyone's scope (the admin sees all).
 */
import { sql } from 'drizzle-orm';
import type { Role } from '../../src/shared/access';
import { rows } from '../../src/server/db';
import { planDocx } from '../../src/server/modules/emergency/emergency.plans.seed';
import { multipart, type Client, type TestApp } from '../helpers';
import type { RouteRule } from './matrix';

type Ids = Record<string, string>;
type Resolver = (ids: Ids, role: Role) => { own?: string; other?: string };

const WRITERS: Role[] = ['office', 'department', 'street', 'enterprise'];
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000b49444154789c6360000200000500017a5eab3f0000000049454e44ae426082', 'hex');
const STRANGER = '00000000-0000-4000-8000-0000000000aa';

const planBody = (suffix: string, role: Role) => ({ title: `矩阵预案${suffix}`, level: role === 'enterprise' ? '企业' : '街道', type: '专项应急预案', eventType: '火灾' });
const drillBody = (suffix: string) => ({ title: `矩阵演练${suffix}`, type: '桌面推演', scenario: '矩阵演练情景：仓库起火', plannedOn: '2026-12-01', location: '矩阵会议室' });
const docUpload = async () => multipart([{ field: 'file', name: '矩阵预案.docx', data: await planDocx('矩阵预案', '矩阵单位', [['一、总则', '矩阵预案正文。']]) }], { note: '矩阵版本' });

/** State-machine steps answer 409 when the fixture is already past the step (routes run in table order). */
const STEP = [200, 201, 409];

export const PLANS_MATRIX: Record<string, RouteRule> = {
  'GET /api/emergency/plans': { allow: 'all' },
  'POST /api/emergency/plans': { allow: WRITERS, body: (f, role) => planBody(f.unique(), role), ok: [201] },
  'GET /api/emergency/plans/dashboard': { allow: ['admin', 'office'] },
  'GET /api/emergency/plans/:id': { allow: 'all', params: { id: 'emPlan' } },
  'PUT /api/emergency/plans/:id': { allow: WRITERS, params: { id: 'emPlan' }, body: (f, role) => planBody(f.unique(), role), ok: STEP },
  'POST /api/emergency/plans/:id/versions': { allow: WRITERS, params: { id: 'emPlan' }, upload: docUpload, ok: STEP },
  'POST /api/emergency/plans/:id/submit': { allow: WRITERS, params: { id: 'emPlan' }, ok: STEP },
  'POST /api/emergency/plans/:id/review': { allow: ['office', 'street'], params: { id: 'emPlanReview' }, body: () => ({ decision: 'return', comment: '矩阵退回意见' }), ok: STEP },
  // Each writer deletes a draft of its own (once: the ids are not reused); the foreign draft is out of scope.
  'DELETE /api/emergency/plans/:id': { allow: WRITERS, params: { id: 'emPlanDelete' }, ok: [200] },
  'POST /api/emergency/plans/:id/needs-revision': { allow: WRITERS, params: { id: 'emPlan' }, body: () => ({ reason: '矩阵：事故调查发现预案问题' }), ok: STEP },
  'GET /api/emergency/drills': { allow: 'all' },
  'GET /api/emergency/drills/active': { allow: 'all' },
  'POST /api/emergency/drills': { allow: WRITERS, body: (f) => drillBody(f.unique()), ok: [201] },
  'GET /api/emergency/drills/:id': { allow: 'all', params: { id: 'emDrill' } },
  'PUT /api/emergency/drills/:id': { allow: WRITERS, params: { id: 'emDrill' }, body: (f) => drillBody(f.unique()), ok: STEP },
  'DELETE /api/emergency/drills/:id': { allow: WRITERS, params: { id: 'emDrillDelete' }, ok: [200] },
  'POST /api/emergency/drills/:id/start': { allow: WRITERS, params: { id: 'emDrill' }, ok: STEP },
  'POST /api/emergency/drills/:id/end': { allow: WRITERS, params: { id: 'emDrill' }, ok: STEP },
  'POST /api/emergency/drills/:id/timeline': { allow: WRITERS, params: { id: 'emDrill' }, body: () => ({ at: '2026-12-04T09:30:00+08:00', text: '矩阵过程记录' }), ok: STEP },
  'POST /api/emergency/drills/:id/photos': { allow: WRITERS, params: { id: 'emDrill' }, upload: () => multipart([{ field: 'file', name: '现场.png', data: PNG }]), ok: STEP },
  'POST /api/emergency/drills/:id/evaluation': { allow: WRITERS, params: { id: 'emDrill' }, body: () => ({ rating: '合格', summary: '矩阵评估意见', improvements: [{ text: '矩阵改进事项' }] }), ok: STEP },
  'POST /api/emergency/drills/:id/improvements/:no/hazard': {
    allow: WRITERS,
    params: { id: 'emDrillEvaluated', no: 'emImprovementNo' },
    body: (f, role) => ({ enterpriseId: improvementEnterprise(f.ids, role), place: '矩阵部位', category: '应急管理' }),
    ok: [201],
  },
};

/** The enterprise each writer may register a hazard for (its scope). */
function improvementEnterprise(ids: Ids, role: Role): string {
  return ({ office: ids.entConstruction, department: ids.entConstruction, street: ids.entStreetOwn, enterprise: ids.entOwnEnterprise } as Record<string, string>)[role];
}

export function planResolvers(): Record<string, Resolver> {
  const foreign = (key: string) => (ids: Ids, role: Role) => (role === 'admin' ? undefined : ids[key]);
  return {
    emPlan: (ids, role) => ({ own: ids[`emPlan:${role}`] ?? (role === 'inspector' ? ids['emPlan:inspector'] : ids['emPlan:office']), other: foreign('emPlan:foreign')(ids, role) }),
    emPlanReview: (ids, role) => ({ own: ids[`emPlanReview:${role}`], other: foreign('emPlan:foreign')(ids, role) }),
    emPlanDelete: (ids, role) => ({ own: ids[`emPlanDelete:${role}`] ?? ids['emPlan:office'], other: foreign('emPlan:foreign')(ids, role) }),
    emDrillDelete: (ids, role) => ({ own: ids[`emDrillDelete:${role}`] ?? ids['emDrill:office'], other: foreign('emDrill:foreign')(ids, role) }),
    emDrill: (ids, role) => ({ own: ids[`emDrill:${role}`] ?? ids['emDrill:office'], other: foreign('emDrill:foreign')(ids, role) }),
    emDrillEvaluated: (ids, role) => ({ own: ids[`emDrillEvaluated:${role}`], other: foreign('emDrill:foreign')(ids, role) }),
    emImprovementNo: () => ({ own: '1', other: '1' }),
  };
}

async function ok(p: Promise<{ statusCode: number; body: string; json(): unknown }>, what: string, expected = [200, 201]): Promise<any> {
  const r = await p;
  if (!expected.includes(r.statusCode)) throw new Error(`matrix fixture ${what}: ${r.statusCode} ${r.body.slice(0, 400)}`);
  return r.json();
}

export async function preparePlansAndDrills(t: TestApp, c: Record<Role, Client>): Promise<Ids> {
  const ids: Ids = {};
  let n = 0;
  const newPlan = async (who: Role) => (await ok(c[who].post('/api/emergency/plans', planBody(`固定${++n}`, who)), 'emergency plan', [201])).id as string;
  const submitted = async (who: Role) => {
    const id = await newPlan(who);
    const up = await docUpload();
    await ok(c[who].request({ method: 'POST', url: `/api/emergency/plans/${id}/versions`, payload: up.payload, headers: up.headers }), 'plan version', [201]);
    await ok(c[who].post(`/api/emergency/plans/${id}/submit`), 'plan submit');
    return id;
  };
  for (const r of WRITERS) ids[`emPlan:${r}`] = await newPlan(r);
  for (const r of WRITERS) ids[`emPlanDelete:${r}`] = await newPlan(r);
  // The office reviews a department's plan; the street its enterprise's.
  ids['emPlanReview:office'] = await submitted('department');
  ids['emPlanReview:street'] = await submitted('enterprise');
  ids['emPlan:foreign'] = await newPlan('office');
  await rows(t.database.db, sql`UPDATE emergency_plans SET region_code = '420113', owner_id = ${STRANGER}, reviewer_unit_id = ${STRANGER} WHERE id = ${ids['emPlan:foreign']}`);
  ids['emPlan:inspector'] = (await rows<{ id: string }>(t.database.db, sql`SELECT p.id FROM emergency_plans p JOIN units u ON u.id = p.owner_id WHERE u.code = 'dept.emergency' LIMIT 1`))[0].id;

  for (const r of WRITERS) {
    ids[`emDrillDelete:${r}`] = (await ok(c[r].post('/api/emergency/drills', drillBody(`删除${++n}`)), 'drill', [201])).id;
    ids[`emDrill:${r}`] = (await ok(c[r].post('/api/emergency/drills', drillBody(`固定${++n}`)), 'drill', [201])).id;
    const e = (await ok(c[r].post('/api/emergency/drills', drillBody(`评估${++n}`)), 'drill', [201])).id as string;
    await ok(c[r].post(`/api/emergency/drills/${e}/start`), 'drill start');
    await ok(c[r].post(`/api/emergency/drills/${e}/end`), 'drill end');
    await ok(c[r].post(`/api/emergency/drills/${e}/evaluation`, { rating: '合格', summary: '矩阵评估', improvements: [{ text: '矩阵改进事项一' }] }), 'drill evaluation');
    ids[`emDrillEvaluated:${r}`] = e;
  }
  ids['emDrill:foreign'] = (await ok(c.office.post('/api/emergency/drills', drillBody('外区')), 'drill', [201])).id;
  await rows(t.database.db, sql`UPDATE emergency_drills SET region_code = '420113', owner_id = ${STRANGER}, participant_ids = '{}'::uuid[] WHERE id = ${ids['emDrill:foreign']}`);
  ids['emDrill:inspector'] = (await rows<{ id: string }>(t.database.db, sql`SELECT d.id FROM emergency_drills d JOIN units u ON u.id = d.owner_id WHERE u.code = 'dept.emergency' LIMIT 1`))[0].id;
  return ids;
}
