/**
 * Plans in other styles, regions and years than the reference: a city 实施方案 with
 * 牵头单位：/配合单位：/责任单位： lines, a 2024 治本攻坚 plan as pdftotext extracts it
 * (【牵头单位】, （1） items, page numbers, hard wraps), a GBK text file and a generated .docx.
 * Expectations are written by hand from the fixtures.
 */
import { readFileSync } from 'node:fs';
import { AlignmentType, Document, Packer, Paragraph, TextRun } from 'docx';
import { describe, expect, it } from 'vitest';
import { decodePlanBytes } from './decode.js';
import { parsePlanDocument, parsePlanText } from './parse.js';
import type { ParsedPlan, PlanNode } from './types.js';

const fixture = (name: string) => readFileSync(new URL(`../../../fixtures/plans/${name}`, import.meta.url));

function byId(plan: ParsedPlan, id: string): PlanNode {
  const n = plan.tasks.find((x) => x.id === id);
  if (!n) throw new Error(`no node ${id}; have ${plan.tasks.map((x) => x.id).join(' ')}`);
  return n;
}
const dl = (n: PlanNode) => n.deadlines.map((d) => [d.date, d.kind, d.text]);
const tg = (n: PlanNode) => n.targets.map((t) => [t.comparator, t.value, t.unit]);

describe('city 实施方案 with 牵头单位：/配合单位：/责任单位： lines (南湖市, 2021)', () => {
  const plan = parsePlanText(fixture('nanhu-city-2021-hazchem.txt').toString('utf8'));

  it('reads the 版头 and 落款', () => {
    expect(plan.document).toEqual({
      title: '南湖市危险化学品安全专项整治实施方案',
      docNumber: '南安办〔2021〕12号',
      issuer: '南湖市安全生产委员会办公室',
      issuedOn: '2021-03-15',
    });
  });

  it('takes （一）… as tasks because the labels close them, and 1. 2. as their items', () => {
    const tasks = plan.tasks.filter((n) => n.kind === 'task');
    expect(tasks.map((t) => t.id)).toEqual(['2.1', '2.2', '2.3', '2.4', '2.5', '2.6', '2.7']);
    expect(plan.tasks.filter((n) => n.kind === 'item').map((n) => n.id)).toEqual(['2.1.1', '2.1.2', '2.2.1', '2.2.2', '2.3.1', '2.3.2']);
    expect(byId(plan, '2.2.1').text.startsWith('2021年第三季度')).toBe(true); // "1.2021年…" is item 1
  });

  it('reads each responsibility form', () => {
    const streets = '各县（市、区）人民政府';
    expect(byId(plan, '2.1')).toMatchObject({ leadUnits: ['市应急管理局'], coUnits: ['市公安局', '市交通运输局', '市生态环境局', streets] });
    // 责任单位 next to a 牵头单位 label: co units
    expect(byId(plan, '2.2')).toMatchObject({ leadUnits: ['市应急管理局'], coUnits: [streets] });
    expect(byId(plan, '2.3')).toMatchObject({ leadUnits: ['市交通运输局', '市公安局交警支队'], coUnits: ['市应急管理局', streets] });
    // X（牵头） inside a 责任单位 list
    expect(byId(plan, '2.4')).toMatchObject({ leadUnits: ['市应急管理局'], coUnits: ['市公安局', '市市场监管局', streets] });
    // 责任单位 without any lead: jointly responsible
    expect(byId(plan, '2.5')).toMatchObject({ leadUnits: ['市发展改革委', '市工业和信息化局', '市应急管理局'], coUnits: [streets] });
    // nested parentheses: 市委统战部（市民宗委）
    const t6 = byId(plan, '2.6');
    expect(t6).toMatchObject({ leadUnits: ['市委统战部'], coUnits: ['市消防救援支队', streets] });
    expect(t6.units.find((u) => u.role === 'lead')!.departments).toEqual(['市民宗委']);
    // X、Y分别牵头 + 相关部门配合
    expect(byId(plan, '2.7')).toMatchObject({ leadUnits: ['市委宣传部', '市应急管理局'], coUnits: ['相关部门', streets] });
  });

  it('applies the global 属地 statement in running text to every task after it', () => {
    const tasks = plan.tasks.filter((n) => n.kind === 'task');
    expect(tasks.every((t) => t.territorialDuty)).toBe(true);
    const generic = byId(plan, '2.7').units.find((u) => u.territorial)!;
    expect(generic).toMatchObject({ name: '各县（市、区）人民政府', generic: true, start: null });
    expect(byId(plan, '2.7').unresolvedUnits).not.toContain('各县（市、区）人民政府');
  });

  it('reads deadlines, recurrences and targets where the text puts them', () => {
    expect(dl(byId(plan, '2.1.1'))).toEqual([['2021-06-30', 'by', '2021年6月底前']]);
    expect(byId(plan, '2.1.2').recurrence).toMatchObject({ every: 'quarter', times: 1, atLeast: true });
    expect(dl(byId(plan, '2.2.1'))).toEqual([['2021-09-30', 'during', '2021年第三季度']]);
    expect(tg(byId(plan, '2.2.1'))).toEqual([['>=', 95, '%']]);
    expect(byId(plan, '2.2.1').targets[0].subject).toBe('接入率');
    expect(dl(byId(plan, '2.2.2'))).toEqual([[null, 'ongoing', '长期坚持']]);
    expect(byId(plan, '2.3.1').recurrence).toMatchObject({ every: 'month', times: 1 });
    expect(dl(byId(plan, '2.3.2'))).toEqual([['2021-08-31', 'before', '2021年9月前']]);
    expect(dl(byId(plan, '2.4'))).toEqual([['2021-06-30', 'during', '2021年上半年']]);
    expect(byId(plan, '2.4').targets).toMatchObject([{ comparator: '>=', value: 3, unit: '次', subject: '联合执法行动' }]);
    expect(dl(byId(plan, '2.5'))).toEqual([
      ['2021-10-15', 'by', '2021年10月15日前'],
      [null, 'ongoing', '持续推进'],
    ]);
    expect(dl(byId(plan, '2.6'))).toEqual([['2021-12-31', 'by', '2021年底前']]);
    // 工作目标 is not a task part, but its target stays on its node
    expect(tg(byId(plan, '1'))).toEqual([['>=', 100, '%']]);
  });

  it('reads the phases of 实施步骤', () => {
    expect(plan.phases.map((p) => [p.name, p.start, p.end])).toEqual([
      ['动员部署阶段', '2021-03-01', '2021-03-31'],
      ['排查整治阶段', '2021-04-01', '2021-09-30'],
      ['总结提升阶段', '2021-10-01', '2021-12-31'],
    ]);
    expect(plan.campaign).toEqual({ start: '2021-03-01', end: '2021-12-31' });
    expect(byId(plan, '3.1').kind).toBe('group');
  });
});

describe('2024 治本攻坚 plan as extracted from a PDF (清河县, 【牵头单位】 and （1） items)', () => {
  const plan = parsePlanText(fixture('qinghe-county-2024-zhiben.txt').toString('utf8'));

  it('repairs the extraction damage', () => {
    expect(plan.sourceText).not.toMatch(/- 1 -|第 2 页|安 全|\*\*|#/);
    expect(plan.document).toEqual({
      title: '清河县安全生产治本攻坚三年行动方案（2024—2026年）',
      docNumber: '清安〔2024〕3号',
      issuer: '清河县人民政府安全生产委员会',
      issuedOn: '2024-03-05', // 二〇二四年三月五日
    });
  });

  it('builds group → task → （1） item and puts the 【】 labels on the task', () => {
    expect(plan.tasks.filter((n) => n.kind === 'task').map((n) => [n.id, n.title])).toEqual([
      ['2.1.1', '压实企业主体责任'],
      ['2.1.2', '强化部门监管责任'],
      ['2.2.1', '开展重大事故隐患排查整治'],
      ['2.2.2', '推进安全生产“一件事”改革'],
    ]);
    expect(plan.tasks.filter((n) => n.kind === 'item')).toHaveLength(6);
    expect(byId(plan, '2.1.1')).toMatchObject({ leadUnits: ['县应急局'], coUnits: ['县工信局', '县住建局', '各乡镇（街道）'] });
    expect(byId(plan, '2.1.1.2')).toMatchObject({ leadUnits: [], coUnits: [] });
    expect(byId(plan, '2.1.2')).toMatchObject({ leadUnits: ['县安委办'], coUnits: ['县直有关部门'] });
    expect(byId(plan, '2.2.1')).toMatchObject({ leadUnits: ['县应急局', '县住建局'], coUnits: ['县交通运输局', '县市场监管局'] });
    expect(byId(plan, '2.2.2')).toMatchObject({ leadUnits: ['县政务服务和大数据局', '县应急局'], coUnits: [] });
    expect(byId(plan, '2.1.1').unresolvedUnits).toEqual(['县应急局', '县工信局', '县住建局']);
  });

  it('reads spaced, full-width and relative deadlines against the campaign 2024—2026', () => {
    expect(plan.campaign).toEqual({ start: '2024-01-01', end: '2026-12-31' });
    expect(dl(byId(plan, '2.1.1.1'))).toEqual([['2024-12-31', 'by', '2024年底前']]);
    expect(tg(byId(plan, '2.1.1.1'))).toEqual([['>=', 100, '%']]);
    expect(dl(byId(plan, '2.1.1.2'))).toEqual([['2025-06-30', 'by', '2025年6月30日前']]); // ２０２５年６月３０日前
    expect(byId(plan, '2.1.2.1').recurrence).toMatchObject({ every: 'halfyear', times: 1, atLeast: true });
    expect(dl(byId(plan, '2.1.2.2'))).toEqual([[null, 'ongoing', '持续推进']]);
    expect(dl(byId(plan, '2.2.1.1'))).toEqual([['2024-06-30', 'during', '2024年第二季度']]); // "2024 年"
    expect(dl(byId(plan, '2.2.1.2'))).toEqual([['2026-12-31', 'campaign_end', '三年内']]);
    expect(dl(byId(plan, '2.2.2'))).toEqual([['2025-06-30', 'during', '2025年上半年']]);
    // "较2023年" is a baseline, not a deadline
    expect(dl(byId(plan, '1'))).toEqual([['2026-12-31', 'by', '到2026年底']]);
    expect(plan.phases.map((p) => [p.name, p.start, p.end])).toEqual([
      ['动员部署阶段', '2024-01-01', '2024-02-29'],
      ['排查整治阶段', '2024-03-01', '2025-12-31'],
      ['巩固提升阶段', '2026-01-01', '2026-12-31'],
    ]);
  });
});

describe('GBK text file (新庄镇, 2022)', () => {
  const bytes = new Uint8Array(fixture('xinzhuang-town-2022-gbk.txt'));

  it('is not UTF-8 and decodes as GB18030', () => {
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow();
    expect(decodePlanBytes(bytes)).toContain('新庄镇燃气安全专项整治工作方案');
  });

  it('parses inline 一是… items, X（牵头） and a lead-less generic clause', async () => {
    const plan = await parsePlanDocument(bytes, 'xinzhuang.txt');
    expect(plan.document).toMatchObject({ title: '新庄镇燃气安全专项整治工作方案', issuer: '新庄镇人民政府', issuedOn: '2022-04-20', docNumber: null });
    expect(byId(plan, '2.1')).toMatchObject({ kind: 'task', leadUnits: ['镇安办'], coUnits: ['镇市场监管所', '镇派出所'] });
    expect(plan.tasks.filter((n) => n.parentId === '2.1').map((n) => n.kind)).toEqual(['item', 'item', 'item']);
    expect(dl(byId(plan, '2.1.1'))).toEqual([['2022-05-31', 'by', '2022年5月31日前']]);
    expect(byId(plan, '2.1.2').recurrence).toMatchObject({ every: 'month', times: 2, atLeast: true });
    expect(byId(plan, '2.1.2').targets).toEqual([]); // 每月…不少于2次 is a frequency
    expect(byId(plan, '2.1.3').targets).toMatchObject([{ comparator: '>=', value: 100, unit: '%', subject: '整改率' }]);
    expect(byId(plan, '2.2')).toMatchObject({ leadUnits: ['镇安办'], coUnits: ['相关部门'] });
    expect(byId(plan, '2.2').targets).toMatchObject([{ comparator: '>=', value: 90, subject: '安装率' }]);
    expect(byId(plan, '2.3')).toMatchObject({ leadUnits: [], coUnits: ['各村（社区）'] });
    expect(dl(byId(plan, '2.3'))).toEqual([['2022-12-31', 'during', '2022年下半年']]);
    expect(byId(plan, '2.3').targets).toMatchObject([{ comparator: '>=', value: 3, unit: '场' }]);
    expect(plan.warnings.map((w) => w.code)).toContain('TASK_WITHOUT_LEAD');
  });
});

describe('.docx generated with the docx package and read back through mammoth', () => {
  const paragraphs = [
    '临江区教育局文件',
    '临教[2023]5号',
    '临江区校园安全专项整治方案',
    '一、工作目标',
    '2023年底前，全区中小学校安全隐患整改率达到100%。',
    '二、重点任务',
    '1.开展校园安全隐患排查。一是每学期开学前开展一次全面排查；二是2023年9月前完成校舍安全鉴定。（区教育局牵头，区住建局、区消防救援大队配合）',
    '2.加强校车安全管理。到2023年底，校车驾驶人培训率不低于98%。（区教育局、区交通运输局分别牵头）',
    '3.强化校园周边治理。长期坚持开展校园周边环境整治，每周至少巡查1次。（区公安分局牵头，相关部门配合）',
    '临江区教育局',
    '2023年3月1日',
  ];

  async function docxBytes(): Promise<Uint8Array> {
    const doc = new Document({
      sections: [
        {
          children: paragraphs.map(
            (p, i) => new Paragraph({ alignment: i === 2 ? AlignmentType.CENTER : undefined, children: [new TextRun({ text: p, bold: /^[一二]、/.test(p) })] }),
          ),
        },
      ],
    });
    return new Uint8Array(await Packer.toBuffer(doc));
  }

  it('detects the .docx by its signature and parses it', async () => {
    const plan = await parsePlanDocument(await docxBytes(), 'upload.bin');
    expect(plan.document).toMatchObject({ title: '临江区校园安全专项整治方案', issuer: '临江区教育局', issuedOn: '2023-03-01' });
    expect(plan.tasks.filter((n) => n.kind === 'task').map((n) => n.title)).toEqual(['开展校园安全隐患排查', '加强校车安全管理', '强化校园周边治理']);
    expect(byId(plan, '2.1')).toMatchObject({ leadUnits: ['区教育局'], coUnits: ['区住建局', '区消防救援大队'] });
    expect(dl(byId(plan, '2.1.2'))).toEqual([['2023-08-31', 'before', '2023年9月前']]);
    expect(byId(plan, '2.2')).toMatchObject({ leadUnits: ['区教育局', '区交通运输局'], coUnits: [] });
    expect(byId(plan, '2.2').targets).toMatchObject([{ comparator: '>=', value: 98, subject: '校车驾驶人培训率' }]);
    expect(dl(byId(plan, '2.3'))).toEqual([[null, 'ongoing', '长期坚持']]);
    expect(byId(plan, '2.3').recurrence).toMatchObject({ every: 'week', times: 1, atLeast: true });
  });

  it('reads a docNumber written with [ ] brackets the same way', async () => {
    const plan = await parsePlanDocument(await docxBytes(), 'plan.docx');
    expect(plan.document.docNumber).toBe('临教〔2023〕5号');
  });
});
