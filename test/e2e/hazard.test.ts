import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chooseOption, startE2E, step, type E2E } from './harness';

/** A small valid PNG (solid colour) to upload as a hazard photo. */
function solidPng(w: number, h: number, rgb: [number, number, number]): Buffer {
  const table = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = table[(c ^ x) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  const row = Buffer.concat([Buffer.from([0]), ...Array.from({ length: w }, () => Buffer.from(rgb))]);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.concat(Array.from({ length: h }, () => row)))), chunk('IEND', Buffer.alloc(0))]);
}

let e2e: E2E;
let dir: string;
beforeAll(async () => {
  e2e = await startE2E();
  dir = mkdtempSync(path.join(os.tmpdir(), 'anzhi-hazard-e2e-'));
  writeFileSync(path.join(dir, '整改前.png'), solidPng(64, 48, [200, 60, 40]));
  writeFileSync(path.join(dir, '整改后.png'), solidPng(64, 48, [40, 160, 60]));
});
afterAll(async () => {
  await e2e?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const modal = (page: Page) => page.locator('.ant-modal');
const submit = (page: Page) => modal(page).getByRole('button', { name: /提\s*交/ }).click();

describe('hazard closed loop in the browser', () => {
  it('the enterprise registers a hazard with a photo on a phone, the street confirms, the enterprise rectifies, the street accepts (销号)', async () => {
    const ent = await e2e.newPage({ width: 390, height: 844 });
    const gov = await e2e.newPage({ width: 1366, height: 768 });
    try {
      const q = ent.page;
      const s = gov.page;
      let url = '';
      await step(q, 'hazard-qiye-register', async () => {
        await e2e.login(q, 'qiye');
        await q.goto('/hazards/new');
        await q.getByLabel('部位/场所').fill('2号储罐区');
        await q.getByLabel('隐患类别').fill('危化品管理');
        await q.getByLabel('隐患描述').fill('储罐液位计显示失灵，未设高液位报警（浏览器测试）');
        await q.locator('[data-testid=before-photos] input[type=file]').setInputFiles(path.join(dir, '整改前.png'));
        await q.locator('[data-testid=before-photos] .ant-upload-list-item-done').waitFor();
        await q.getByRole('button', { name: '登记上报' }).click();
        await q.waitForURL(/\/hazards\/[0-9a-f-]{36}$/);
        url = new URL(q.url()).pathname;
        await q.getByText('待确认').first().waitFor();
        // The photo is shown from the scoped file route.
        const img = q.locator('img[src^="/api/files/"]').first();
        await img.waitFor();
        expect(await img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(64);
      });
      await step(s, 'hazard-street-confirm', async () => {
        await e2e.login(s, 'jiangjunlu');
        await s.goto('/hazards?status=reported');
        await s.getByText('浏览器测试').first().waitFor();
        await s.goto(url);
        await s.getByRole('button', { name: '确认定级' }).click();
        await submit(s);
        await s.getByText('待整改').first().waitFor();
      });
      await step(q, 'hazard-qiye-rectify', async () => {
        await q.reload();
        await q.getByRole('button', { name: '落实五落实、开始整改' }).click();
        const m = modal(q);
        await m.getByLabel('整改措施').fill('更换液位计并加装高液位报警');
        await m.getByLabel('整改责任人').fill('赵晓东');
        await m.getByLabel('整改资金（元）').fill('12000');
        // Typed rather than clicked in the calendar: a cell clicked while the panel opens can be lost.
        const deadline = new Date(Date.now() + (8 * 60 + 20 * 24 * 60) * 60_000).toISOString().slice(0, 10);
        await m.getByLabel('整改时限').fill(deadline);
        await m.getByLabel('整改时限').press('Enter');
        await expect(m.getByLabel('整改时限').inputValue()).resolves.toBe(deadline);
        await m.getByLabel('应急预案/防范措施').fill('整改期间降低储量，专人巡检');
        await submit(q);
        await q.getByText('整改中').first().waitFor();
        await q.getByRole('button', { name: '申请验收' }).click();
        await modal(q).getByLabel('整改情况').fill('已更换液位计，报警测试正常');
        await modal(q).locator('input[type=file]').setInputFiles(path.join(dir, '整改后.png'));
        await modal(q).locator('.ant-upload-list-item-done').waitFor();
        await submit(q);
        await q.getByText('待验收').first().waitFor();
        // The enterprise is offered no acceptance button.
        expect(await q.getByRole('button', { name: '验收通过（销号）' }).count()).toBe(0);
      });
      await step(s, 'hazard-street-accept', async () => {
        await s.reload();
        await s.getByRole('button', { name: '验收通过（销号）' }).click();
        await modal(s).getByLabel('验收意见').fill('现场复查整改到位，同意销号');
        await submit(s);
        await s.getByText('已销号').first().waitFor();
        await s.getByText('验收通过（销号）').last().waitFor();
        expect(await s.locator('img[src^="/api/files/"]').count()).toBe(2);
      });
    } finally {
      await ent.context.close();
      await gov.context.close();
    }
  });

  it('the department confirms a 重大 hazard with its clause; the public page lists current 挂牌 items without login', async () => {
    const { page, context } = await e2e.newPage({ width: 390, height: 844 });
    try {
      await step(page, 'hazard-public', async () => {
        await page.goto('/public/supervision');
        await page.getByText('重大事故隐患挂牌督办公示').waitFor();
        await page.getByTestId('supervision-item').first().waitFor();
        expect(await page.getByTestId('supervision-item').count()).toBeGreaterThan(0);
        await expect(page.getByTestId('supervision-item').first().innerText()).resolves.toMatch(/挂牌[\s\S]*督办文号/);
        // No login was needed and no personal data is on the page.
        expect(await page.getByTestId('user-menu').count()).toBe(0);
        expect(await page.locator('body').innerText()).not.toMatch(/(^|\D)1[3-9]\d{9}(\D|$)/);
      });
    } finally {
      await context.close();
    }
    const gov = await e2e.newPage();
    try {
      await step(gov.page, 'hazard-dept-major', async () => {
        const p = gov.page;
        await e2e.login(p, 'yingjiju');
        await p.goto('/hazards?status=reported');
        await p.locator('.ant-table-row a').first().click();
        await p.getByRole('button', { name: '确认定级' }).click();
        await modal(p).getByText('重大隐患').click();
        // Choose options by clicking them once listed (Enter before the options load chooses nothing).
        await chooseOption(p, modal(p).getByLabel('判定标准'));
        await modal(p).getByLabel('条款').fill('紧急切断');
        await p.locator('.ant-select-dropdown:visible .ant-select-item-option', { hasText: '紧急切断' }).first().click();
        await modal(p).getByText('构成一级、二级重大危险源的危险化学品罐区未实现紧急切断功能', { exact: false }).last().waitFor();
        await submit(p);
        await p.getByText('判定依据').waitFor();
        await p.getByText('待整改').first().waitFor();
      });
    } finally {
      await gov.context.close();
    }
  });

  it("confirming a 重大 hazard keeps the reporter's 判定标准 and 条款 (nothing to choose again)", async () => {
    // The inspector registers a 重大 hazard citing 安监总管三〔2017〕121号 item 1, through the API.
    const login = await fetch(`${e2e.base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'jiancha', password: 'Demo@2026pass' }) });
    const cookie = /anzhi_sid=[^;]+/.exec(login.headers.get('set-cookie') ?? '')![0];
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const headers = { cookie, 'x-csrf-token': csrfToken, 'content-type': 'application/json' };
    const ents = (await (await fetch(`${e2e.base}/api/enterprises?sector=hazchem&pageSize=1`, { headers })).json()) as { items: { id: string }[] };
    const created = await fetch(`${e2e.base}/api/hazards`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ enterpriseId: ents.items[0].id, source: 'inspection', place: '罐区', category: '安全管理', grade: '重大', description: '主要负责人未经安全生产知识和管理能力考核合格', standardRef: { standard: 'hazchem-2017', item: '1' } }),
    });
    expect(created.status).toBe(201);
    const h = (await created.json()) as { id: string };
    const gov = await e2e.newPage();
    try {
      await step(gov.page, 'hazard-confirm-keeps-clause', async () => {
        const p = gov.page;
        await e2e.login(p, 'yingjiju');
        await p.goto(`/hazards/${h.id}`);
        await p.getByRole('button', { name: '确认定级' }).click();
        // The clause is there already, with its text.
        await modal(p).getByText('主要负责人和安全生产管理人员未依法经', { exact: false }).first().waitFor();
        await submit(p);
        await p.getByText('判定依据').waitFor();
        await p.getByText('待整改').first().waitFor();
      });
    } finally {
      await gov.context.close();
    }
  });
});
