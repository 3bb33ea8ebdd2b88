import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { Document, Packer, Paragraph, TextRun } from 'docx';
import { multipart, testApp, type Client, type TestApp } from '../../../../test/helpers';
import { rows } from '../../db';
import type { PlanDraftView } from '../../../shared/contracts/plan';
import type { PlanNode } from '../../../shared/plan/types';

const root = new URL('../../../../', import.meta.url);
const REFERENCE = readFileSync(new URL('fixtures/plans/dongxihu-2020-7.txt', root));
const GBK = readFileSync(new URL('fixtures/plans/xinzhuang-town-2022-gbk.txt', root));
const gold = JSON.parse(readFileSync(new URL('fixtures/plans/dongxihu-2020-7.gold.json', root), 'utf8')) as {
  tasks: Array<{ id: string; title: string; lead: string[]; co: string[] }>;
  counts: { tasks: number; items: number };
};

let t: TestApp;
let office: Client, admin: Client, housing: Client, street: Client, enterprise: Client, inspector: Client;

beforeAll(async () => {
  t = await testApp();
  [office, admin, housing, street, enterprise, inspector] = await Promise.all(['anweiban', 'admin', 'zhujianju', 'jiangjunlu', 'qiye', 'jiancha'].map((u) => t.login(u)));
});
afterAll(async () => {
  await t.close();
});

function upload(c: Client, data: Buffer, name = 'plan.txt') {
  const body = multipart([{ field: 'file', name, data }]);
  return c.post('/api/plans', body.payload, { headers: body.headers });
}

async function uploadOk(c: Client, data: Buffer, name?: string): Promise<PlanDraftView> {
  const r = await upload(c, data, name);
  expect(r.statusCode, r.body.slice(0, 300)).toBe(201);
  return r.json();
}

const node = (d: { plan: { tasks: PlanNode[] } }, id: string) => {
  const n = d.plan.tasks.find((x) => x.id === id);
  if (!n) throw new Error(`no node ${id}`);
  return n;
};

const sameSet = (a: string[], b: string[]) => [...a].sort().join('|') === [...b].sort().join('|');

/** ids are ordinal paths under their parent, parents come first, the list is the tree's pre-order, levels are depths. */
function assertConsistent(tasks: PlanNode[]) {
  const byId = new Map<string, PlanNode>();
  const stack: PlanNode[] = [];
  for (const n of tasks) {
    expect(byId.has(n.id), `duplicate id ${n.id}`).toBe(false);
    byId.set(n.id, n);
    while (stack.length && stack[stack.length - 1].id !== n.parentId) stack.pop();
    if (n.parentId === null) {
      expect(stack.length, `${n.id} out of pre-order`).toBe(0);
      expect(n.level).toBe(1);
      expect(n.id).not.toContain('.');
    } else {
      const p = byId.get(n.parentId);
      expect(p, `parent ${n.parentId} of ${n.id} missing or after it`).toBeTruthy();
      expect(stack.length, `${n.id} out of pre-order`).toBeGreaterThan(0);
      expect(n.id.startsWith(`${n.parentId}.`), `${n.id} under ${n.parentId}`).toBe(true);
      expect(n.id.slice(n.parentId.length + 1)).not.toContain('.');
      expect(n.level).toBe(p!.level + 1);
    }
    stack.push(n);
  }
}

async function edit(c: Client, d: { id: string; version: number }, ops: unknown[]) {
  return c.patch(`/api/plans/${d.id}`, { version: d.version, ops });
}

async function editOk(c: Client, d: { id: string; version: number }, ops: unknown[]): Promise<PlanDraftView> {
  const r = await edit(c, d, ops);
  expect(r.statusCode, r.body.slice(0, 400)).toBe(200);
  const v = r.json() as PlanDraftView;
  expect(v.version).toBe(d.version + 1);
  assertConsistent(v.plan.tasks);
  return v;
}

describe('upload', () => {
  let ref: PlanDraftView;
  beforeAll(async () => {
    ref = await uploadOk(office, REFERENCE, '东西湖区安全生产专项整治三年行动方案.txt');
  });

  it('parses the reference plan into 38 tasks with every unit resolved against the registry (gold file)', () => {
    expect(ref.status).toBe('draft');
    expect(ref.version).toBe(1);
    expect(ref.regionCode).toBe('420112');
    expect(ref.fileName).toBe('东西湖区安全生产专项整治三年行动方案.txt');
    expect(ref.title).toBe('东西湖区安全生产专项整治三年行动方案');
    expect(ref.docNumber).toBe('东安〔2020〕7号');
    expect(ref.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(ref.summary).toMatchObject({ tasks: gold.counts.tasks, items: gold.counts.items, unitsUnresolved: 0, tasksWithoutLead: 0 });
    expect(ref.summary.unitsResolved).toBeGreaterThan(30);
    expect(ref.sourceText!.length).toBeGreaterThan(30_000);
    assertConsistent(ref.plan.tasks);
    const tasks = ref.plan.tasks.filter((n) => n.kind === 'task');
    expect(tasks.map((n) => n.id)).toEqual(gold.tasks.map((g) => g.id));
    const diffs: string[] = [];
    for (const g of gold.tasks) {
      const n = node(ref, g.id);
      if (!sameSet(n.leadUnits, g.lead)) diffs.push(`${g.id} lead ${n.leadUnits} ≠ ${g.lead}`);
      if (!sameSet(n.coUnits, g.co)) diffs.push(`${g.id} co ${n.coUnits} ≠ ${g.co}`);
    }
    expect(diffs).toEqual([]);
    for (const n of ref.plan.tasks) expect(n.unresolvedUnits, n.id).toEqual([]);
    expect(ref.warnings.filter((w) => w.code === 'UNRESOLVED_UNITS' || w.code === 'TASK_WITHOUT_LEAD')).toEqual([]);
  });

  it('keeps the spans that produced each unit, deadline and target', () => {
    const text = ref.sourceText!;
    const t227 = node(ref, '2.2.7');
    expect(t227.leadUnits).toEqual(['区城建专委会']);
    const lead = t227.spans.filter((s) => s.kind === 'lead').map((s) => text.slice(s.start, s.end));
    // 区城建安全生产专业委员会（区住建局）牵头: the committee and its department, as written
    expect(lead).toEqual(['区城建安全生产专业委员会', '区住建局']);
    expect(node(ref, '2.1.1').leadUnits).toEqual(['区应急管理局']);
    expect(node(ref, '2.2.4').leadUnits).toEqual(['区消防专委会']);
    const i6 = node(ref, '2.1.1.6');
    expect(i6.deadlines).toMatchObject([{ date: '2022-12-31', kind: 'by', text: '2022年底前' }]);
    expect(text.slice(i6.deadlines[0].start, i6.deadlines[0].end)).toBe('2022年底前');
    expect(i6.targets).toMatchObject([{ value: 75, unit: '%', comparator: '>=' }]);
    expect(i6.spans.map((s) => s.kind)).toEqual(expect.arrayContaining(['deadline', 'target']));
  });

  it('lists the drafts of the region and shows one', async () => {
    const list = await office.get('/api/plans');
    expect(list.statusCode).toBe(200);
    const item = list.json().items.find((x: { id: string }) => x.id === ref.id);
    expect(item).toMatchObject({ title: ref.title, status: 'draft', createdByName: expect.any(String), summary: { tasks: 38 } });
    expect(item.plan).toBeUndefined();
    const one = await admin.get(`/api/plans/${ref.id}`);
    expect(one.statusCode).toBe(200);
    expect(one.json().plan.tasks.length).toBe(ref.plan.tasks.length);
    expect(one.json().sourceText).toBe(ref.sourceText);
    const filtered = await office.get('/api/plans', { status: 'imported' });
    expect(filtered.json().items.find((x: { id: string }) => x.id === ref.id)).toBeUndefined();
  });

  it('reads a .docx by its content, whatever its name', async () => {
    const paragraphs = [
      '临江区教育局文件',
      '临教〔2023〕5号',
      '临江区校园安全专项整治方案',
      '一、工作目标',
      '2023年底前，全区中小学校安全隐患整改率达到100%。',
      '二、重点任务',
      '1.开展校园安全隐患排查。一是每学期开学前开展一次全面排查；二是2023年9月前完成校舍安全鉴定。（区教育局牵头，区住建局、区消防救援大队配合）',
      '2.加强校车安全管理。到2023年底，校车驾驶人培训率不低于98%。（区教育局、区交通运输局分别牵头）',
      '3.强化校园周边治理。长期坚持开展校园周边环境整治。（区公安分局牵头，相关部门配合）',
      '临江区教育局',
      '2023年3月1日',
    ];
    const doc = new Document({ sections: [{ children: paragraphs.map((p) => new Paragraph({ children: [new TextRun(p)] })) }] });
    const bytes = Buffer.from(await Packer.toBuffer(doc));
    const d = await uploadOk(office, bytes, '校园方案.bin');
    expect(d.title).toBe('临江区校园安全专项整治方案');
    expect(d.summary.tasks).toBe(3);
    expect(node(d, '2.1')).toMatchObject({ leadUnits: ['区教育局'], coUnits: ['区住建局', '区消防救援大队'] });
    expect(node(d, '2.2').targets).toMatchObject([{ value: 98, comparator: '>=' }]);
    // a text file named .docx is read as text
    const asText = await uploadOk(office, Buffer.from(paragraphs.join('\n'), 'utf8'), 'named-wrong.docx');
    expect(asText.summary.tasks).toBe(3);
  });

  it('reads a GBK text file', async () => {
    const d = await uploadOk(office, GBK, 'xinzhuang.txt');
    expect(d.sourceText).toContain('镇安办');
    expect(d.summary.tasks).toBeGreaterThan(0);
    // a town's own units are not in the district registry: kept as written and flagged
    expect(d.summary.unitsUnresolved).toBeGreaterThan(0);
    expect(d.warnings.some((w) => w.code === 'UNRESOLVED_UNITS' && w.nodeId)).toBe(true);
  });

  const bad: Array<[string, () => Buffer, number, RegExp]> = [
    ['an empty file', () => Buffer.alloc(0), 400, /为空/],
    ['a file of blanks', () => Buffer.from(' \r\n \n'), 400, /没有文字内容/],
    ['a binary file', () => Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)), 415, /二进制|控制字符|不是文本|不是可读/],
    ['a file in an unknown encoding (Shift-JIS)', () => Buffer.from('8e9e8a94e7bf82cc8e968cce82f08e9f82c182c482a282dc82b7814296e291e882cd82a082e882dc82b982f1', 'hex'), 415, /编码/],
    ['text that is not a plan', () => Buffer.from('hello world, this is not a plan at all.\n'.repeat(20)), 400, /方案结构/],
    ['a broken PDF', () => Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n'), 400, /PDF/],
    ['a spreadsheet', () => Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('....[Content_Types].xml xl/workbook.xml')]), 415, /Excel/],
    ['a broken Word file', () => Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('word/document.xml garbage')]), 400, /Word/],
  ];
  for (const [what, data, status, message] of bad) {
    it(`refuses ${what} with ${status} and a Chinese message`, async () => {
      const r = await upload(office, data());
      expect(r.statusCode, r.body).toBe(status);
      expect(r.json().message).toMatch(message);
      expect(r.json().message).toMatch(/[\u4e00-\u9fa5]/);
    });
  }

  it('refuses a file over 10 MB with 413 (the parser’s limit, and the upload limit just above it)', async () => {
    const line = Buffer.from('一、总体要求\n深入开展安全生产专项整治。（区应急管理局牵头）\n');
    const justOver = Buffer.alloc(10 * 1024 * 1024 + 1, line);
    let r = await upload(office, justOver);
    expect(r.statusCode).toBe(413);
    expect(r.json().message).toMatch(/10 MB/);
    r = await upload(office, Buffer.alloc(11 * 1024 * 1024, line));
    expect(r.statusCode).toBe(413);
    expect(r.json().message).toMatch(/文件过大/);
  });

  it('refuses a file with more nodes than a campaign can take', async () => {
    const many = Buffer.concat(Array.from({ length: 21 }, () => REFERENCE));
    const r = await upload(office, many);
    expect(r.statusCode).toBe(413);
    expect(r.json().message).toMatch(/超过 5000 个的上限/);
  });

  it('refuses a request without a file', async () => {
    const r = await office.post('/api/plans', { x: 1 });
    expect(r.statusCode).toBe(415);
  });
});

describe('access', () => {
  let id: string;
  beforeAll(async () => {
    id = (await uploadOk(office, REFERENCE)).id;
  });

  it('only the office and admins manage plans', async () => {
    for (const c of [housing, street, enterprise, inspector]) {
      expect((await c.get('/api/plans')).statusCode).toBe(403);
      expect((await c.get(`/api/plans/${id}`)).statusCode).toBe(403);
      expect((await upload(c, REFERENCE)).statusCode).toBe(403);
      expect((await c.patch(`/api/plans/${id}`, { version: 1, ops: [{ op: 'merge', nodeId: '1' }] })).statusCode).toBe(403);
      expect((await c.delete(`/api/plans/${id}`)).statusCode).toBe(403);
    }
  });

  it('an unknown id is not found, a malformed one a 400', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await office.get(`/api/plans/${unknown}`)).statusCode).toBe(404);
    expect((await office.patch(`/api/plans/${unknown}`, { version: 1, ops: [{ op: 'merge', nodeId: '1' }] })).statusCode).toBe(404);
    expect((await office.post(`/api/plans/${unknown}/reparse`, {})).statusCode).toBe(404);
    expect((await office.delete(`/api/plans/${unknown}`)).statusCode).toBe(404);
    const bad = await office.get('/api/plans/not-a-uuid');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toMatch(/编号格式不正确/);
  });

  it('a draft of another region is not found (scope in the WHERE clause)', async () => {
    await rows(t.database.db, sql`UPDATE plan_drafts SET region_code = '420113' WHERE id = ${id}`);
    expect((await office.get(`/api/plans/${id}`)).statusCode).toBe(404);
    expect((await office.get('/api/plans')).json().items.some((x: { id: string }) => x.id === id)).toBe(false);
    expect((await office.patch(`/api/plans/${id}`, { version: 1, ops: [{ op: 'merge', nodeId: '1' }] })).statusCode).toBe(404);
    // the admin sees everything
    expect((await admin.get(`/api/plans/${id}`)).statusCode).toBe(200);
  });
});

describe('edits', () => {
  let d: PlanDraftView;
  beforeAll(async () => {
    d = await uploadOk(office, REFERENCE);
  });

  it('sets lead and co units: aliases resolve, unknown names are kept and flagged', async () => {
    d = await editOk(office, d, [{ op: 'setUnits', nodeId: '2.2.7', leadUnits: ['区住建局'], coUnits: ['区卫健局', '区城建专委会', '某某临时指挥部', '有关单位'] }]);
    const n = node(d, '2.2.7');
    expect(n.leadUnits).toEqual(['区住建局']);
    expect(n.coUnits).toEqual(['区卫生健康局', '区城建专委会', '某某临时指挥部', '有关单位']);
    expect(n.unresolvedUnits).toEqual(['某某临时指挥部']);
    // the committee's mention keeps its highlight, now as a co unit
    expect(n.spans.filter((s) => s.kind === 'co').length).toBeGreaterThan(0);
    expect(n.spans.some((s) => s.kind === 'lead')).toBe(false);
    expect(d.summary.unitsUnresolved).toBe(1);
    expect(d.warnings.some((w) => w.code === 'UNRESOLVED_UNITS' && w.nodeId === '2.2.7')).toBe(true);
    // removing the unknown name clears the warning
    d = await editOk(office, d, [{ op: 'setUnits', nodeId: '2.2.7', leadUnits: ['区城建专委会'], coUnits: ['区住建局'] }]);
    expect(node(d, '2.2.7')).toMatchObject({ leadUnits: ['区城建专委会'], coUnits: ['区住建局'], unresolvedUnits: [] });
    expect(d.warnings.some((w) => w.code === 'UNRESOLVED_UNITS')).toBe(false);
  });

  it('refuses a unit that is both lead and co, naming the field', async () => {
    const r = await edit(office, d, [{ op: 'setUnits', nodeId: '2.2.7', leadUnits: ['区住建局'], coUnits: ['区住房和城乡建设局'] }]);
    expect(r.statusCode).toBe(400);
    expect(r.json().details[0].path).toBe('ops.0.coUnits.0');
  });

  it('a task without a lead is flagged', async () => {
    d = await editOk(office, d, [{ op: 'setUnits', nodeId: '2.2.6', leadUnits: [], coUnits: ['区农业农村局'] }]);
    expect(d.summary.tasksWithoutLead).toBe(1);
    expect(d.warnings.find((w) => w.code === 'TASK_WITHOUT_LEAD')).toMatchObject({ nodeId: '2.2.6' });
    d = await editOk(office, d, [{ op: 'setUnits', nodeId: '2.2.6', leadUnits: ['区农业农村局'], coUnits: [] }]);
    expect(d.summary.tasksWithoutLead).toBe(0);
  });

  it('adds, edits and removes deadlines and targets', async () => {
    const before = node(d, '2.1.1.6');
    d = await editOk(office, d, [
      { op: 'addDeadline', nodeId: '2.1.1.6', deadline: { date: '2021-06-30', kind: 'by', text: '2021年6月底前' } },
      { op: 'updateDeadline', nodeId: '2.1.1.6', index: 0, deadline: { date: '2022-11-30', kind: 'by' } },
      { op: 'addTarget', nodeId: '2.1.1.6', target: { value: 1, valueMax: 2, unit: '次', comparator: 'between', subject: '演练' } },
      { op: 'updateTarget', nodeId: '2.1.1.6', index: 0, target: { value: 80, unit: '%', comparator: '>=', subject: '持证率' } },
    ]);
    const n = node(d, '2.1.1.6');
    // the edited deadline keeps its source range and text; the typed one has an empty range
    expect(n.deadlines).toMatchObject([
      { date: '2022-11-30', kind: 'by', text: '2022年底前', start: before.deadlines[0].start, end: before.deadlines[0].end },
      { date: '2021-06-30', kind: 'by', text: '2021年6月底前' },
    ]);
    expect(n.deadlines[1].start).toBe(n.deadlines[1].end);
    expect(n.targets).toMatchObject([{ value: 80, comparator: '>=', subject: '持证率', start: before.targets[0].start }, { value: 1, valueMax: 2, comparator: 'between' }]);
    expect(n.spans.filter((s) => s.kind === 'deadline')).toHaveLength(1);
    d = await editOk(office, d, [
      { op: 'removeDeadline', nodeId: '2.1.1.6', index: 1 },
      { op: 'removeTarget', nodeId: '2.1.1.6', index: 1 },
      { op: 'setDeadlines', nodeId: '2.1.1.5', deadlines: [{ date: null, kind: 'ongoing', text: '长期坚持' }] },
      { op: 'setTargets', nodeId: '2.1.1.5', targets: [] },
    ]);
    expect(node(d, '2.1.1.6').deadlines).toHaveLength(1);
    expect(node(d, '2.1.1.6').targets).toHaveLength(1);
    expect(node(d, '2.1.1.5').deadlines).toMatchObject([{ date: null, kind: 'ongoing' }]);
  });

  it('validates every op and names the field', async () => {
    const cases: Array<[unknown[], string]> = [
      [[{ op: 'addDeadline', nodeId: '2.1.1.6', deadline: { date: '2021-02-30', kind: 'by' } }], 'ops.0.deadline.date'],
      [[{ op: 'addDeadline', nodeId: '2.1.1.6', deadline: { date: null, kind: 'by' } }], 'ops.0.deadline.date'],
      [[{ op: 'addDeadline', nodeId: '2.1.1.6', deadline: { date: '2021-01-01', kind: 'soon' } }], 'ops.0.deadline.kind'],
      [[{ op: 'addTarget', nodeId: '2.1.1.6', target: { value: 1, unit: '次', comparator: 'between' } }], 'ops.0.target.valueMax'],
      [[{ op: 'removeTarget', nodeId: '2.1.1.6', index: 9 }], 'ops.0.index'],
      [[{ op: 'setUnits', nodeId: 'nope', leadUnits: [], coUnits: [] }], 'ops.0.nodeId'],
      [[{ op: 'editNode', nodeId: '2.1.1' }], 'ops.0.title'],
      [[{ op: 'frobnicate', nodeId: '2.1.1' }], 'ops.0.op'],
      [[{ op: 'merge', nodeId: '2.1.1' }, { op: 'split', nodeId: '2.1.2', at: 0 }], 'ops.1.at'],
      [[{ op: 'addDeadline', nodeId: '2.1.1.6', deadline: { date: '2021-01-01', kind: 'by', start: 5, end: 99_999_999 } }], 'ops.0.deadline.end'],
    ];
    for (const [ops, path] of cases) {
      const r = await edit(office, d, ops);
      expect(r.statusCode, JSON.stringify(ops)).toBe(400);
      expect(r.json().details.map((x: { path: string }) => x.path), JSON.stringify(ops)).toContain(path);
      expect(r.json().message).toMatch(/[\u4e00-\u9fa5]/);
    }
    const noVersion = await office.patch(`/api/plans/${d.id}`, { ops: [{ op: 'merge', nodeId: '1' }] });
    expect(noVersion.statusCode).toBe(400);
    expect(noVersion.json().details[0].path).toBe('version');
    // nothing was applied (all or nothing)
    expect((await office.get(`/api/plans/${d.id}`)).json().version).toBe(d.version);
  });

  it('refuses an edit made on an old version with 409', async () => {
    const r = await edit(office, { id: d.id, version: d.version - 1 }, [{ op: 'editNode', nodeId: '2.1.1', title: '旧版本上的修改' }]);
    expect(r.statusCode).toBe(409);
    expect(r.json().details.currentVersion).toBe(d.version);
  });

  it('edits a title and a kind; a task cannot sit inside a task', async () => {
    d = await editOk(office, d, [{ op: 'editNode', nodeId: '2.1.1', title: '深入学习宣传贯彻安全生产重要论述' }]);
    expect(node(d, '2.1.1').title).toBe('深入学习宣传贯彻安全生产重要论述');
    const r = await edit(office, d, [{ op: 'editNode', nodeId: '2.1.1.2', kind: 'task' }]);
    expect(r.statusCode).toBe(400);
    expect(r.json().details[0].path).toBe('ops.0.kind');
    d = await editOk(office, d, [{ op: 'editNode', nodeId: '2.4.4', kind: 'item' }, { op: 'editNode', nodeId: '2.4.4', kind: 'task' }]);
    expect(node(d, '2.4.4').kind).toBe('task');
  });

  it('splits an item at an offset into two consecutive items and renumbers the rest', async () => {
    const text = (await office.get(`/api/plans/${d.id}`)).json().sourceText as string;
    const task = node(d, '2.1.2');
    const items = d.plan.tasks.filter((n) => n.parentId === '2.1.2');
    const first = items[0];
    const cut = text.indexOf('。', first.start + 10) + 1;
    expect(cut).toBeGreaterThan(first.start);
    expect(cut).toBeLessThan(first.end - 1);
    const secondItemText = items[1].text;
    d = await editOk(office, d, [{ op: 'split', nodeId: first.id, at: cut }]);
    const after = d.plan.tasks.filter((n) => n.parentId === '2.1.2');
    expect(after).toHaveLength(items.length + 1);
    expect(after.map((n) => n.id)).toEqual(after.map((_, i) => `2.1.2.${i + 1}`));
    expect(after.map((n) => n.ordinal)).toEqual(after.map((_, i) => i + 1));
    expect(after[0].end).toBeLessThanOrEqual(cut);
    expect(after[1].start).toBeGreaterThanOrEqual(cut);
    expect((after[0].text + after[1].marker + after[1].text).replace(/\s/g, '')).toBe(first.text.replace(/\s/g, ''));
    expect(after[2].text).toBe(secondItemText);
    expect(after[1].title.length).toBeGreaterThan(0);
    // the findings went to the half that holds them
    for (const n of after.slice(0, 2)) for (const s of n.spans) expect(s.start >= n.start && s.start < n.end, `${n.id} span ${s.start}`).toBe(true);
    expect(node(d, '2.1.2').leadUnits).toEqual(task.leadUnits);
  });

  it('merges a node with its next sibling (children, findings and text join it)', async () => {
    const before = d.plan.tasks.filter((n) => n.parentId === '2.1.2');
    d = await editOk(office, d, [{ op: 'merge', nodeId: '2.1.2.1' }]);
    const after = d.plan.tasks.filter((n) => n.parentId === '2.1.2');
    expect(after).toHaveLength(before.length - 1);
    expect(after[0].start).toBe(before[0].start);
    expect(after[0].end).toBe(before[1].end);
    expect(after.map((n) => n.id)).toEqual(after.map((_, i) => `2.1.2.${i + 1}`));
    // merging tasks moves the second task's items under the first
    const t23 = d.plan.tasks.filter((n) => n.parentId === '2.1.3').length;
    const t24 = d.plan.tasks.filter((n) => n.parentId === '2.1.4').length;
    const leads = new Set([...node(d, '2.1.3').leadUnits, ...node(d, '2.1.4').leadUnits]);
    d = await editOk(office, d, [{ op: 'merge', nodeId: '2.1.3' }]);
    expect(d.plan.tasks.filter((n) => n.parentId === '2.1.3')).toHaveLength(t23 + t24);
    expect(d.plan.tasks.some((n) => n.id === '2.1.4')).toBe(false);
    expect(new Set(node(d, '2.1.3').leadUnits)).toEqual(leads);
    expect(d.summary.tasks).toBe(37);
    const last = d.plan.tasks.filter((n) => n.parentId === '2.1');
    const r = await edit(office, d, [{ op: 'merge', nodeId: last[last.length - 1].id }]);
    expect(r.statusCode).toBe(400);
    expect(r.json().details[0].path).toBe('ops.0.nodeId');
  });

  it('moves a node to another parent and position, renumbering both sides', async () => {
    const moved = node(d, '2.2.26');
    const oldGroup = d.plan.tasks.filter((n) => n.parentId === '2.2').length;
    const newGroup = d.plan.tasks.filter((n) => n.parentId === '2.3').length;
    d = await editOk(office, d, [{ op: 'move', nodeId: '2.2.26', parentId: '2.3', position: 0 }]);
    expect(d.plan.tasks.filter((n) => n.parentId === '2.2')).toHaveLength(oldGroup - 1);
    const g3 = d.plan.tasks.filter((n) => n.parentId === '2.3');
    expect(g3).toHaveLength(newGroup + 1);
    expect(g3[0]).toMatchObject({ id: '2.3.1', title: moved.title, leadUnits: moved.leadUnits, start: moved.start });
    // its items followed it
    expect(d.plan.tasks.filter((n) => n.parentId === '2.3.1').map((n) => n.text)).toEqual(
      (await office.get(`/api/plans/${d.id}`)).json().plan.tasks.filter((n: PlanNode) => n.parentId === '2.3.1').map((n: PlanNode) => n.text),
    );
    // within the same parent: to the end
    d = await editOk(office, d, [{ op: 'move', nodeId: '2.3.1', parentId: '2.3', position: newGroup }]);
    expect(d.plan.tasks.filter((n) => n.parentId === '2.3').at(-1)!.title).toBe(moved.title);
    const cases: Array<[unknown, string]> = [
      [{ op: 'move', nodeId: '2.3', parentId: '2.3.1', position: 0 }, 'ops.0.parentId'],
      [{ op: 'move', nodeId: '2.3.1', parentId: '2.2', position: 99 }, 'ops.0.position'],
      [{ op: 'move', nodeId: '2.3.1', parentId: '2.2.1', position: 0 }, 'ops.0.parentId'],
      [{ op: 'move', nodeId: '2.3.1', parentId: 'x.y', position: 0 }, 'ops.0.parentId'],
    ];
    for (const [op, path] of cases) {
      const r = await edit(office, d, [op]);
      expect(r.statusCode, JSON.stringify(op)).toBe(400);
      expect(r.json().details[0].path).toBe(path);
    }
  });

  it('deletes a node with its subtree', async () => {
    const n = d.plan.tasks.length;
    const sub = d.plan.tasks.filter((x) => x.id === '4' || x.id.startsWith('4.')).length;
    d = await editOk(office, d, [{ op: 'delete', nodeId: '4' }]);
    expect(d.plan.tasks).toHaveLength(n - sub);
    expect(d.plan.tasks.some((x) => x.id.startsWith('4'))).toBe(false);
  });

  it('writes one audit row per op', async () => {
    const r = await office.get(`/api/plans/${d.id}/history`);
    expect(r.statusCode).toBe(200);
    const actions = r.json().map((x: { action: string }) => x.action);
    for (const a of ['plan.upload', 'plan.set_units', 'plan.add_deadline', 'plan.update_target', 'plan.edit_node', 'plan.split', 'plan.merge', 'plan.move', 'plan.delete_node']) {
      expect(actions).toContain(a);
    }
  });

  it('reparses the stored text, replacing the edits', async () => {
    const r = await office.post(`/api/plans/${d.id}/reparse`, { version: d.version });
    expect(r.statusCode, r.body).toBe(200);
    const v = r.json() as PlanDraftView;
    expect(v.version).toBe(d.version + 1);
    expect(v.summary.tasks).toBe(38);
    expect(node(v, '2.2.7').leadUnits).toEqual(['区城建专委会']);
    expect((await office.post(`/api/plans/${d.id}/reparse`, { version: d.version })).statusCode).toBe(409);
    d = v;
  });
});

describe('reparse after the registry learns an alias', () => {
  it('resolves a name that was unresolved at upload', async () => {
    const text = '一、主要任务\n1.开展危险化学品专项检查。2021年底前完成。（区化工园区管委会牵头，区应急管理局配合）\n2.开展消防安全检查。（区消防救援大队牵头）\n';
    let d = await uploadOk(office, Buffer.from(text, 'utf8'));
    expect(node(d, '1.1').unresolvedUnits).toEqual(['区化工园区管委会']);
    const tree = (await office.get('/api/org/tree')).json();
    const unit = tree.units.find((u: { code: string }) => u.code === 'dept.economy');
    const patched = await office.patch(`/api/org/units/${unit.id}`, { aliases: [...unit.aliases, '区化工园区管委会'] });
    expect(patched.statusCode).toBe(200);
    const r = await office.post(`/api/plans/${d.id}/reparse`);
    expect(r.statusCode, r.body).toBe(200);
    d = r.json();
    expect(node(d, '1.1')).toMatchObject({ leadUnits: ['区科经局'], unresolvedUnits: [] });
  });
});

describe('delete and the imported state', () => {
  it('deletes a draft; an imported draft can be neither edited nor deleted', async () => {
    const a = await uploadOk(office, REFERENCE);
    expect((await office.delete(`/api/plans/${a.id}`)).statusCode).toBe(204);
    expect((await office.get(`/api/plans/${a.id}`)).statusCode).toBe(404);

    const b = await uploadOk(office, REFERENCE);
    await rows(t.database.db, sql`UPDATE plan_drafts SET status = 'imported', campaign_id = ${'11111111-1111-4111-8111-111111111111'} WHERE id = ${b.id}`);
    const e = await edit(office, b, [{ op: 'editNode', nodeId: '2.1.1', title: '新标题' }]);
    expect(e.statusCode).toBe(409);
    expect(e.json().message).toMatch(/已导入/);
    expect((await office.delete(`/api/plans/${b.id}`)).statusCode).toBe(409);
    expect((await office.post(`/api/plans/${b.id}/reparse`)).statusCode).toBe(409);
  });
});

describe('import as a campaign', () => {
  it('creates the campaign from the corrected tree and marks the draft imported (once)', async () => {
    let d = await uploadOk(office, REFERENCE);
    d = await editOk(office, d, [
      { op: 'setUnits', nodeId: '2.2.7', leadUnits: ['区住建局'], coUnits: ['区城建专委会'] },
      { op: 'editPlan', title: '东西湖区安全生产专项整治三年行动（修订）' },
    ]);
    const stale = await office.post(`/api/plans/${d.id}/import`, { name: '东西湖区三年行动', version: d.version - 1 });
    expect(stale.statusCode).toBe(409);
    const r = await office.post(`/api/plans/${d.id}/import`, { name: '东西湖区三年行动', version: d.version });
    expect(r.statusCode, r.body.slice(0, 400)).toBe(201);
    const out = r.json();
    expect(out.campaign).toMatchObject({ id: expect.any(String), tasks: 38, items: 196, unresolvedUnits: [] });
    expect(out.draft).toMatchObject({ status: 'imported', campaignId: out.campaign.id, version: d.version + 1 });
    const c = await office.get(`/api/campaigns/${out.campaign.id}`);
    expect(c.statusCode).toBe(200);
    expect(c.json().name ?? c.json().campaign?.name).toBe('东西湖区三年行动');
    const tree = await office.get(`/api/campaigns/${out.campaign.id}/tree`);
    expect(tree.statusCode).toBe(200);
    expect(JSON.stringify(tree.json())).toContain('区住建局');

    const again = await office.post(`/api/plans/${d.id}/import`, { name: '再次导入' });
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toMatch(/已导入/);
    const listed = (await office.get('/api/plans', { status: 'imported' })).json().items.find((x: { id: string }) => x.id === d.id);
    expect(listed).toMatchObject({ status: 'imported', campaignId: out.campaign.id });
    const history = (await office.get(`/api/plans/${d.id}/history`)).json().map((x: { action: string }) => x.action);
    expect(history).toContain('plan.import');
    expect(history).toContain('plan.edit_document');
  });

  it('a refused import releases the draft (the campaign period must be known)', async () => {
    let d = await uploadOk(office, Buffer.from('一、主要任务\n1.开展危险化学品专项检查。（区应急管理局牵头）\n2.开展消防安全检查。（区消防救援大队牵头）\n', 'utf8'));
    const r = await office.post(`/api/plans/${d.id}/import`, { name: '危化品检查' });
    expect(r.statusCode).toBe(400);
    expect(r.json().message).toMatch(/[\u4e00-\u9fa5]/);
    d = (await office.get(`/api/plans/${d.id}`)).json();
    expect(d.status).toBe('draft');
    d = await editOk(office, d, [{ op: 'editPlan', campaignStart: '2024-01-01', campaignEnd: '2024-12-31' }]);
    expect(d.plan.campaign).toEqual({ start: '2024-01-01', end: '2024-12-31' });
    const bad = await edit(office, d, [{ op: 'editPlan', campaignEnd: '2023-01-01' }]);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0].path).toBe('ops.0.campaignEnd');
    const ok = await office.post(`/api/plans/${d.id}/import`, { name: '危化品检查' });
    expect(ok.statusCode, ok.body.slice(0, 300)).toBe(201);
    expect(ok.json().campaign.tasks).toBe(2);
  });

  it('only the office and admins import', async () => {
    const d = await uploadOk(office, REFERENCE);
    for (const c of [housing, street, enterprise, inspector]) expect((await c.post(`/api/plans/${d.id}/import`, {})).statusCode).toBe(403);
    expect((await office.post('/api/plans/00000000-0000-4000-8000-000000000000/import', {})).statusCode).toBe(404);
  });
});
