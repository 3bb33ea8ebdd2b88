import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chooseOption, startE2E, step, type E2E } from './harness';

const GPS_JPEG = path.resolve('src/server/modules/report/fixtures/gps.jpg');

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

const modal = (page: Page) => page.locator('.ant-modal');
const ok = (page: Page) => modal(page).getByRole('button', { name: /确\s*定/ }).click();
const choose = (page: Page, label: string, option?: string) => chooseOption(page, modal(page).getByLabel(label), option);

describe('12350 report in the browser', () => {
  it('a reporter on a phone reports anonymously with a photo and follows it by code; the officer verifies, creates a hazard and replies; the reporter sees the reply', async () => {
    const phone = await e2e.newPage({ width: 390, height: 844 });
    const desk = await e2e.newPage({ width: 1366, height: 768 });
    try {
      const p = phone.page;
      const d = desk.page;
      let code = '';
      await step(p, 'report-public-submit', async () => {
        await p.goto('/login');
        await p.getByRole('link', { name: /我要举报/ }).click();
        await p.waitForURL(/\/public\/report$/);
        await chooseOption(p, p.getByLabel('举报类别'), '危险化学品违规');
        await p.getByLabel('举报内容').fill('仓库内堆放大量油漆和稀释剂，无任何防火措施（浏览器测试）');
        await p.getByLabel('地点').fill('将军路街道 金山大道 88 号');
        await p.locator('input[type=file]').setInputFiles(GPS_JPEG);
        await p.locator('.ant-upload-list-item').first().waitFor();
        // the page fits the phone: no horizontal scroll
        expect(await p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
        await p.getByRole('button', { name: /提交举报/ }).click();
        await p.getByTestId('tracking-code').waitFor();
        code = (await p.getByTestId('tracking-code').innerText()).trim();
        expect(code).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
        await p.getByRole('button', { name: '查看办理进度' }).click();
        await p.getByTestId('report-status').filter({ hasText: '待受理' }).waitFor();
      });
      await step(d, 'report-officer-handle', async () => {
        await e2e.login(d, 'yingjiju');
        await d.goto('/reports?q=%E6%B5%8F%E8%A7%88%E5%99%A8%E6%B5%8B%E8%AF%95');
        await d.getByText('浏览器测试').first().click();
        await d.waitForURL(/\/reports\/[0-9a-f-]{36}$/);
        // the photo, stripped of its position, is shown from the scoped route
        const img = d.locator('img[alt="举报照片"]').first();
        await img.waitFor();
        await d.getByRole('button', { name: /受\s*理/ }).first().click();
        await d.getByText('已受理（核查中）').first().waitFor();
        await d.getByRole('button', { name: '核查结论' }).click();
        await choose(d, '核查结论', '属实');
        await choose(d, '情形', '一般事故隐患');
        await modal(d).getByLabel('核查情况').fill('现场核查属实，违规储存危险化学品');
        await ok(d);
        await d.getByText('已核实').first().waitFor();
        await d.getByRole('button', { name: '登记隐患' }).click();
        await choose(d, '隐患所在企业');
        await ok(d);
        await d.getByRole('link', { name: /^YH-/ }).waitFor();
        await d.getByRole('button', { name: /答\s*复/ }).click();
        await modal(d).getByLabel(/答复内容/).fill('经核查属实，已责令该单位立即清理并登记隐患督促整改。');
        await ok(d);
        await d.getByText('已办结').first().waitFor();
        // the timeline names the officer once with the unit ("区应急管理局 张志强", not the unit twice)
        expect(await d.locator('body').innerText()).not.toMatch(/(区[^\s]{2,8}局) \1/);
      });
      await step(p, 'report-public-reply', async () => {
        await p.goto(`/public/report/${code}`);
        await p.getByTestId('report-status').filter({ hasText: '已办结' }).waitFor();
        expect(await p.getByTestId('report-reply').allInnerTexts()).toEqual(expect.arrayContaining([expect.stringContaining('已责令该单位立即清理')]));
      });
    } finally {
      await phone.context.close();
      await desk.context.close();
    }
  });
});
