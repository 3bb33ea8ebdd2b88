/**
 * The hazard benchmark dataset, built with set-based SQL (generate_series, one INSERT … SELECT per
 * chunk of 100,000 rows): N enterprises spread over the district's streets and sectors, M hazards
 * over six years in every state (open ones recent, some overdue, ~1% 重大 with a clause). The
 * counters are kept by the triggers as the rows go in. Deterministic: setseed() fixes random().
 */
import type { Database } from '../../src/server/db';
import { chinaDate } from '../../src/shared/time';

export interface DatasetOptions {
  enterprises: number;
  hazards: number;
  log?: (msg: string) => void;
}

// Weighted sectors (the district's mix: logistics, industry, fire-sensitive venues, chemicals…).
const SECTOR_WEIGHTS: [string, number][] = [
  ['transport', 14],
  ['metallurgy', 16],
  ['fire', 14],
  ['hazchem', 10],
  ['construction', 10],
  ['specialequipment', 5],
  ['commerceoil', 4],
  ['citygas', 3],
  ['campus', 3],
  ['hospital', 3],
  ['elderlycare', 3],
  ['tourism', 2],
  ['hazwaste', 2],
  ['customszone', 2],
  ['housing', 2],
  ['power', 2],
  ['fireworks', 1],
  ['agrimachinery', 1],
  ['civildefense', 1],
  ['landfill', 1],
  ['pipeline', 1],
];

const PLACES = ['储罐区', '甲类仓库', '生产车间', '配电室', '疏散通道', '消防控制室', '锅炉房', '装卸区', '冲压车间', '厨房', '办公楼', '基坑', '塔吊', '脚手架', '污水池', '充电区'];
const CATEGORIES = ['消防安全', '电气安全', '危化品管理', '特种设备', '特种作业', '有限空间', '粉尘防爆', '燃气安全', '建筑施工', '设备设施', '作业环境', '安全管理'];
const FINDINGS = [
  '安全出口被货物堵塞，疏散指示标志损坏',
  '储罐液位计显示失灵，未设高液位报警',
  '动火作业未办理作业票，现场无监护人',
  '爆炸危险区域内使用非防爆电气设备',
  '灭火器压力不足，未按月检查',
  '私拉乱接电线，电动车违规室内充电',
  '塔式起重机限位装置失效',
  '脚手架连墙件缺失，剪刀撑不连续',
  '有限空间作业未进行气体检测',
  '压力表超过检定有效期',
  '粉尘除尘系统未采取防爆措施，积尘未及时清理',
  '冲压机械安全防护装置缺失',
  '燃气管道未设置紧急切断阀',
  '应急预案未按规定组织演练',
  '安全生产责任制未覆盖全部岗位',
  '临时用电未采用三级配电两级保护',
];

const lit = (list: string[]) => `ARRAY[${list.map((s) => `'${s.replace(/'/g, "''")}'`).join(',')}]::text[]`;

/**
 * N registry enterprises in one statement, spread over the district's streets and the weighted
 * sectors (credit codes B000…, names 基准测试企业N号). Also the enterprise list's dataset (platform bench).
 */
export async function insertBenchEnterprises(database: Database, n: number): Promise<void> {
  const regions = (await database.query<{ code: string }>(`SELECT code FROM regions WHERE kind <> 'district' ORDER BY code`)).map((r) => r.code);
  const known = new Set((await database.query<{ code: string }>(`SELECT code FROM sectors`)).map((r) => r.code));
  const sectorPool = SECTOR_WEIGHTS.filter(([s]) => known.has(s)).flatMap(([s, w]) => Array<string>(w).fill(s));
  await database.query(
    `INSERT INTO enterprises (credit_code, name, sector, sectors, region_code, address, scale, status, legal_rep_name, safety_manager_name, employees, above_scale)
     SELECT 'B' || lpad(g::text, 17, '0'), '基准测试企业' || g || '号',
            (${lit(sectorPool)})[1 + (g::bigint * 7919) % ${sectorPool.length}],
            ARRAY[(${lit(sectorPool)})[1 + (g::bigint * 7919) % ${sectorPool.length}]],
            (${lit(regions)})[1 + (g::bigint * 104729) % ${regions.length}],
            '东西湖区基准路' || g || '号', '小型', '在营', '', '', 5 + (g * 37) % 400, (g * 37) % 400 >= 300
       FROM generate_series(1, $1::int) g`,
    [n],
  );
  await database.query(`ANALYZE enterprises`);
}

export async function buildHazardDataset(database: Database, o: DatasetOptions): Promise<{ enterprises: number; hazards: number; seconds: number }> {
  const log = o.log ?? (() => undefined);
  const t0 = Date.now();
  await database.query(`SELECT setseed(0.20200923)`);
  await insertBenchEnterprises(database, o.enterprises);
  log(`${o.enterprises.toLocaleString('en-US')} enterprises in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  // A numbered copy of the enterprises so each hazard picks one by number (an index lookup).
  await database.query(`DROP TABLE IF EXISTS bench_ent`);
  await database.query(`CREATE UNLOGGED TABLE bench_ent AS SELECT row_number() OVER (ORDER BY credit_code)::int AS rn, id, sector, region_code FROM enterprises`);
  await database.query(`ALTER TABLE bench_ent ADD PRIMARY KEY (rn)`);
  const [{ n }] = await database.query<{ n: number }>(`SELECT count(*)::int AS n FROM bench_ent`);
  const today = chinaDate(new Date());
  const chunk = 100_000;
  for (let start = 1; start <= o.hazards; start += chunk) {
    const end = Math.min(o.hazards, start + chunk - 1);
    const t1 = Date.now();
    await database.query(
      `INSERT INTO hazards (code, source, enterprise_id, region_code, sector, place, category, description, grade, standard_id, standard_item,
                            status, found_at, found_by_name, confirmed_at, measures, responsible_person, funds, deadline, emergency_plan,
                            closed_at, fixed_on_spot, overdue, created_at, updated_at)
       SELECT 'YH-' || left(e.region_code, 6) || '-' || to_char(x.found_at AT TIME ZONE 'Asia/Shanghai', 'YYYY') || '-B' || lpad(x.g::text, 7, '0'),
              (ARRAY['self_check','inspection','public_report','iot_alarm'])[1 + (x.g % 4)],
              e.id, e.region_code, e.sector,
              (${lit(PLACES)})[1 + (x.g * 31) % ${PLACES.length}],
              (${lit(CATEGORIES)})[1 + (x.g * 17) % ${CATEGORIES.length}],
              (${lit(FINDINGS)})[1 + (x.g * 13) % ${FINDINGS.length}] || '（第' || x.g || '号）',
              CASE WHEN x.major THEN '重大' ELSE '一般' END,
              CASE WHEN x.major THEN 'hazchem-2017' END,
              CASE WHEN x.major THEN (1 + x.g % 20)::text END,
              x.status, x.found_at, '基准数据',
              CASE WHEN x.status NOT IN ('reported','dismissed') THEN x.found_at + interval '1 day' END,
              CASE WHEN x.status IN ('rectifying','pending_acceptance','closed') THEN '按整改方案整改' END,
              CASE WHEN x.status IN ('rectifying','pending_acceptance','closed') THEN '责任人' || (x.g % 500) END,
              CASE WHEN x.status IN ('rectifying','pending_acceptance','closed') THEN (x.g % 200) * 100 END,
              x.deadline,
              CASE WHEN x.status IN ('rectifying','pending_acceptance','closed') THEN '专人监护，设置警示' END,
              CASE WHEN x.status IN ('closed','dismissed') THEN x.found_at + (1 + x.g % 60) * interval '1 day' END,
              x.status = 'closed' AND x.g % 9 = 0,
              x.status IN ('confirmed','rectifying') AND x.deadline < $3::date,
              x.found_at, x.found_at
         FROM (
           SELECT g, status, major,
                  now() - CASE WHEN status IN ('closed','dismissed') THEN r2 * interval '2190 days' ELSE r2 * interval '75 days' END AS found_at
             FROM (
               SELECT g, r2, (g % 97 = 0) AS major,
                      CASE WHEN r < 0.62 THEN 'closed' WHEN r < 0.65 THEN 'dismissed' WHEN r < 0.72 THEN 'reported'
                           WHEN r < 0.78 THEN 'confirmed' WHEN r < 0.93 THEN 'rectifying' ELSE 'pending_acceptance' END AS status
                 -- random() in the select list of a subquery: evaluated per row (a LATERAL one would be evaluated once)
                 FROM (SELECT g, random() AS r, random() AS r2 FROM generate_series($1::int, $2::int) g) rnd
             ) st
         ) x0
         CROSS JOIN LATERAL (SELECT x0.g, x0.status, x0.major, x0.found_at,
                                    CASE WHEN x0.status NOT IN ('reported','dismissed') THEN ((x0.found_at AT TIME ZONE 'Asia/Shanghai')::date + (15 + x0.g % 90)) END AS deadline) x
         JOIN bench_ent e ON e.rn = 1 + (x.g * 15485863::bigint) % ${n}`,
      [start, end, today],
    );
    log(`hazards ${end.toLocaleString('en-US')} / ${o.hazards.toLocaleString('en-US')} (${((Date.now() - t1) / 1000).toFixed(1)} s)`);
  }
  // The counters went up through the triggers; 挂牌 a few 重大 ones for the public page.
  await database.query(
    `WITH m AS (SELECT id, region_code, deadline FROM hazards WHERE grade = '重大' AND status IN ('confirmed','rectifying') AND found_by_name = '基准数据' ORDER BY found_at DESC LIMIT 200)
     INSERT INTO hazard_supervisions (hazard_id, region_code, level, supervising_unit, doc_no, deadline, signed_by, signed_on)
     SELECT id, region_code, '区级', '东西湖区安全生产委员会办公室', '基准督〔2026〕' || row_number() OVER () || '号', coalesce(deadline, current_date + 30), '基准', current_date FROM m`,
  );
  await database.query(`UPDATE hazards SET supervision = 'listed' WHERE id IN (SELECT hazard_id FROM hazard_supervisions) AND supervision IS NULL`);
  await database.query(`DROP TABLE bench_ent`);
  const t2 = Date.now();
  await database.query(`VACUUM (ANALYZE) hazards`);
  await database.query(`VACUUM (ANALYZE) enterprises`);
  await database.query(`VACUUM (ANALYZE) hazard_counters`);
  log(`vacuum analyze in ${((Date.now() - t2) / 1000).toFixed(1)} s`);
  return { enterprises: o.enterprises, hazards: o.hazards, seconds: (Date.now() - t0) / 1000 };
}
