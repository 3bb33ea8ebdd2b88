import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chooseOption, startE2E, step, type E2E } from './harness';

/**
 * 应急值守 and 事故信息报送 in the browser: the office sees who is on duty from the home page and opens
 * the month roster; an enterprise files a 首报 on a phone (the grade follows the casualties as typed)
 * and a 续报; the office sees the timeline and the statistics.
 */
let e2e: E2E;

beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}
const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
const PLACE = `浏览器测试车间${Date.now() % 100000}`;

describe('duty roster and accident reports', () => {
  it('the office sees who is on duty from the home page and opens the month roster', async () => {
    const { page, context } = await e2e.newPage({ width: 1366, height: 768 });
    let errors: string[] = [];
    try {
      await step(page, 'duty-login', () => e2e.login(page, 'anweiban'));
      // from here on (the login page's session probe answers 401 before signing in)
      errors = watchConsole(page);
      await step(page, 'duty-home', async () => {
        await page.goto('/');
        const line = page.getByTestId('duty-home');
        await line.getByText(/当前值班（区安委办）：带班领导/).waitFor();
        await line.getByRole('button', { name: '全区值班' }).click();
        await page.waitForURL(/\/emergency\/duty\/now$/);
        await page.getByTestId('duty-mine').getByText('区安委办').first().waitFor();
        const district = page.getByTestId('duty-district');
        await district.getByText('将军路街道').first().waitFor();
        expect(await fitsWidth(page)).toBe(true);
      });
      await step(page, 'duty-roster', async () => {
        await page.getByRole('button', { name: '值班表' }).first().click();
        await page.waitForURL(/\/emergency\/duty$/);
        const today = await page.evaluate(() => {
          const d = new Date(Date.now() + 8 * 3600_000);
          return d.toISOString().slice(0, 10);
        });
        await page.getByTestId(`duty-${today}`).getByText('带班').waitFor();
        expect(await fitsWidth(page)).toBe(true);
        await page.getByRole('tab', { name: '交接班记录' }).click();
        await page.getByRole('button', { name: '登记交接班' }).waitFor();
        await page.locator('.ant-table-row').first().waitFor();
      });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('an enterprise files a 首报 and a 续报 on a phone; the office sees the timeline and the statistics', async () => {
    const phone = await e2e.newPage({ width: 390, height: 844 });
    let errors: string[] = [];
    let accidentUrl = '';
    try {
      const page = phone.page;
      await step(page, 'acc-login', () => e2e.login(page, 'qiye'));
      errors = watchConsole(page);
      await step(page, 'acc-first', async () => {
        await page.goto('/emergency/accidents/new');
        await chooseOption(page, page.locator('#type'), '机械伤害');
        await page.locator('#place').fill(PLACE);
        await page.locator('#summary').fill('冲压设备检修时误启动，夹伤一名作业人员');
        await page.locator('#seriousInjuries').fill('1');
        const grade = page.getByTestId('live-grade');
        await grade.getByText('一般事故').waitFor();
        // the grade follows the casualties as they are typed (493号令 第三条)
        await page.locator('#deaths').fill('3');
        await grade.getByText('较大事故').waitFor();
        await page.locator('#deaths').fill('0');
        await grade.getByText('一般事故').waitFor();
        expect(await fitsWidth(page)).toBe(true);
        await page.getByRole('button', { name: '提交首报' }).click();
        await page.waitForURL(/\/emergency\/accidents\/[0-9a-f-]{36}$/);
        accidentUrl = new URL(page.url()).pathname;
        await page.getByTestId('timeline').getByText('首报').waitFor();
      });
      await step(page, 'acc-follow', async () => {
        await page.getByRole('button', { name: /^续\s*报$/ }).click();
        const dialog = page.locator('.ant-modal');
        await dialog.locator('#content').fill('伤员已送医，另有一名作业人员手部受伤');
        await dialog.locator('#minorInjuries').fill('1');
        await dialog.getByRole('button', { name: /提\s*交/ }).click();
        await page.getByTestId('timeline').getByText('续报').waitFor();
        expect(await fitsWidth(page)).toBe(true);
      });
    } finally {
      await phone.context.close();
    }
    expect(errors).toEqual([]);

    const desk = await e2e.newPage({ width: 1366, height: 768 });
    let deskErrors: string[] = [];
    try {
      const page = desk.page;
      await step(page, 'acc-office-login', () => e2e.login(page, 'anweiban'));
      deskErrors = watchConsole(page);
      await step(page, 'acc-office-list', async () => {
        await page.goto('/emergency/accidents');
        await page.getByText(/起事故报送逾期/).waitFor();
        await page.getByPlaceholder('事故单位、地点、经过').fill(PLACE);
        await page.getByPlaceholder('事故单位、地点、经过').press('Enter');
        // The place is unique to this run: wait for the search's one row before clicking (the rows
        // shown before the search answers are replaced under the click).
        await page.getByText('共 1 起').waitFor();
        await page.locator('.ant-table-row').first().click();
        await page.waitForURL((u) => u.pathname === accidentUrl);
        const timeline = page.getByTestId('timeline');
        await timeline.getByText('首报').waitFor();
        await timeline.getByText('续报').waitFor();
        expect(await timeline.innerText()).toContain('伤员已送医');
        expect(await fitsWidth(page)).toBe(true);
      });
      await step(page, 'acc-office-stats', async () => {
        await page.goto('/emergency/accident-stats');
        await page.getByText('按行业领域').first().waitFor();
        await page.getByText('按街道').first().waitFor();
        await page.getByText('将军路街道').first().waitFor();
        await page.getByText('同比').first().waitFor();
        expect(await fitsWidth(page)).toBe(true);
      });
      await step(page, 'acc-office-map', async () => {
        await page.goto('/emergency/resource-map');
        const map = page.getByTestId('resource-map');
        await map.locator('canvas').first().waitFor();
        const box = (await map.locator('canvas').first().boundingBox())!;
        await page.waitForTimeout(300);
        await page.mouse.click(box.x + box.width * 0.6, box.y + box.height * 0.55);
        await page.getByTestId('nearby').getByText(/公里/).first().waitFor();
      });
    } finally {
      await desk.context.close();
    }
    expect(deskErrors).toEqual([]);
  });
});
