import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, step, type E2E } from './harness';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

describe('smoke: log in and open the enterprise list', () => {
  it('the office clerk logs in, sees the menu of its role, searches the enterprise list and opens one', async () => {
    const { page, context } = await e2e.newPage();
    try {
      await step(page, 'office-login', () => e2e.login(page, 'anweiban'));
      await step(page, 'office-menu', async () => {
        await expect(page.getByRole('menuitem', { name: '企业名录' }).isVisible()).resolves.toBe(true);
        await expect(page.getByRole('menuitem', { name: '审计日志' }).isVisible()).resolves.toBe(true);
        // The office has no user administration (admin only).
        expect(await page.getByRole('menuitem', { name: '用户与角色' }).count()).toBe(0);
      });
      await step(page, 'enterprise-list', async () => {
        await page.getByRole('menuitem', { name: '企业名录' }).click();
        await page.getByText(/共 \d+ 家/).waitFor();
        const total = Number((await page.getByText(/共 \d+ 家/).innerText()).match(/\d+/)![0]);
        expect(total).toBeGreaterThanOrEqual(290);
      });
      await step(page, 'enterprise-search', async () => {
        await page.getByPlaceholder('企业名称、信用代码或地址').fill('化工');
        const answered = page.waitForResponse((r) => r.url().includes('/api/enterprises?') && r.url().includes('q='));
        await page.getByPlaceholder('企业名称、信用代码或地址').press('Enter');
        await answered;
        await page.waitForFunction(() => !document.querySelector('.ant-spin-spinning'));
        const names = await page.locator('.ant-table-row td:first-child').allInnerTexts();
        expect(names.length).toBeGreaterThan(0);
        for (const n of names) expect(n).toContain('化工');
      });
      await step(page, 'enterprise-detail', async () => {
        await page.locator('.ant-table-row td:first-child a').first().click();
        await page.getByText('统一社会信用代码').first().waitFor();
        await page.getByText('监管部门（一企一执法主体）').waitFor();
      });
    } finally {
      await context.close();
    }
  });

  it('a street user sees only its territory', async () => {
    const { page, context } = await e2e.newPage();
    try {
      await step(page, 'street-login', () => e2e.login(page, 'jiangjunlu'));
      await step(page, 'street-list', async () => {
        await page.goto('/enterprises');
        await page.locator('.ant-table-row').first().waitFor();
        const regions = await page.locator('.ant-table-row td:nth-child(4)').allInnerTexts();
        expect(new Set(regions)).toEqual(new Set(['将军路街道']));
      });
    } finally {
      await context.close();
    }
  });

  it('a wrong password shows a Chinese error', async () => {
    const { page, context } = await e2e.newPage();
    try {
      await page.goto('/login');
      await page.locator('#username').fill('anweiban');
      await page.locator('#password').fill('wrong-password');
      await page.getByRole('button', { name: /登\s*录/ }).click();
      await page.getByText('用户名或密码错误').waitFor();
    } finally {
      await context.close();
    }
  });
});
