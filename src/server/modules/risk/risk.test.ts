import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { testApp, type Client, type TestApp } from '../../../../test/helpers';
import { rows } from '../../db';
import { DEFAULT_RISK_RULES } from '../../../shared/risk';

let t: TestApp;
let office: Client, housing: Client, emergency: Client, street: Client, enterprise: Client, inspector: Client, admin: Client;
let ownEnterpriseId: string;

beforeAll(async () => {
  t = await testApp();
  [office, housing, emergency, street, enterprise, inspector, admin] = await Promise.all(
    ['anweiban', 'zhujianju', 'yingjiju', 'jiangjunlu', 'qiye', 'jiancha', 'admin'].map((u) => t.login(u)),
  );
  ownEnterpriseId = enterprise.user!.enterpriseId!;
});
afterAll(async () => {
  await t.close();
});

const q1 = async <T = Record<string, unknown>>(query: ReturnType<typeof sql>) => (await rows<T>(t.database.db, query))[0];

/** A fresh enterprise without risk data (so derived levels start from nothing). */
async function blankEnterprise(where: string): Promise<string> {
  const r = await q1<{ id: string }>(
    sql.raw(`SELECT e.id FROM enterprises e WHERE ${where} AND NOT EXISTS (SELECT 1 FROM risk_points p WHERE p.enterprise_id = e.id) AND NOT EXISTS (SELECT 1 FROM major_hazard_sources s WHERE s.enterprise_id = e.id) ORDER BY e.credit_code LIMIT 1`),
  );
  return r.id;
}

const point = (over: Record<string, unknown> = {}) => ({
  name: '测试储罐区',
  kind: '场所',
  location: '罐区',
  controlLevel: '公司',
  responsiblePerson: '张三',
  hazardFactors: ['储罐泄漏遇点火源', '静电积聚'],
  accidentTypes: ['火灾', '其他爆炸'],
  measures: [
    { kind: '工程技术', content: '设置可燃气体报警并联锁紧急切断', responsibleLevel: '公司', responsiblePerson: '李四' },
    { kind: '应急处置', content: '泄漏时关闭紧急切断阀并设置警戒区', responsibleLevel: '班组' },
  ],
  emergency: { steps: ['关闭紧急切断阀', '设置警戒区', '拨打119'], cautions: ['严禁明火'], dutyPhone: '027-83891234' },
  reviewCycleDays: 365,
  ...over,
});

const enterpriseLevel = async (id: string) => (await q1<{ risk_level: string | null }>(sql`SELECT risk_level FROM enterprises WHERE id = ${id}`)).risk_level;
const auditOf = async (entity: string, id: string) => rows<{ action: string; before: unknown; after: unknown; actor_username: string }>(t.database.db, sql`SELECT action, before, after, actor_username FROM audit_log WHERE entity = ${entity} AND entity_id = ${id} ORDER BY id`);

describe('demo seed', () => {
  it('gives risk points with assessments to most enterprises, 重大危险源 to some, and fills the registry 风险等级', async () => {
    const r = await q1<{ points: number; ents: number; hazchem: number; hazchem_total: number; sources: number; leveled: number }>(sql`
      SELECT (SELECT count(*)::int FROM risk_points) AS points,
             (SELECT count(DISTINCT enterprise_id)::int FROM risk_points) AS ents,
             (SELECT count(DISTINCT p.enterprise_id)::int FROM risk_points p JOIN enterprises e ON e.id = p.enterprise_id WHERE e.sector = 'hazchem') AS hazchem,
             (SELECT count(*)::int FROM enterprises WHERE sector = 'hazchem' AND status = '在营') AS hazchem_total,
             (SELECT count(*)::int FROM major_hazard_sources) AS sources,
             (SELECT count(*)::int FROM enterprises WHERE risk_level IS NOT NULL) AS leveled`);
    expect(r.points).toBeGreaterThan(400);
    expect(r.ents).toBeGreaterThan(120);
    expect(r.hazchem).toBe(r.hazchem_total);
    expect(r.sources).toBeGreaterThanOrEqual(4);
    expect(r.leveled).toBe(r.ents);
    // exactly one active assessment per point
    const bad = await q1<{ n: number }>(sql`SELECT count(*)::int AS n FROM risk_points p WHERE (SELECT count(*) FROM risk_assessments a WHERE a.risk_point_id = p.id AND a.active) <> 1`);
    expect(bad.n).toBe(0);
    // all four colours present
    const levels = await rows<{ level: string }>(t.database.db, sql`SELECT DISTINCT level FROM risk_assessments WHERE active`);
    expect(levels.map((l) => l.level).sort()).toEqual(['一般', '低', '较大', '重大'].sort());
  });
});

describe('risk points: scope', () => {
  it('each role lists only its scope', async () => {
    const all = async (c: Client) => (await c.get('/api/risk/points', { pageSize: 500 })).json() as { total: number; items: { enterpriseId: string; regionCode: string; sector: string }[] };
    const s = await all(street);
    expect(s.total).toBeGreaterThan(0);
    for (const p of s.items) expect(p.regionCode).toBe('420112004');
    const d = await all(housing);
    for (const p of d.items) expect(['construction', 'housing', 'civildefense']).toContain(p.sector);
    const e = await all(enterprise);
    expect(e.total).toBeGreaterThan(0);
    for (const p of e.items) expect(p.enterpriseId).toBe(ownEnterpriseId);
    const i = await all(inspector);
    for (const p of i.items) expect(p.sector).toBe('hazchem');
    expect((await all(office)).total).toBeGreaterThan(s.total);
  });

  it('another scope’s point is not found (read, write, assess, card), like a missing one', async () => {
    const other = await q1<{ id: string }>(sql`SELECT p.id FROM risk_points p WHERE p.region_code <> '420112004' AND p.sector = 'hazchem' LIMIT 1`);
    const missing = '00000000-0000-4000-8000-000000000000';
    for (const c of [street, enterprise]) {
      for (const id of [other.id, missing]) {
        expect((await c.get(`/api/risk/points/${id}`)).statusCode).toBe(404);
        expect((await c.patch(`/api/risk/points/${id}`, { name: '越权修改' })).statusCode).toBe(404);
        expect((await c.post(`/api/risk/points/${id}/assessments`, { method: 'LEC', factors: { L: 1, E: 1, C: 1 }, assessor: 'x' })).statusCode).toBe(404);
        expect((await c.get(`/api/risk/points/${id}/card`)).statusCode).toBe(404);
        expect((await c.get(`/api/risk/points/${id}/assessments`)).statusCode).toBe(404);
      }
    }
    const constructionPoint = await q1<{ id: string }>(sql`SELECT id FROM risk_points WHERE sector = 'construction' LIMIT 1`);
    expect((await emergency.get(`/api/risk/points/${constructionPoint.id}`)).statusCode).toBe(404);
    expect((await housing.get(`/api/risk/points/${constructionPoint.id}`)).statusCode).toBe(200);
  });

  it('creating a point for an enterprise outside the scope is not found; inspectors may not write', async () => {
    const outside = await q1<{ id: string }>(sql`SELECT id FROM enterprises WHERE region_code <> '420112004' LIMIT 1`);
    expect((await street.post('/api/risk/points', point({ enterpriseId: outside.id }))).statusCode).toBe(404);
    expect((await enterprise.post('/api/risk/points', point({ enterpriseId: outside.id }))).statusCode).toBe(404);
    expect((await inspector.post('/api/risk/points', point({ enterpriseId: ownEnterpriseId }))).statusCode).toBe(403);
    for (const c of [street, housing, enterprise, inspector]) expect((await c.put('/api/risk/rules', { version: 0, rules: DEFAULT_RISK_RULES })).statusCode).toBe(403);
    for (const c of [street, housing, enterprise, inspector]) expect((await c.get('/api/risk/rules')).json().rules.lec.bands).toHaveLength(5);
    expect((await inspector.post('/api/risk/sources', { name: 'x' })).statusCode).toBe(403);
    expect((await t.anonymous().get('/api/risk/points')).statusCode).toBe(401);
  });
});

describe('risk points: assessment', () => {
  it('an enterprise user creates a point, assesses it, re-assesses it; one active assessment, history kept, audited', async () => {
    const created = await enterprise.post('/api/risk/points', point());
    expect(created.statusCode).toBe(201);
    const p = created.json();
    expect(p).toMatchObject({ enterpriseId: ownEnterpriseId, regionCode: '420112004', sector: 'hazchem', assessment: null, measureCount: 2 });
    expect(p.code).toMatch(/^FXD-\d{3}$/);
    expect(p.measures).toHaveLength(2);

    const a1 = await enterprise.post(`/api/risk/points/${p.id}/assessments`, { method: 'LEC', factors: { L: 6, E: 6, C: 7 }, assessor: '赵晓东', assessedOn: '2026-01-10' });
    expect(a1.statusCode).toBe(201);
    expect(a1.json().assessment).toMatchObject({ method: 'LEC', score: 252, band: '高度危险', level: '较大', active: true, assessedOn: '2026-01-10' });
    expect(a1.json().nextReviewOn).toBe('2027-01-10');

    const a2 = await enterprise.post(`/api/risk/points/${p.id}/assessments`, { method: 'LS', factors: { L: 2, S: 3 }, assessor: '赵晓东' });
    expect(a2.json().assessment).toMatchObject({ method: 'LS', score: 6, level: '低' });
    const history = (await enterprise.get(`/api/risk/points/${p.id}/assessments`)).json();
    expect(history).toHaveLength(2);
    expect(history.filter((h: { active: boolean }) => h.active)).toHaveLength(1);
    expect(history[0]).toMatchObject({ active: true, level: '低' });
    expect(history[1]).toMatchObject({ active: false, level: '较大' });
    expect(history[1].supersededAt).toBeTruthy();

    const audit = await auditOf('risk_point', p.id);
    expect(audit.map((a) => a.action)).toEqual(['risk_point.create', 'risk_point.assess', 'risk_point.assess']);
    expect(audit[2].before).toMatchObject({ assessment: { level: '较大', score: 252 } });
    expect(audit[2].after).toMatchObject({ assessment: { level: '低', method: 'LS' } });
    expect(audit[0].actor_username).toBe('qiye');
    const hist = (await enterprise.get(`/api/risk/points/${p.id}/history`)).json();
    expect(hist).toHaveLength(3);
  });

  it('the database itself refuses a second active assessment of a point', async () => {
    const p = await q1<{ id: string; enterprise_id: string; region_code: string; sector: string }>(sql`SELECT p.id, p.enterprise_id, p.region_code, p.sector FROM risk_points p LIMIT 1`);
    await expect(
      t.database.db.execute(
        sql`INSERT INTO risk_assessments (risk_point_id, enterprise_id, region_code, sector, method, factors, score, band, level, rules_version, assessed_on, assessor, active)
            VALUES (${p.id}, ${p.enterprise_id}, ${p.region_code}, ${p.sector}, 'LEC', '{"L":1,"E":1,"C":1}', 1, '稍有危险', '低', 0, '2026-01-01', 'x', true)`,
      ),
    ).rejects.toThrow();
  });

  it('concurrent re-assessments of one point leave exactly one active assessment', async () => {
    const p = (await enterprise.post('/api/risk/points', point({ name: '并发测试点' }))).json();
    const results = await Promise.all(
      [1, 3, 6, 10].map((L) => enterprise.post(`/api/risk/points/${p.id}/assessments`, { method: 'LEC', factors: { L, E: 6, C: 7 }, assessor: '并发' })),
    );
    for (const r of results) expect(r.statusCode).toBe(201);
    const n = await q1<{ total: number; active: number }>(sql`SELECT count(*)::int AS total, count(*) FILTER (WHERE active)::int AS active FROM risk_assessments WHERE risk_point_id = ${p.id}`);
    expect(n).toEqual({ total: 4, active: 1 });
  });

  it('refuses bad factors with 400 naming the field, and writes nothing', async () => {
    const p = (await enterprise.post('/api/risk/points', point({ name: '校验测试点' }))).json();
    const bad = async (factors: unknown, method = 'LEC') => enterprise.post(`/api/risk/points/${p.id}/assessments`, { method, factors, assessor: '测试' });
    let r = await bad({ L: 5, E: 6, C: 7 });
    expect(r.statusCode).toBe(400);
    expect(r.json().details).toEqual([{ path: 'factors.L', message: 'L（事故发生的可能性）：应为以下取值之一：10、6、3、1、0.5、0.2、0.1' }]);
    r = await bad({ L: -6, E: 6, C: 7 });
    expect(r.json().details[0]).toEqual({ path: 'factors.L', message: 'L（事故发生的可能性）：不能为负数' });
    r = await bad({ L: 6, E: 6 });
    expect(r.json().details[0]).toEqual({ path: 'factors.C', message: 'C（发生事故可能造成的后果）：必填' });
    r = await bad({ L: 6, E: '6', C: 7 });
    expect(r.json().details[0].path).toBe('factors.E');
    // 1e999 is Infinity after JSON parsing.
    r = await enterprise.request({ method: 'POST', url: `/api/risk/points/${p.id}/assessments`, payload: `{"method":"LEC","factors":{"L":6,"E":6,"C":1e999},"assessor":"测试"}`, headers: { 'content-type': 'application/json' } });
    expect(r.statusCode).toBe(400);
    expect(r.json().details[0]).toEqual({ path: 'factors.C', message: 'C（发生事故可能造成的后果）：不能为无穷大' });
    r = await bad({ L: 6, S: 9 }, 'LS');
    expect(r.json().details.map((d: { path: string }) => d.path)).toEqual(['factors.L', 'factors.S']);
    r = await bad({ L: 6, E: 6, C: 7 }, 'XYZ');
    expect(r.statusCode).toBe(400);
    r = await enterprise.post(`/api/risk/points/${p.id}/assessments`, { method: 'LEC', factors: { L: 6, E: 6, C: 7 }, assessor: '测试', assessedOn: '2099-01-01' });
    expect(r.json().details[0].path).toBe('assessedOn');
    const n = await q1<{ n: number }>(sql`SELECT count(*)::int AS n FROM risk_assessments WHERE risk_point_id = ${p.id}`);
    expect(n.n).toBe(0);
    // bad point fields
    r = await enterprise.post('/api/risk/points', point({ kind: '车间', accidentTypes: [], reviewCycleDays: -5 }));
    expect(r.statusCode).toBe(400);
    expect(r.json().details.map((d: { path: string }) => d.path).sort()).toEqual(['accidentTypes', 'kind', 'reviewCycleDays']);
    r = await enterprise.post('/api/risk/points', point({ assessment: { method: 'LEC', factors: { L: 6, E: NaN }, assessor: 'x' } }));
    expect(r.statusCode).toBe(400);
  });

  it('a point taken out of use cannot be assessed (409) and stops counting', async () => {
    const p = (await enterprise.post('/api/risk/points', point({ name: '停用测试点' }))).json();
    const r = await enterprise.patch(`/api/risk/points/${p.id}`, { status: '停用', version: p.version });
    expect(r.statusCode).toBe(200);
    expect((await enterprise.post(`/api/risk/points/${p.id}/assessments`, { method: 'LEC', factors: { L: 1, E: 1, C: 1 }, assessor: 'x' })).statusCode).toBe(409);
    // stale version
    expect((await enterprise.patch(`/api/risk/points/${p.id}`, { name: '旧版本', version: p.version })).statusCode).toBe(409);
  });

  it('updates replace the measures and are audited with before/after', async () => {
    const p = (await enterprise.post('/api/risk/points', point({ name: '措施测试点' }))).json();
    const r = await enterprise.patch(`/api/risk/points/${p.id}`, { measures: [{ kind: '个体防护', content: '佩戴防毒面具', responsibleLevel: '岗位', responsiblePerson: '王五' }], version: p.version });
    expect(r.statusCode).toBe(200);
    expect(r.json().measures).toEqual([expect.objectContaining({ kind: '个体防护', content: '佩戴防毒面具', responsibleLevel: '岗位', responsiblePerson: '王五' })]);
    const audit = await auditOf('risk_point', p.id);
    const upd = audit.find((a) => a.action === 'risk_point.update')!;
    expect((upd.before as { measures: unknown[] }).measures).toHaveLength(2);
    expect((upd.after as { measures: unknown[] }).measures).toHaveLength(1);
    expect(JSON.stringify(upd.after)).not.toContain('cardToken');
  });
});

describe('enterprise risk level', () => {
  it('is derived from the active assessments in the same transaction, shown in the registry, audited on the enterprise', async () => {
    const id = await blankEnterprise(`e.region_code = '420112004' AND e.sector <> 'hazchem'`);
    expect(await enterpriseLevel(id)).toBeNull();
    const p = (await street.post('/api/risk/points', point({ enterpriseId: id, assessment: { method: 'LEC', factors: { L: 3, E: 6, C: 7 }, assessor: '街道安监' } }))).json();
    expect(p.assessment.level).toBe('一般');
    expect(await enterpriseLevel(id)).toBe('一般');
    const reg = (await street.get(`/api/enterprises/${id}`)).json();
    expect(reg.riskLevel).toBe('一般');
    const listed = (await street.get('/api/enterprises', { riskLevel: '一般', pageSize: 500 })).json();
    expect(listed.items.map((e: { id: string }) => e.id)).toContain(id);

    const p2 = (await street.post('/api/risk/points', point({ enterpriseId: id, name: '第二个点' }))).json();
    await street.post(`/api/risk/points/${p2.id}/assessments`, { method: 'LEC', factors: { L: 10, E: 6, C: 15 }, assessor: '街道安监' });
    expect(await enterpriseLevel(id)).toBe('重大');
    // Re-assessing the 重大 point lower brings the enterprise down to the highest remaining level.
    await street.post(`/api/risk/points/${p2.id}/assessments`, { method: 'LS', factors: { L: 4, S: 4 }, assessor: '街道安监' });
    expect(await enterpriseLevel(id)).toBe('较大');
    // Taking it out of use leaves the first point.
    const cur = (await street.get(`/api/risk/points/${p2.id}`)).json();
    await street.patch(`/api/risk/points/${p2.id}`, { status: '停用', version: cur.version });
    expect(await enterpriseLevel(id)).toBe('一般');

    const audit = await auditOf('enterprise', id);
    const changes = audit.filter((a) => a.action === 'enterprise.risk_level').map((a) => [(a.before as { riskLevel: string | null }).riskLevel, (a.after as { riskLevel: string }).riskLevel]);
    expect(changes).toEqual([[null, '一般'], ['一般', '重大'], ['重大', '较大'], ['较大', '一般']]);
    // The enterprise history shows it too.
    const hist = (await street.get(`/api/enterprises/${id}/history`)).json();
    expect(hist.some((h: { action: string }) => h.action === 'enterprise.risk_level')).toBe(true);
  });

  it('a 一级/二级 重大危险源 makes the enterprise 重大 (default rule); the rule is configurable by the office and re-derives levels', async () => {
    const id = await blankEnterprise(`e.sector IN ('metallurgy', 'fire', 'transport')`);
    await office.post('/api/risk/points', point({ enterpriseId: id, assessment: { method: 'LEC', factors: { L: 1, E: 6, C: 7 }, assessor: '安委办' } }));
    expect(await enterpriseLevel(id)).toBe('低');
    const s = await office.post('/api/risk/sources', source({ enterpriseId: id, peopleExposed: 100, substances: [{ catalogId: 't1-12', quantity: 50 }] }));
    expect(s.statusCode).toBe(201);
    expect(s.json()).toMatchObject({ S: 10, R: 80, grade: '二级' });
    expect(await enterpriseLevel(id)).toBe('重大');

    const rulesNow = (await office.get('/api/risk/rules')).json();
    const changed = structuredClone(rulesNow.rules);
    changed.enterprise.majorHazardGrades = { 一级: '重大', 二级: '较大', 三级: '一般', 四级: null };
    const put = await office.put('/api/risk/rules', { version: rulesNow.version, rules: changed });
    expect(put.statusCode).toBe(200);
    expect(put.json().version).toBe(rulesNow.version + 1);
    expect(await enterpriseLevel(id)).toBe('较大');
    // stale version → 409; invalid tables → 400 with the path
    expect((await office.put('/api/risk/rules', { version: rulesNow.version, rules: changed })).statusCode).toBe(409);
    const broken = structuredClone(changed);
    broken.lec.bands[1].min = 999;
    const bad = await office.put('/api/risk/rules', { version: rulesNow.version + 1, rules: broken });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0].path).toBe('rules.lec.bands.1.min');
    // back to the default; audited
    const back = await admin.put('/api/risk/rules', { version: rulesNow.version + 1, rules: DEFAULT_RISK_RULES });
    expect(back.statusCode).toBe(200);
    expect(await enterpriseLevel(id)).toBe('重大');
    const audit = await auditOf('risk_rules', 'risk.rules');
    expect(audit.map((a) => a.action)).toEqual(['risk_rules.update', 'risk_rules.update']);
  });

  it('new band edges grade new assessments (configurable bands)', async () => {
    const cur = (await office.get('/api/risk/rules')).json();
    const rules = structuredClone(cur.rules);
    rules.lec.bands[1].level = '重大'; // 高度危险 counts as 重大
    expect((await office.put('/api/risk/rules', { version: cur.version, rules })).statusCode).toBe(200);
    const p = (await office.post('/api/risk/points', point({ enterpriseId: ownEnterpriseId, name: '规则测试点', assessment: { method: 'LEC', factors: { L: 6, E: 6, C: 7 }, assessor: 'x' } }))).json();
    expect(p.assessment).toMatchObject({ band: '高度危险', level: '重大', rulesVersion: cur.version + 1 });
    const again = (await office.get('/api/risk/rules')).json();
    expect((await office.put('/api/risk/rules', { version: again.version, rules: DEFAULT_RISK_RULES })).statusCode).toBe(200);
  });
});

function source(over: Record<string, unknown> = {}) {
  return {
    name: '液氯储存单元',
    unitKind: '储存单元',
    location: '液氯库',
    peopleExposed: 60,
    substances: [
      { catalogId: 't1-12', quantity: 20 },
      { catalogId: 't1-1', quantity: 15 },
    ],
    installations: [
      { tag: 'V-1', name: '液氯钢瓶库', kind: '仓库', medium: '液氯' },
      { tag: 'V-2', name: '液氨储罐', kind: '储罐', medium: '液氨' },
    ],
    mainName: '王主要',
    mainPhone: '13812345678',
    techName: '李技术',
    techPhone: '13912345678',
    opName: '赵操作',
    opPhone: '027-83891234',
    ...over,
  };
}

describe('重大危险源', () => {
  it('computes S, R and the grade on the server and refuses client-supplied results', async () => {
    const r = await enterprise.post('/api/risk/sources', source());
    expect(r.statusCode).toBe(201);
    const s = r.json();
    expect(s).toMatchObject({ S: 5.5, alpha: 1.5, R: 28.5, isMajor: true, grade: '三级', enterpriseId: ownEnterpriseId });
    expect(s.substances.map((x: { criticalQuantity: number; beta: number }) => [x.criticalQuantity, x.beta])).toEqual([[5, 4], [10, 2]]);
    expect(s.evaluations).toHaveLength(1);
    expect(s.evaluations[0]).toMatchObject({ reason: '登记', grade: '三级' });
    // the enterprise sees its own phones in clear; lists mask them
    expect(s.mainPhone).toBe('13812345678');
    const list = (await enterprise.get('/api/risk/sources', { pageSize: 100 })).json();
    expect(list.items.find((x: { id: string }) => x.id === s.id).mainPhone).toBe('138****5678');
    // inspectors and admins see masks
    expect((await inspector.get(`/api/risk/sources/${s.id}`)).json().mainPhone).toBe('138****5678');
    // stored encrypted
    const raw = await q1<{ main_phone_enc: string }>(sql`SELECT main_phone_enc FROM major_hazard_sources WHERE id = ${s.id}`);
    expect(raw.main_phone_enc.startsWith('sm4:')).toBe(true);
    // a client cannot send its own grade, R, S or Q
    const forged = await enterprise.post('/api/risk/sources', { ...source(), grade: '四级', R: 1 });
    expect(forged.statusCode).toBe(400);
    const forgedQ = await enterprise.post('/api/risk/sources', source({ substances: [{ catalogId: 't1-12', quantity: 20, criticalQuantity: 1000 }] }));
    expect(forgedQ.statusCode).toBe(400);
  });

  it('refuses bad numbers with the field named', async () => {
    const bad = async (over: Record<string, unknown>) => {
      const r = await enterprise.post('/api/risk/sources', source(over));
      expect(r.statusCode).toBe(400);
      return r.json().details as { path: string; message: string }[];
    };
    expect((await bad({ peopleExposed: -3 }))[0]).toEqual({ path: 'peopleExposed', message: '厂区边界外 500 米范围内常住人口数：不能为负数' });
    expect((await bad({ peopleExposed: 2.5 }))[0].message).toContain('应为整数');
    expect((await bad({ peopleExposed: undefined }))[0].message).toContain('必填');
    expect((await bad({ substances: [{ catalogId: 't1-12', quantity: -1 }] }))[0]).toEqual({ path: 'substances.0.quantity', message: '第 1 种危险化学品的实际存在量 q：不能为负数' });
    expect((await bad({ substances: [{ catalogId: 't1-12', quantity: 0 }] }))[0].message).toContain('必须大于 0');
    expect((await bad({ substances: [{ catalogId: 't1-12', quantity: 5e7 }] }))[0].message).toContain('数值过大');
    expect((await bad({ substances: [{ catalogId: 't1-12' }] }))[0].message).toContain('必填');
    expect((await bad({ substances: [{ name: '某溶剂', quantity: 3 }] }))[0].path).toBe('substances.0.symbol');
    expect((await bad({ substances: [] }))[0].path).toBe('substances');
    expect((await bad({ mainPhone: '12345' }))[0].path).toBe('mainPhone');
    const inf = await enterprise.request({ method: 'POST', url: '/api/risk/sources', payload: JSON.stringify(source()).replace('"quantity":20', '"quantity":1e999'), headers: { 'content-type': 'application/json' } });
    expect(inf.statusCode).toBe(400);
    expect(inf.json().details[0]).toEqual({ path: 'substances.0.quantity', message: '第 1 种危险化学品的实际存在量 q：不能为无穷大' });
  });

  it('re-evaluates on change, keeps installation ids stable, records filings and history, scoped', async () => {
    const s = (await enterprise.post('/api/risk/sources', source({ name: '变更测试单元' }))).json();
    const [v1, v2] = s.installations;
    const r = await enterprise.patch(`/api/risk/sources/${s.id}`, {
      version: s.version,
      peopleExposed: 120,
      substances: [{ catalogId: 't1-12', quantity: 62.5 }],
      installations: [{ id: v1.id, tag: 'V-1', name: '液氯钢瓶库（扩建）', kind: '仓库' }, { tag: 'V-3', name: '新汽化器', kind: '生产装置' }],
    });
    expect(r.statusCode).toBe(200);
    const u = r.json();
    expect(u).toMatchObject({ S: 12.5, alpha: 2, R: 100, grade: '一级' });
    const ids = Object.fromEntries(u.installations.map((i: { tag: string; id: string; status: string }) => [i.tag, i]));
    expect(ids['V-1'].id).toBe(v1.id);
    expect(ids['V-2']).toMatchObject({ id: v2.id, status: '停用' });
    expect(ids['V-3'].status).toBe('在用');
    expect(u.evaluations.map((e: { reason: string }) => e.reason)).toEqual(['变更', '登记']);
    expect(await enterpriseLevel(ownEnterpriseId)).toBe('重大');

    const review = await enterprise.patch(`/api/risk/sources/${s.id}`, { version: u.version, review: true, reviewNote: '年度复核' });
    expect(review.json().evaluations[0]).toMatchObject({ reason: '复核', note: '年度复核', grade: '一级' });

    const f = await enterprise.post(`/api/risk/sources/${s.id}/filings`, { filingNo: '东应急危备〔2026〕3号', filedOn: '2026-02-01', authority: '东西湖区应急管理局' });
    expect(f.statusCode).toBe(201);
    expect(f.json().filings[0]).toMatchObject({ filingNo: '东应急危备〔2026〕3号', file: null });
    const badFiling = await enterprise.post(`/api/risk/sources/${s.id}/filings`, { filingNo: '', filedOn: '2026-02-30', authority: '区' });
    expect(badFiling.statusCode).toBe(400);
    expect(badFiling.json().details.map((d: { path: string }) => d.path).sort()).toEqual(['authority', 'filedOn', 'filingNo']);

    const audit = await auditOf('major_hazard_source', s.id);
    expect(audit.map((a) => a.action)).toEqual(['major_hazard.create', 'major_hazard.update', 'major_hazard.review', 'major_hazard.filing']);
    expect(JSON.stringify(audit)).not.toContain('sm4:');
    expect((audit[1].before as { grade: string }).grade).toBe('三级');
    expect((audit[1].after as { grade: string }).grade).toBe('一级');

    // scope: another street / sector does not see it
    expect((await housing.get(`/api/risk/sources/${s.id}`)).statusCode).toBe(404);
    expect((await housing.patch(`/api/risk/sources/${s.id}`, { name: '越权' })).statusCode).toBe(404);
    expect((await street.get(`/api/risk/sources/${s.id}`)).statusCode).toBe(200);
    const otherStreet = await t.login('anweiban');
    expect((await otherStreet.get(`/api/risk/sources/${s.id}`)).statusCode).toBe(200);
  });

  it('filing attachments are readable by whoever sees the source', async () => {
    const s = (await enterprise.post('/api/risk/sources', source({ name: '附件测试单元' }))).json();
    const pdf = Buffer.from('%PDF-1.4\n%test\n');
    const boundary = '----riskfiling';
    const payload = Buffer.concat([
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="filingNo"\r\n\r\n东应急危备〔2026〕9号\r\n--${boundary}\r\nContent-Disposition: form-data; name="filedOn"\r\n\r\n2026-03-01\r\n--${boundary}\r\nContent-Disposition: form-data; name="authority"\r\n\r\n东西湖区应急管理局\r\n`),
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="备案表.pdf"\r\nContent-Type: application/pdf\r\n\r\n`),
      pdf,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const r = await enterprise.request({ method: 'POST', url: `/api/risk/sources/${s.id}/filings/upload`, payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
    expect(r.statusCode).toBe(201);
    const file = r.json().filings[0].file;
    expect(file.name).toBe('备案表.pdf');
    expect((await emergency.get(`/api/files/${file.id}`)).statusCode).toBe(200);
    expect((await housing.get(`/api/files/${file.id}`)).statusCode).toBe(404);
  });
});

describe('cards', () => {
  it('the card carries a QR code to the public page, which shows only what is posted on site', async () => {
    const p = (await enterprise.post('/api/risk/points', point({ name: '告知卡测试点', assessment: { method: 'LEC', factors: { L: 6, E: 6, C: 7 }, assessor: 'x' } }))).json();
    const card = (await enterprise.get(`/api/risk/points/${p.id}/card`)).json();
    expect(card).toMatchObject({ type: 'notice', title: '安全风险告知卡', level: '较大', band: '高度危险' });
    expect(card.qr).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(Buffer.from(card.qr.split(',')[1], 'base64').toString()).toContain('<svg');
    const token = /\/public\/risk-cards\/([A-Za-z0-9_-]+)/.exec(card.publicUrl)![1];
    expect(token.length).toBeGreaterThanOrEqual(32);

    const pub = await t.anonymous().get(`/public/api/risk-cards/${token}`);
    expect(pub.statusCode).toBe(200);
    const body = pub.json();
    expect(body.point.name).toBe('告知卡测试点');
    expect(body.qr).toBeUndefined();
    // measure owners are internal: the public card lists the measures, not who carries them out
    expect(JSON.stringify(body)).not.toContain('李四');
    const em = (await t.anonymous().get(`/public/api/risk-cards/${token}`, { type: 'emergency' })).json();
    expect(em).toMatchObject({ type: 'emergency', title: '岗位应急处置卡', emergency: { steps: ['关闭紧急切断阀', '设置警戒区', '拨打119'], dutyPhone: '027-83891234' } });

    expect((await t.anonymous().get('/public/api/risk-cards/not-a-real-token-value-xxxx')).statusCode).toBe(404);
    expect((await t.anonymous().get('/public/api/risk-cards/x')).statusCode).toBe(404);

    // rotating the token revokes the printed card
    await enterprise.post(`/api/risk/points/${p.id}/card-token`);
    expect((await t.anonymous().get(`/public/api/risk-cards/${token}`)).statusCode).toBe(404);

    const audit = await auditOf('risk_point', p.id);
    expect(audit.map((a) => a.action)).toContain('risk_point.card_token');
    expect(JSON.stringify(audit)).not.toContain(token);
    // a point taken out of use has no public card
    const card2 = (await enterprise.get(`/api/risk/points/${p.id}/card`)).json();
    const token2 = /\/public\/risk-cards\/([A-Za-z0-9_-]+)/.exec(card2.publicUrl)![1];
    expect((await t.anonymous().get(`/public/api/risk-cards/${token2}`)).statusCode).toBe(200);
    const cur = (await enterprise.get(`/api/risk/points/${p.id}`)).json();
    await enterprise.patch(`/api/risk/points/${p.id}`, { status: '停用', version: cur.version });
    expect((await t.anonymous().get(`/public/api/risk-cards/${token2}`)).statusCode).toBe(404);

    const docx = await enterprise.get(`/api/risk/points/${p.id}/card.docx`, { type: 'emergency' });
    expect(docx.statusCode).toBe(200);
    expect(docx.headers['content-type']).toContain('wordprocessingml');
    expect(docx.rawPayload.subarray(0, 2).toString()).toBe('PK');
  });
});

describe('statistics and map', () => {
  it('the street sees the four colours of its territory only; the office the whole district', async () => {
    const s = (await street.get('/api/risk/stats')).json();
    expect(s.byRegion.map((r: { code: string }) => r.code)).toEqual(['420112004']);
    expect(s.points.total).toBeGreaterThan(0);
    const sum = s.points['重大'] + s.points['较大'] + s.points['一般'] + s.points['低'] + s.points['未评估'];
    expect(sum).toBe(s.points.total);
    const o = (await office.get('/api/risk/stats')).json();
    expect(o.byRegion.length).toBeGreaterThan(5);
    expect(o.bySector.length).toBeGreaterThan(5);
    expect(o.sources.major).toBeGreaterThan(0);
    const m = (await street.get('/api/risk/map')).json();
    for (const e of m.enterprises) expect(e.regionCode).toBe('420112004');
    expect(m.regions.map((r: { code: string }) => r.code)).toEqual(['420112004']);
    const d = (await housing.get('/api/risk/stats')).json();
    for (const r of d.bySector) expect(['construction', 'housing', 'civildefense']).toContain(r.code);
  });

  it('重大风险 list is a filter of the scoped list', async () => {
    const r = (await street.get('/api/risk/points', { level: '重大', pageSize: 200 })).json();
    for (const p of r.items) {
      expect(p.assessment.level).toBe('重大');
      expect(p.regionCode).toBe('420112004');
    }
  });
});
