import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multipart, testApp, type Client, type TestApp } from '../../../../test/helpers';
import { parsePlanDocument } from '../../../shared/plan/index';
import { runPlanParseCli } from '../../../shared/plan/cli';
import type { ParsedPlan, PlanNode } from '../../../shared/plan/types';
import type { PlanDraftView } from '../../../shared/contracts/plan';

/**
 * Plans arrive as PDF: the reference plan rendered by LibreOffice (`soffice --headless --convert-to
 * pdf dongxihu-2020-7.txt`, committed as fixtures/plans/dongxihu-2020-7.pdf) parses to the same tree
 * as its .txt — the same 38 tasks with the same units, deadlines and targets.
 */
const root = new URL('../../../../', import.meta.url);
const TXT = readFileSync(new URL('fixtures/plans/dongxihu-2020-7.txt', root));
const PDF = readFileSync(new URL('fixtures/plans/dongxihu-2020-7.pdf', root));

/** What a clerk reviews of a node: its place, title, units, deadlines and targets (not text offsets). */
const key = (n: PlanNode) =>
  [n.id, n.kind, n.title, n.leadUnits.join('、'), n.coUnits.join('、'), n.deadlines.map((d) => `${d.kind}:${d.date}`).join(','), n.targets.map((x) => `${x.comparator}${x.value}${x.unit}`).join(',')].join(' | ');

/** A PDF of blank pages: what a scanner without OCR produces as far as text goes. */
function blankPdf(pages = 3): Buffer {
  const objs: string[] = [];
  const kids = Array.from({ length: pages }, (_, i) => `${3 + i} 0 R`).join(' ');
  objs.push('<< /Type /Catalog /Pages 2 0 R >>');
  objs.push(`<< /Type /Pages /Kids [${kids}] /Count ${pages} >>`);
  for (let i = 0; i < pages; i++) objs.push('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>');
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

describe('plan import from PDF', () => {
  let fromTxt: ParsedPlan;
  let fromPdf: ParsedPlan;
  beforeAll(async () => {
    [fromTxt, fromPdf] = await Promise.all([parsePlanDocument(TXT, 'plan.txt'), parsePlanDocument(PDF, 'plan.pdf')]);
  });

  it('the reference plan as PDF parses to the same 38 tasks as its .txt', () => {
    const tasks = (p: ParsedPlan) => p.tasks.filter((n) => n.kind === 'task');
    expect(tasks(fromTxt)).toHaveLength(38);
    expect(tasks(fromPdf).map(key)).toEqual(tasks(fromTxt).map(key));
    // every node, not only the tasks: page breaks and line wraps leave the tree as it is
    expect(fromPdf.tasks.map(key)).toEqual(fromTxt.tasks.map(key));
    expect(fromPdf.document).toEqual(fromTxt.document);
    expect(fromPdf.phases.map((p) => [p.name, p.start, p.end])).toEqual(fromTxt.phases.map((p) => [p.name, p.start, p.end]));
  });

  it('no page number or running line is left in the text', () => {
    expect(fromPdf.sourceText).not.toMatch(/(^|\n)\s*[-—]?\s*\d{1,3}\s*[-—]?\s*(\n|$)/);
    expect(fromPdf.sourceText.length).toBeGreaterThan(fromTxt.sourceText.length * 0.95);
  });

  it('`anzhi plan parse FILE.pdf --json` gives the same tasks as the .txt', async () => {
    const run = async (name: string, bytes: Uint8Array) => {
      const out: string[] = [];
      const io = { readFile: async () => bytes, stdout: (s: string) => out.push(s), stderr: () => undefined };
      expect(await runPlanParseCli(['plan', 'parse', name, '--json', '--reference-units'], io)).toBe(0);
      return JSON.parse(out.join('')) as ParsedPlan;
    };
    const [a, b] = [await run('plan.txt', new Uint8Array(TXT)), await run('plan.pdf', new Uint8Array(PDF))];
    expect(b.tasks.filter((n) => n.kind === 'task').map(key)).toEqual(a.tasks.filter((n) => n.kind === 'task').map(key));
  });
});

describe('plan upload of a PDF (API)', () => {
  let t: TestApp;
  let office: Client;
  beforeAll(async () => {
    t = await testApp();
    office = await t.login('anweiban');
  });
  afterAll(async () => t?.close());

  const upload = (data: Buffer, name: string) => {
    const body = multipart([{ field: 'file', name, data }]);
    return office.post('/api/plans', body.payload, { headers: body.headers });
  };

  it('a PDF plan becomes a draft with the tree of the .txt', async () => {
    const [p, x] = await Promise.all([upload(PDF, '东安〔2020〕7号.pdf'), upload(TXT, '东安〔2020〕7号.txt')]);
    expect(p.statusCode, p.body).toBe(201);
    expect(x.statusCode, x.body).toBe(201);
    const pdf = p.json() as PlanDraftView;
    const txt = x.json() as PlanDraftView;
    expect(pdf.summary.tasks).toBe(38);
    expect(pdf.summary).toEqual(txt.summary);
    expect(pdf.docNumber).toBe('东安〔2020〕7号');
  });

  it('a draft whose 文号 already has a campaign names that campaign (re-importing warns; issue #11)', async () => {
    const first = (await upload(TXT, 'a.txt')).json() as PlanDraftView;
    const imported = await office.post(`/api/plans/${first.id}/import`, { name: `重复文号检查${Date.now()}` });
    expect(imported.statusCode, imported.body).toBe(201);
    const campaignId = imported.json().campaign.id as string;
    // the imported draft does not warn about its own campaign
    expect(((await office.get(`/api/plans/${first.id}`)).json() as PlanDraftView).sameDocCampaigns.map((c) => c.id)).not.toContain(campaignId);
    const second = (await upload(PDF, 'b.pdf')).json() as PlanDraftView;
    expect(second.docNumber).toBe('东安〔2020〕7号');
    expect(second.sameDocCampaigns.map((c) => c.id)).toContain(campaignId);
  });

  it('a scanned PDF (no text layer) is refused with a clear message', async () => {
    const r = await upload(blankPdf(), '扫描件.pdf');
    expect(r.statusCode, r.body).toBe(400);
    expect(r.json().message).toMatch(/扫描版 PDF.*没有文字层/);
  });
});
