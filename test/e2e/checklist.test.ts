import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, step, type E2E } from './harness';

let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

// A 1×1 PNG standing in for a phone camera photo.
const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex');

describe('checklists and enterprise self-inspection', () => {
  it('qiye runs today’s self-inspection on a phone, marks one item 不合格 with a photo, submits and sees the hazard', async () => {
    const { page, context } = await e2e.newPage({ width: 390, height: 844 });
    mkdirSync('test-results', { recursive: true });
    try {
      await step(page, 'qiye-login', () => e2e.login(page, 'qiye'));
      await step(page, 'qiye-due-list', async () => {
        await page.goto('/self-inspection');
        await page.getByTestId('due-list').getByText('每日安全巡查').waitFor();
        await page.screenshot({ path: 'test-results/checklist-due.png', fullPage: true });
      });
      await step(page, 'qiye-start-run', async () => {
        const row = page.getByTestId('due-list').locator('div', { hasText: '每日安全巡查' }).filter({ has: page.getByRole('button', { name: /开始检查|继续检查/ }) }).last();
        await row.getByRole('button', { name: /开始检查|继续检查/ }).click();
        await page.getByRole('button', { name: '合格', exact: true }).waitFor();
        // Full-screen on the phone: the big buttons are at least 48 px high.
        const box = await page.getByRole('button', { name: '不合格', exact: true }).boundingBox();
        expect(box!.height).toBeGreaterThanOrEqual(48);
        expect(box!.x + box!.width).toBeLessThanOrEqual(390);
      });
      await step(page, 'qiye-fail-with-photo', async () => {
        await page.getByRole('button', { name: '不合格', exact: true }).click();
        await page.getByPlaceholder(/发现的问题/).fill('办公室内存放两桶稀释剂');
        const uploaded = page.waitForResponse((r) => r.url().includes('/photos') && r.request().method() === 'POST');
        await page.getByTestId('photo-input').setInputFiles({ name: '现场.png', mimeType: 'image/png', buffer: PNG });
        expect((await uploaded).status()).toBe(201);
        await page.getByAltText('检查照片').first().waitFor();
        await page.screenshot({ path: 'test-results/checklist-fail-item.png' });
        await page.getByRole('button', { name: '保存，下一项' }).click();
        await page.getByText(/第 2\/\d+ 项/).waitFor();
      });
      await step(page, 'qiye-pass-the-rest', async () => {
        for (let i = 0; i < 60; i++) {
          const submit = page.getByRole('button', { name: '提交自查' });
          if (await submit.isVisible()) break;
          const saved = page.waitForResponse((r) => r.url().includes('/items/') && r.request().method() === 'PUT');
          await page.getByRole('button', { name: '合格', exact: true }).click();
          expect((await saved).status()).toBe(200);
          await page.waitForTimeout(150);
        }
        await page.getByRole('button', { name: '提交自查' }).waitFor();
      });
      await step(page, 'qiye-submit', async () => {
        await page.getByRole('button', { name: '提交自查' }).click();
        const submitted = page.waitForResponse((r) => r.url().endsWith('/submit'));
        await page.getByRole('button', { name: '确认提交' }).click();
        expect((await submitted).status()).toBe(200);
        await page.getByText('自查已提交').waitFor();
        await page.getByTestId('created-hazards').getByText(/YH-420112-/).waitFor();
        await page.screenshot({ path: 'test-results/checklist-submitted.png', fullPage: true });
      });
      await step(page, 'qiye-open-hazard', async () => {
        const code = (await page.getByTestId('created-hazards').getByText(/YH-420112-/).innerText()).trim();
        await page.getByTestId('created-hazards').getByText(code).click();
        await page.waitForURL(/\/hazards\/[0-9a-f-]{36}$/);
        await page.getByText(code).first().waitFor();
        await page.getByText('办公室内存放两桶稀释剂').first().waitFor();
        await page.screenshot({ path: 'test-results/checklist-hazard.png', fullPage: true });
      });
    } finally {
      await context.close();
    }
  });

  it('the office sees the cited checklists and the completion by street and sector', async () => {
    const { page, context } = await e2e.newPage();
    try {
      await step(page, 'office-login', () => e2e.login(page, 'anweiban'));
      await step(page, 'office-checklists', async () => {
        await page.getByRole('menuitem', { name: '检查清单' }).click();
        await page.getByText('人员密集场所消防安全检查清单').click();
        await page.getByText('检查项（43）').waitFor();
        await page.getByText('《中华人民共和国消防法》第二十八条').first().waitFor();
        await page.screenshot({ path: 'test-results/checklist-detail.png' });
      });
      await step(page, 'office-overview', async () => {
        await page.getByRole('menuitem', { name: '企业自查统计' }).click();
        await page.getByText('完成率：按街道（属地）').waitFor();
        await page.getByText(/未按计划完成自查的企业（\d+）/).waitFor();
        await page.waitForFunction(() => document.querySelectorAll('canvas').length >= 2);
        await page.screenshot({ path: 'test-results/checklist-overview.png', fullPage: true });
      });
    } finally {
      await context.close();
    }
  });
});
