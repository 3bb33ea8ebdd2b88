import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, step, type E2E } from './harness';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

describe('plan import: upload, review, correct, import', () => {
  it('the office uploads the reference plan, checks task 2.2.7, corrects its lead unit and imports the plan as a campaign', async () => {
    const { page, context } = await e2e.newPage({ width: 1366, height: 768 });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    try {
      await step(page, 'plan-login', () => e2e.login(page, 'anweiban'));

      await step(page, 'plan-upload', async () => {
        await page.getByRole('menuitem', { name: '方案导入' }).click();
        await page.getByText('点击或拖入方案文件').waitFor();
        await page.locator('input[type=file]').setInputFiles('fixtures/plans/dongxihu-2020-7.txt');
        await page.waitForURL(/\/plans\/[0-9a-f-]{36}$/);
      });

      await step(page, 'plan-tree-and-source', async () => {
        await page.locator('[data-node="2.1.1"]').waitFor();
        const summary = await page.getByTestId('plan-summary').innerText();
        expect(summary).toMatch(/任务\s*38/);
        expect(summary).toMatch(/条目\s*196/);
        expect(summary).toMatch(/\/\s*0\s*未识别/);
        const source = page.getByTestId('plan-source');
        await source.getByText('东西湖区安全生产专项整治三年行动方案', { exact: false }).first().waitFor();
        expect(await source.locator('.ph-lead').count()).toBeGreaterThan(30);
        expect(await source.locator('.ph-deadline').count()).toBeGreaterThan(20);
        expect(await source.locator('.ph-target').count()).toBeGreaterThan(3);
      });

      await step(page, 'plan-select-2.2.7', async () => {
        await page.getByTestId('plan-find').click();
        await page.keyboard.type('2.2.7 城市建设');
        await page.keyboard.press('Enter');
        await page.getByTestId('plan-editor').getByText('2.2.7', { exact: true }).waitFor();
        await expect(page.locator('.ant-tree-treenode-selected [data-node="2.2.7"]').count()).resolves.toBe(1);
        // its lead is highlighted in the source: the committee and its department, as written
        const active = page.getByTestId('plan-source').locator('.ph-lead.ph-active');
        await active.first().waitFor();
        expect(await active.allInnerTexts()).toEqual(['区城建安全生产专业委员会', '区住建局']);
        await active.first().hover();
        await expect(page.getByTestId('plan-tip').innerText()).resolves.toContain('已识别为“区城建专委会”');
      });

      await step(page, 'plan-correct-unit', async () => {
        const editor = page.getByTestId('plan-editor');
        const leadItem = editor.locator('.ant-form-item').filter({ hasText: '牵头单位' });
        await leadItem.locator('.ant-tag-close-icon').first().click();
        await editor.getByLabel('牵头单位').click();
        await page.keyboard.type('区住建局');
        await page.keyboard.press('Enter');
        await page.keyboard.press('Escape');
        await editor.getByRole('button', { name: /保存修改/ }).click();
        await page.getByText('已保存').first().waitFor();
        await expect(page.locator('[data-node="2.2.7"]').innerText()).resolves.toContain('牵头 区住建局');
        // the committee's highlight is no longer a lead
        expect(await page.getByTestId('plan-source').locator('.ph-lead.ph-active').count()).toBe(0);
      });

      const name = '东西湖区安全生产专项整治三年行动（导入测试）';
      const campaignId = await step(page, 'plan-import', async () => {
        await page.getByRole('button', { name: /导入为专项行动/ }).click();
        const dialog = page.getByRole('dialog');
        await dialog.getByLabel('专项行动名称').fill(name);
        await dialog.getByRole('button', { name: /导\s*入/ }).click();
        await page.waitForURL(/\/campaigns\/[0-9a-f-]{36}$/, { timeout: 60_000 });
        return page.url().split('/').pop()!;
      });

      await step(page, 'plan-campaign-page', async () => {
        const campaign = await page.evaluate(async (id) => (await fetch(`/api/campaigns/${id}`)).json(), campaignId);
        expect(campaign.name ?? campaign.campaign?.name).toBe(name);
        await page.getByText(name).first().waitFor();
        const drafts = await page.evaluate(async () => (await fetch('/api/plans?status=imported')).json());
        expect(drafts.items.some((d: { campaignId: string }) => d.campaignId === campaignId)).toBe(true);
      });
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('a file that is not a plan gets a Chinese error on the upload page', async () => {
    const { page, context } = await e2e.newPage();
    try {
      await step(page, 'plan-bad-login', () => e2e.login(page, 'anweiban'));
      await step(page, 'plan-bad-upload', async () => {
        await page.goto('/plans');
        await page.locator('input[type=file]').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('hello world, not a plan\n'.repeat(10)) });
        await expect(page.getByTestId('plan-upload-error').innerText()).resolves.toMatch(/方案结构/);
      });
    } finally {
      await context.close();
    }
  });
});
