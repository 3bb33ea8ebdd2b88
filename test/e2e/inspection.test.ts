import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, step, type E2E } from './harness';

/**
 * 执法检查 in the browser: the inspector on a 390×844 phone starts the demo's unannounced (四不两直)
 * inspection on site, fails an item with a photo, gets the enterprise's drawn signature, submits, and
 * finds the hazard in the ledger; the office opens the 执法统计 page and finds the 失信 tag of a listed
 * enterprise in the registry (list, detail) and the hazard ledger (list, detail).
 */
let e2e: E2E;
let dir: string;
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');

beforeAll(async () => {
  e2e = await startE2E();
  dir = mkdtempSync(path.join(os.tmpdir(), 'anzhi-insp-e2e-'));
  writeFileSync(path.join(dir, '现场照片.png'), PNG);
});
afterAll(async () => {
  await e2e?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('inspection', () => {
  it('inspector on a phone: start on site, fail an item with a photo, signature, submit; the hazard is in the ledger', async () => {
    const { page, context } = await e2e.newPage({ width: 390, height: 844 });
    try {
      await step(page, 'insp-login', () => e2e.login(page, 'jiancha'));
      await step(page, 'insp-open', async () => {
        await page.goto('/inspection/inspections');
        const item = page.locator('[data-testid=inspection-item]', { hasText: '四不两直' }).filter({ hasText: '' }).first();
        await item.waitFor({ timeout: 60_000 });
        await item.click();
        await page.waitForURL(/\/inspection\/inspections\/[0-9a-f-]{36}$/);
      });
      await step(page, 'insp-start', async () => {
        await page.getByRole('button', { name: '到达现场，开始检查' }).click();
        await page.locator('[data-testid=inspection-check-item]').first().waitFor();
      });
      await step(page, 'insp-answer', async () => {
        const first = page.locator('[data-testid=inspection-check-item]').first();
        await first.getByText('不合格', { exact: true }).click();
        await first.getByLabel('存在的问题').fill('可燃气体报警器故障未修复（现场检查发现）');
        await first.locator('input[type=file]').setInputFiles(path.join(dir, '现场照片.png'));
        await first.getByText('拍照取证（1）').waitFor();
        const rest = page.locator('[data-testid=inspection-check-item]');
        for (let i = 1; i < Math.min(3, await rest.count()); i++) await rest.nth(i).getByText('合格', { exact: true }).click();
      });
      await step(page, 'insp-sign', async () => {
        await page.getByLabel('检查地点').fill('储罐区');
        await page.getByLabel('签字人姓名').fill('赵晓东');
        const pad = page.locator('[data-testid=signature-pad]');
        await pad.scrollIntoViewIfNeeded();
        const box = (await pad.boundingBox())!;
        await page.mouse.move(box.x + 30, box.y + 40);
        await page.mouse.down();
        await page.mouse.move(box.x + 120, box.y + 100, { steps: 8 });
        await page.mouse.move(box.x + 220, box.y + 50, { steps: 8 });
        await page.mouse.up();
      });
      await step(page, 'insp-submit', async () => {
        const sent = page.waitForResponse((r) => r.url().includes('/submit') && r.request().method() === 'POST');
        await page.getByRole('button', { name: '提交检查结果' }).click();
        expect((await sent).status()).toBe(200);
        const link = page.getByText(/隐患 YH-/).first();
        await link.waitFor();
        await link.click();
        await page.waitForURL(/\/hazards\/[0-9a-f-]{36}$/);
        await page.getByText('可燃气体报警器故障未修复').first().waitFor();
      });
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width).toBeLessThanOrEqual(390);
    } finally {
      await context.close();
    }
  });

  it('office opens the 执法统计 page', async () => {
    const { page, context } = await e2e.newPage();
    try {
      await step(page, 'stats-login', () => e2e.login(page, 'anweiban'));
      await step(page, 'stats-open', async () => {
        const loaded = page.waitForResponse((r) => r.url().includes('/api/inspection/stats') && r.ok());
        await page.goto('/inspection/stats');
        const s = (await (await loaded).json()) as { totals: { inspections: number } };
        expect(s.totals.inspections).toBeGreaterThan(0);
        await page.getByText('按部门').waitFor();
        await page.getByText('执法检查').first().waitFor();
      });
    } finally {
      await context.close();
    }
  });

  it('office: the 失信 tag (with its reason) beside a listed enterprise in the registry list and detail, and in the hazard ledger and a hazard', async () => {
    const pub = (await (await fetch(`${e2e.base}/public/api/enforcement`)).json()) as { dishonest: { creditCode: string; enterpriseName: string; reason: string; underRepair: boolean }[] };
    const listed = pub.dishonest.find((d) => !d.underRepair)!;
    expect(listed).toBeDefined();
    const { page, context } = await e2e.newPage();
    try {
      await step(page, 'credit-login', () => e2e.login(page, 'anweiban'));
      await step(page, 'credit-registry', async () => {
        await page.goto(`/enterprises?q=${listed.creditCode}`);
        const row = page.locator('.ant-table-row', { hasText: listed.enterpriseName });
        const tag = row.getByTestId('credit-flag');
        await tag.waitFor();
        await tag.hover();
        await page.getByRole('tooltip').filter({ hasText: listed.reason.slice(0, 8) }).waitFor();
        await row.getByText(listed.enterpriseName).click();
        await page.waitForURL(/\/enterprises\/[0-9a-f-]{36}$/);
        await page.getByTestId('credit-flag-detail').filter({ hasText: listed.reason.slice(0, 8) }).waitFor();
        await page.getByTestId('credit-flag').first().waitFor();
      });
      await step(page, 'credit-ledger', async () => {
        const id = new URL(page.url()).pathname.split('/').pop()!;
        await page.goto(`/hazards?enterpriseId=${id}`);
        const row = page.locator('.ant-table-row').first();
        await row.getByTestId('credit-flag').waitFor();
        await row.getByText(/^YH-/).click();
        await page.waitForURL(/\/hazards\/[0-9a-f-]{36}$/);
        await page.getByText(listed.enterpriseName).first().waitFor();
        await page.getByTestId('credit-flag').first().waitFor();
      });
    } finally {
      await context.close();
    }
  });

  it('office on a phone opens the district 执法计划 view and a plan; the public /public/enforcement page shows masked decisions and the 失信 list', async () => {
    const { page, context } = await e2e.newPage({ width: 390, height: 844 });
    try {
      await step(page, 'plan-login', () => e2e.login(page, 'anweiban'));
      await step(page, 'plan-district', async () => {
        const loaded = page.waitForResponse((r) => r.url().includes('/api/inspection/plans') && r.ok());
        await page.goto('/inspection/plans');
        const d = (await (await loaded).json()) as { items: { unitName: string; status: string; progress: { done: number } }[] };
        const em = d.items.find((x) => x.unitName.includes('应急'));
        expect(em?.status).toBe('accepted');
        expect(em!.progress.done).toBeGreaterThan(0);
        await page.getByText('已审定').first().waitFor();
        await page.getByText('已报送').first().waitFor();
      });
      await step(page, 'plan-detail', async () => {
        await page.getByRole('row', { name: /应急/ }).first().getByText('已审定').click();
        await page.waitForURL(/\/inspection\/plans\/[0-9a-f-]{36}$/);
        await page.getByText('月度安排').waitFor();
        await page.getByText('春节假期，重点检查顺延至 3 月').waitFor();
      });
      await step(page, 'public-enforcement', async () => {
        const loaded = page.waitForResponse((r) => r.url().includes('/public/api/enforcement') && r.ok());
        await page.goto('/public/enforcement');
        const body = await (await loaded).text();
        expect(body).not.toContain('13907195566');
        expect(body).not.toContain('张建国');
        await page.locator('[data-testid=public-decision]').first().waitFor();
        await page.getByText('139****5566').first().waitFor();
        await page.getByText(/失信名单（\d+）/).click();
        await page.locator('[data-testid=public-dishonest]').first().waitFor();
        await page.getByText('信用修复审核中').first().waitFor();
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        expect(width).toBeLessThanOrEqual(390);
      });
    } finally {
      await context.close();
    }
  });
});
