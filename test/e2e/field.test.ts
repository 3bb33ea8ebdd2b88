import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, step, type E2E } from './harness';

/**
 * The field roles: the inspector (执法检查人员 of 区应急管理局) registering what it found on site from a
 * phone, and the street official (将军路街道) looking at its territory: hazard ledger, statistics and
 * the enterprises' self-inspection.
 */
let e2e: E2E;
let dir: string;
// A 1×1 PNG (a photo taken on site).
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');

beforeAll(async () => {
  e2e = await startE2E();
  dir = mkdtempSync(path.join(os.tmpdir(), 'anzhi-field-e2e-'));
  writeFileSync(path.join(dir, '现场照片.png'), PNG);
});
afterAll(async () => {
  await e2e?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('field roles', () => {
  it('inspector (jiancha) on a phone: registers a hazard found on site with a photo; sees only 危险化学品; is offered no government step', async () => {
    const { page, context } = await e2e.newPage({ width: 390, height: 844 });
    try {
      await step(page, 'inspector-login', () => e2e.login(page, 'jiancha'));
      await step(page, 'inspector-register', async () => {
        await page.goto('/hazards/new');
        const select = page.locator('.ant-form-item', { hasText: '生产经营单位' }).locator('.ant-select');
        await select.click();
        const searched = page.waitForResponse((r) => r.url().includes('/api/enterprises?') && r.url().includes('q=') && r.ok());
        await page.keyboard.type('化工');
        await searched;
        const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option').first();
        await option.waitFor();
        const enterpriseLabel = (await option.innerText()).trim();
        await option.click();
        // An inspector registers what inspection found (not a self-check).
        await expect(page.locator('.ant-form-item', { hasText: '隐患来源' }).innerText()).resolves.toContain('政府检查');
        await page.getByLabel('部位/场所').fill('甲类仓库');
        await page.getByLabel('隐患类别').fill('危化品管理');
        await page.getByLabel('隐患描述').fill('甲类仓库内危险化学品混存，未按禁忌要求分区存放（执法检查现场发现）');
        await page.locator('[data-testid=before-photos] input[type=file]').setInputFiles(path.join(dir, '现场照片.png'));
        await page.locator('[data-testid=before-photos] .ant-upload-list-item-done').waitFor();
        const created = page.waitForResponse((r) => r.url().endsWith('/api/hazards') && r.request().method() === 'POST');
        await page.getByRole('button', { name: '登记上报' }).click();
        expect((await created).status()).toBe(201);
        await page.waitForURL(/\/hazards\/[0-9a-f-]{36}$/);
        await page.getByText('待确认').first().waitFor();
        await page.getByText('执法检查现场发现').first().waitFor();
        await page.getByText(enterpriseLabel.replace(/（.*$/, '')).first().waitFor();
        const img = page.locator('img[src^="/api/files/"]').first();
        await img.waitFor();
        expect(await img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(1);
        // 确认定级 belongs to the government units; the inspector does not get the button.
        expect(await page.getByRole('button', { name: '确认定级' }).count()).toBe(0);
      });
      await step(page, 'inspector-ledger', async () => {
        const listed = page.waitForResponse((r) => /\/api\/hazards\?/.test(r.url()) && r.ok());
        await page.goto('/hazards');
        const body = (await (await listed).json()) as { total: number; items: { sector: string; description: string }[] };
        expect(body.total).toBeGreaterThan(0);
        expect(new Set(body.items.map((h) => h.sector))).toEqual(new Set(['hazchem']));
        await page.locator('.ant-table-row').first().waitFor();
        await page.getByText('执法检查现场发现').first().waitFor();
      });
    } finally {
      await context.close();
    }
  });

  it('street (jiangjunlu): the hazard ledger, the statistics and the self-inspection overview hold its territory only', async () => {
    const { page, context } = await e2e.newPage();
    try {
      await step(page, 'street-login', () => e2e.login(page, 'jiangjunlu'));
      await step(page, 'street-hazard-ledger', async () => {
        const listed = page.waitForResponse((r) => /\/api\/hazards\?/.test(r.url()) && r.ok());
        await page.getByRole('menuitem', { name: '隐患排查治理' }).click();
        const body = (await (await listed).json()) as { total: number; items: { regionCode: string }[] };
        expect(body.total).toBeGreaterThan(0);
        expect(new Set(body.items.map((h) => h.regionCode))).toEqual(new Set(['420112004']));
        await page.locator('.ant-table-row').first().waitFor();
        const regions = await page.locator('.ant-table-tbody .ant-table-row td:nth-child(6)').allInnerTexts();
        expect(regions.length).toBeGreaterThan(0);
        expect(new Set(regions)).toEqual(new Set(['将军路街道']));
      });
      await step(page, 'street-hazard-stats', async () => {
        const stats = page.waitForResponse((r) => r.url().includes('/api/hazards/stats') && r.ok());
        await page.getByRole('menuitem', { name: '隐患统计分析' }).click();
        const s = (await (await stats).json()) as { total: number; byRegion: { code: string }[] };
        expect(s.total).toBeGreaterThan(0);
        expect(s.byRegion.every((r) => r.code.startsWith('420112004'))).toBe(true);
        await page.getByText('按属地（街道/管理处）').waitFor();
        await page.getByText('隐患总数').first().waitFor();
      });
      await step(page, 'street-self-inspection', async () => {
        const completion = page.waitForResponse((r) => r.url().includes('/api/self-inspection/completion') && r.ok());
        await page.getByRole('menuitem', { name: '企业自查统计' }).click();
        const c = (await (await completion).json()) as { byRegion: { code?: string; regionCode?: string }[] };
        for (const r of c.byRegion) expect(String(r.code ?? r.regionCode)).toMatch(/^420112004/);
        await page.locator('.ant-card').first().waitFor();
      });
    } finally {
      await context.close();
    }
  });
});
