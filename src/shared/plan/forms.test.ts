/**
 * Each hierarchy marker and responsibility form on small plans written for the test.
 */
import { describe, expect, it } from 'vitest';
import { UnitDirectory } from '../org/reference.js';
import { parsePlanText } from './parse.js';
import type { ParsedPlan, PlanNode } from './types.js';

function node(plan: ParsedPlan, id: string): PlanNode {
  const n = plan.tasks.find((x) => x.id === id);
  if (!n) throw new Error(`no node ${id}; have ${plan.tasks.map((x) => `${x.id}:${x.kind}`).join(' ')}`);
  return n;
}
const shape = (plan: ParsedPlan) => plan.tasks.map((n) => `${n.id}:${n.kind}`);

describe('hierarchy markers', () => {
  it('reads (一) with half-width brackets, 1． with a full-width dot, 1、 and inline （1）', () => {
    const plan = parsePlanText(
      ['一、重点任务', '(一)强化源头管控', '1．严格项目准入。（1）新建项目必须开展安全评价；（2）2024年底前完成存量项目复核。（区应急局牵头）', '2、加强园区管理。（区发改局牵头）'].join('\n'),
    );
    expect(shape(plan)).toEqual(['1:section', '1.1:group', '1.1.1:task', '1.1.1.1:item', '1.1.1.2:item', '1.1.2:task']);
    expect(node(plan, '1.1.1').marker).toBe('1.');
    expect(node(plan, '1.1.2').marker).toBe('2、');
    expect(plan.warnings.map((w) => w.code)).toContain('MIXED_MARKERS');
    expect(node(plan, '1.1.1.2').deadlines.map((d) => d.date)).toEqual(['2024-12-31']);
  });

  it('reads 一是…十六是, also inside **…**, and restarts numbering per task', () => {
    const numerals = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五', '十六'];
    const items = numerals.map((n, i) => (i % 3 === 0 ? `**${n}是**措施${i + 1}。` : `${n}是措施${i + 1}。`)).join('');
    const plan = parsePlanText(['二、主要任务', `1.交通安全整治。${items}（区交通局牵头）`, '2.消防安全整治。一是排查隐患。二是整改销号。（区消防大队牵头）'].join('\n'));
    const first = plan.tasks.filter((n) => n.parentId === '2.1');
    expect(first.map((n) => n.ordinal)).toEqual(numerals.map((_, i) => i + 1));
    expect(first[15]).toMatchObject({ id: '2.1.16', marker: '十六是', title: '措施16' });
    expect(plan.tasks.filter((n) => n.parentId === '2.2').map((n) => n.id)).toEqual(['2.2.1', '2.2.2']);
    expect(plan.warnings.map((w) => w.code)).not.toContain('NUMBERING_GAP');
  });

  it('reads 第一，第二， enumerations and circled numbers as items', () => {
    const plan = parsePlanText('一、工作任务\n1.加强培训。第一，开展全员培训；第二，组织考核。（区人社局牵头）\n2.完善预案。①修订预案；②组织演练。（区应急局牵头）');
    expect(plan.tasks.filter((n) => n.kind === 'item').map((n) => n.id)).toEqual(['1.1.1', '1.1.2', '1.2.1', '1.2.2']);
  });

  it('does not take prose for markers ("，二是否", a decimal, "三、四级")', () => {
    const plan = parsePlanText('一、任务\n1.检查设施。一是核查设备是否完好，二是否存在隐患另行登记。\n1.5米以内不得堆放。\n三、四级重大危险源全部接入。（区应急局牵头）');
    expect(plan.tasks.filter((n) => n.kind === 'item')).toHaveLength(1);
    expect(plan.tasks.filter((n) => n.kind === 'section')).toHaveLength(1);
  });

  it('labels a restarted series and gives it distinct ids', () => {
    const plan = parsePlanText('一、任务\n1.垃圾场整治。一是甲。二是乙。\n建筑垃圾消纳场整治：一是丙。二是丁。（区城管局牵头）');
    expect(plan.tasks.filter((n) => n.kind === 'item').map((n) => [n.id, n.series ?? null])).toEqual([
      ['1.1.1', null],
      ['1.1.2', null],
      ['1.1.b1', '建筑垃圾消纳场整治'],
      ['1.1.b2', '建筑垃圾消纳场整治'],
    ]);
    expect(node(plan, '1.1.2').text).toBe('乙。');
    expect(node(plan, '1.1').leadUnits).toEqual(['区城管局']);
  });

  it('puts a plan without 一、 parts together from its top level', () => {
    const plan = parsePlanText('某县安全生产工作要点\n（一）加强执法。开展执法检查。（县应急局牵头）\n（二）强化宣传。（县委宣传部牵头）');
    expect(shape(plan)).toEqual(['1:task', '2:task']);
    expect(plan.document.title).toBe('某县安全生产工作要点');
  });
});

describe('responsibility clauses', () => {
  const plan = parsePlanText(
    [
      '二、主要任务',
      '1.任务甲。内容。（区应急局牵头，区住建局、区交通局等有关单位按职责分工负责）',
      '2.任务乙。内容。（区消防专委会（区消防救援大队）牵头，专委会成员单位按职责分工负责）',
      '3.任务丙。内容。（区交通运输局、区城管执法局分别牵头，各街道办事处、园区等单位分工负责）',
      '4.任务丁。内容。',
      '牵头单位：区卫健局',
      '配合单位：区民政局、区医保局',
      '5.任务戊。内容。【牵头单位】区教育局【责任单位】区公安局、各学校',
      '6.任务己。内容。责任单位：区水务局（牵头）、区农业局',
      '7.任务庚。内容。（区应急局牵头，相关部门配合）',
      '8.任务辛。内容。（区科经局、区住建局、区商务局等有关单位按职责分工负责）',
      '9.任务壬。内容。（区委统战部（台办、民宗局）牵头，区应急局和区住建局配合）',
      '10.任务癸。内容。（牵头单位：区市场监管局；配合单位：区水务和湖泊局）',
      '11.任务子。对危桥由公安交管部门牵头采取管制措施。（区交通运输局牵头）',
    ].join('\n'),
  );

  it('（X牵头，Y、Z等有关单位按职责分工负责）', () => {
    expect(node(plan, '2.1')).toMatchObject({ leadUnits: ['区应急局'], coUnits: ['区住建局', '区交通局', '有关单位'] });
  });
  it('committee with its department', () => {
    const t = node(plan, '2.2');
    expect(t).toMatchObject({ leadUnits: ['区消防专委会'], coUnits: ['专委会成员单位'] });
    expect(t.units[0]).toMatchObject({ name: '区消防专委会', departments: ['区消防救援大队'] });
    expect(t.unresolvedUnits).toEqual(['区消防专委会', '区消防救援大队']);
  });
  it('X、Y分别牵头 and 等单位 without a collective word', () => {
    expect(node(plan, '2.3')).toMatchObject({ leadUnits: ['区交通运输局', '区城管执法局'], coUnits: ['各街道办事处', '园区'] });
  });
  it('牵头单位：/配合单位： lines after the task', () => {
    expect(node(plan, '2.4')).toMatchObject({ leadUnits: ['区卫健局'], coUnits: ['区民政局', '区医保局'] });
  });
  it('【牵头单位】…【责任单位】…', () => {
    expect(node(plan, '2.5')).toMatchObject({ leadUnits: ['区教育局'], coUnits: ['区公安局', '各学校'] });
  });
  it('X（牵头） inside a 责任单位 list', () => {
    expect(node(plan, '2.6')).toMatchObject({ leadUnits: ['区水务局'], coUnits: ['区农业局'] });
  });
  it('相关部门配合 is a generic co unit, never unresolved', () => {
    expect(node(plan, '2.7')).toMatchObject({ leadUnits: ['区应急局'], coUnits: ['相关部门'], unresolvedUnits: ['区应急局'] });
    expect(node(plan, '2.7').units[1]).toMatchObject({ generic: true, code: null });
  });
  it('a list without a lead: every named unit is jointly responsible', () => {
    expect(node(plan, '2.8')).toMatchObject({ leadUnits: ['区科经局', '区住建局', '区商务局'], coUnits: ['有关单位'] });
  });
  it('nested parentheses and "和" between two units', () => {
    const t = node(plan, '2.9');
    expect(t).toMatchObject({ leadUnits: ['区委统战部'], coUnits: ['区应急局', '区住建局'] });
    expect(t.units[0].departments).toEqual(['台办', '民宗局']);
  });
  it('labels inside parentheses, and "和" inside one unit name', () => {
    expect(node(plan, '2.10')).toMatchObject({ leadUnits: ['区市场监管局'], coUnits: ['区水务和湖泊局'] });
  });
  it('由X牵头 inside a sentence', () => {
    expect(plan.tasks.filter((n) => n.parentId === '2.11')).toHaveLength(0);
    expect(node(plan, '2.11').leadUnits).toEqual(['公安交管部门', '区交通运输局']);
  });
  it('spans cover exactly the names', () => {
    for (const n of plan.tasks) for (const u of n.units) if (u.start !== null) expect(plan.sourceText.slice(u.start, u.end!)).toBe(u.written);
  });

  it('keeps per-item clauses on the items, the last one included', () => {
    const p = parsePlanText('一、任务\n1.甲任务。（1）甲一。（区应急局牵头）（2）甲二。（区住建局牵头）（3）甲三。（区交通局牵头）');
    expect(p.tasks.filter((n) => n.kind === 'item').map((n) => n.leadUnits)).toEqual([['区应急局'], ['区住建局'], ['区交通局']]);
    expect(node(p, '1.1').leadUnits).toEqual([]);
  });

  it('resolves aliases through the directory it is given, and reports what it cannot', () => {
    const dir = new UnitDirectory([
      { code: 'health', name: '某区卫生健康局', kind: 'department', aliases: ['区卫健局', '区卫生健康委'] },
      { code: 'fire', name: '某区消防救援大队', kind: 'department', aliases: ['区消防大队'] },
    ]);
    const p = parsePlanText('一、任务\n1.医院整治。内容。（区卫健局牵头，区消防大队、区未知局等相关部门配合）', { units: dir });
    expect(node(p, '1.1')).toMatchObject({ leadUnits: ['某区卫生健康局'], coUnits: ['某区消防救援大队', '区未知局', '相关部门'], unresolvedUnits: ['区未知局'] });
    expect(node(p, '1.1').units[0]).toMatchObject({ code: 'health', written: '区卫健局' });
    expect(p.warnings.find((w) => w.code === 'UNRESOLVED_UNITS')?.message).toContain('区未知局');
  });

  it('applies a parenthesised global 属地 statement to the task and all later tasks', () => {
    const p = parsePlanText(
      '一、专项整治\n1.甲。内容。\n2.乙。内容。（区应急局牵头；各镇（街）负有属地管理责任，下同）\n3.丙。内容。（区住建局牵头）',
    );
    expect(shape(p)).toEqual(['1:section', '1.1:task', '1.2:task', '1.3:task']);
    expect(node(p, '1.1').territorialDuty).toBe(false);
    expect(node(p, '1.2')).toMatchObject({ territorialDuty: true, coUnits: ['各镇（街）'] });
    expect(node(p, '1.3')).toMatchObject({ territorialDuty: true, leadUnits: ['区住建局'], coUnits: ['各镇（街）'] });
  });
});

describe('document metadata', () => {
  for (const [written, expected] of [
    ['东安〔2020〕7号', '东安〔2020〕7号'],
    ['东安[2020]7号', '东安〔2020〕7号'],
    ['东安［2020］7号', '东安〔2020〕7号'],
    ['东安(2020)7号', '东安〔2020〕7号'],
    ['东安（2020）7号', '东安〔2020〕7号'],
    ['东安【2020】 7 号', '东安〔2020〕7号'],
  ]) {
    it(`reads the document number ${written}`, () => {
      expect(parsePlanText(`某区安全生产委员会文件\n${written}\n某区专项整治方案\n一、任务\n1.甲。（区应急局牵头）`).document.docNumber).toBe(expected);
    });
  }

  it('reads a date in Chinese numerals and a 人民政府 issuer', () => {
    const p = parsePlanText('某县人民政府办公室\n二〇二二年十二月三十一日\n某县消防安全专项整治方案\n一、任务\n1.甲。（县消防大队牵头）');
    expect(p.document).toMatchObject({ issuer: '某县人民政府办公室', issuedOn: '2022-12-31', title: '某县消防安全专项整治方案' });
  });

  it('falls back to the 通知 title, the 文件 header and the 版记 date', () => {
    const p = parsePlanText('某市应急管理局文件\n关于印发《某市燃气安全整治方案》的通知\n一、任务\n1.甲。（市城管局牵头）\n某市应急管理局办公室2021年5月6日印发');
    expect(p.document).toMatchObject({ title: '某市燃气安全整治方案', issuer: '某市应急管理局', issuedOn: '2021-05-06' });
    expect(p.tasks.every((n) => !n.text.includes('印发'))).toBe(true);
  });
});
