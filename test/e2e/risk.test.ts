import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startE2E, step, type E2E } from './harness';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

/** Pick an option of an antd Select by its title. */
async function choose(page: Page, select: ReturnType<Page['locator']>, title: string) {
  await select.click();
  await page.locator(`.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="${title}"]`).click();
}

describe('risk grading in the browser', () => {
  it('the enterprise user identifies and assesses a risk point, re-assesses it and prints its card with a QR code', async () => {
    const { page, context } = await e2e.newPage();
    try {
      await step(page, 'risk-qiye-login', () => e2e.login(page, 'qiye'));
      await step(page, 'risk-open-list', async () => {
        await page.getByRole('menuitem', { name: '风险点清单' }).click();
        await page.getByText(/共 \d+ 个风险点/).waitFor();
        await page.getByRole('button', { name: /新增风险点/ }).click();
        await page.getByText('同时进行风险评价').waitFor();
      });
      await step(page, 'risk-fill-point', async () => {
        await page.getByLabel('风险点名称').fill('甲醇装卸作业（浏览器测试）');
        await choose(page, page.getByTestId('point-kind'), '作业活动');
        await page.getByLabel('位置/部位').fill('装卸站台');
        await page.getByLabel('责任人', { exact: true }).fill('赵晓东');
        const factors = page.getByTestId('hazard-factors').locator('input');
        await factors.fill('装卸软管破裂泄漏');
        await factors.press('Enter');
        await factors.fill('静电未导除');
        await factors.press('Enter');
        // The option list is virtual: type to filter, then pick.
        const accidents = page.getByTestId('accident-types');
        for (const a of ['火灾', '其他爆炸', '中毒和窒息']) {
          await accidents.click();
          await accidents.locator('input').fill(a);
          await page.locator(`.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option[title="${a}"]`).click();
        }
        await page.keyboard.press('Escape');
        await expect(accidents.locator('.ant-select-selection-item').allInnerTexts()).resolves.toEqual(['火灾', '其他爆炸', '中毒和窒息']);
        await page.getByLabel('措施1内容').fill('装卸设静电接地报警仪，装卸全程专人监护');
        await page.getByLabel('应急处置步骤（每行一步）').fill('立即停止装卸并关闭阀门\n设置警戒区，消除点火源\n拨打119');
        await page.getByLabel('值班/应急电话').fill('027-83891234');
      });
      await step(page, 'risk-calculator', async () => {
        await choose(page, page.getByTestId('factor-L'), 'L=6');
        await choose(page, page.getByTestId('factor-E'), 'E=6');
        await expect(page.getByTestId('risk-result').innerText()).resolves.toContain('选择全部因子');
        await choose(page, page.getByTestId('factor-C'), 'C=7');
        const result = await page.getByTestId('risk-result').innerText();
        expect(result).toContain('D = L × E × C = 252');
        expect(result).toContain('较大风险（橙色）');
        expect(await page.getByTestId('risk-result').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(249, 115, 22)');
      });
      await step(page, 'risk-save-point', async () => {
        await page.getByRole('button', { name: '保存风险点' }).click();
        await page.getByText('当前评价').waitFor();
        await page.getByText('D = 252（高度危险）').waitFor();
        expect(page.url()).toMatch(/\/risk\/points\/[0-9a-f-]{36}$/);
      });
      await step(page, 'risk-reassess', async () => {
        await choose(page, page.getByTestId('factor-L'), 'L=3');
        await expect(page.getByTestId('risk-result').innerText()).resolves.toContain('= 126');
        await page.getByTestId('save-assessment').click();
        await page.getByText('D = 126（显著危险）').waitFor();
        // history: the new assessment is current, the first one kept as history
        await page.locator('.ant-tag', { hasText: '历史' }).waitFor();
        expect(await page.locator('.ant-tag', { hasText: '当前' }).count()).toBe(1);
      });
      const pointUrl = page.url();
      await step(page, 'risk-card', async () => {
        await page.getByRole('button', { name: /风险告知卡/ }).click();
        await page.getByTestId('risk-card').waitFor();
        await expect(page.getByTestId('card-level').innerText()).resolves.toBe('一般风险（黄色）');
        await page.getByText('装卸软管破裂泄漏').waitFor();
        const qr = page.getByTestId('card-qr');
        await qr.waitFor();
        expect(await qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
        // The print view: A4 PDF of the page with the print CSS (menu and buttons hidden).
        await page.emulateMedia({ media: 'print' });
        expect(await page.getByTestId('print-card').isVisible()).toBe(false);
        const pdf = await page.pdf({ format: 'A4', printBackground: true });
        expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
        expect(pdf.length).toBeGreaterThan(20_000);
        await page.emulateMedia({ media: 'screen' });
      });
      await step(page, 'risk-emergency-card', async () => {
        await page.getByText('岗位应急处置卡').first().click();
        await page.getByText('应急处置程序').waitFor();
        await page.getByText('立即停止装卸并关闭阀门').waitFor();
      });
      await step(page, 'risk-public-card', async () => {
        const id = /\/risk\/points\/([0-9a-f-]{36})/.exec(pointUrl)![1];
        const card = await page.evaluate(async (pid) => (await fetch(`/api/risk/points/${pid}/card`)).json(), id);
        const publicPath = new URL(card.publicUrl).pathname;
        expect(publicPath).toMatch(/^\/public\/risk-cards\/[A-Za-z0-9_-]{32,}$/);
        // Scanning the QR code on site: no login needed, only what is posted.
        const anon = await e2e.newPage({ width: 390, height: 844 });
        try {
          await anon.page.goto(publicPath);
          await anon.page.getByTestId('risk-card').waitFor();
          await anon.page.getByText('甲醇装卸作业（浏览器测试）').first().waitFor();
          expect(await anon.page.getByTestId('card-qr').count()).toBe(0);
          expect(await anon.page.getByTestId('user-menu').count()).toBe(0);
        } finally {
          await anon.context.close();
        }
      });
    } finally {
      await context.close();
    }
  });

  it('the street user sees the four-colour chart of its territory only', async () => {
    const { page, context } = await e2e.newPage();
    try {
      await step(page, 'risk-street-login', () => e2e.login(page, 'jiangjunlu'));
      await step(page, 'risk-street-home-widget', async () => {
        await page.getByTestId('risk-widget').waitFor();
        await page.getByText('重大风险（红）').first().waitFor();
      });
      await step(page, 'risk-street-dashboard', async () => {
        const stats = page.waitForResponse((r) => r.url().endsWith('/api/risk/stats') && r.ok());
        await page.getByRole('menuitem', { name: '风险四色分布' }).click();
        const body = await (await stats).json();
        expect(body.byRegion.map((r: { code: string }) => r.code)).toEqual(['420112004']);
        expect(body.points.total).toBeGreaterThan(0);
        const chart = page.getByTestId('chart-by-region');
        await chart.locator('canvas').first().waitFor();
        const box = await chart.locator('canvas').first().boundingBox();
        expect(box!.width).toBeGreaterThan(300);
        const regions = await page.getByTestId('region-table').locator('.ant-table-row td:first-child').allInnerTexts();
        expect(regions).toEqual(['将军路街道']);
        // the colour totals shown match the API
        const cells = await page.getByTestId('region-table').locator('.ant-table-row td').allInnerTexts();
        expect(cells.slice(1).map(Number)).toEqual([body.points['重大'], body.points['较大'], body.points['一般'], body.points['低']]);
        // bars, pie, sectors and the map are drawn
        await expect.poll(() => page.locator('canvas').count()).toBeGreaterThanOrEqual(4);
      });
    } finally {
      await context.close();
    }
  });
});
