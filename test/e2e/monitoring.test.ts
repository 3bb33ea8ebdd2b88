import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startE2E, step, type E2E } from './harness';

/**
 * 监测设备 in the browser: the enterprise's safety manager fills the downloaded template's columns
 * with two sensors of one gateway, checks the file, imports it, and gets the gateway's credentials
 * once; the device is then in the list.
 */
let e2e: E2E;
let dir: string;

beforeAll(async () => {
  e2e = await startE2E();
  dir = mkdtempSync(path.join(os.tmpdir(), 'anzhi-mon-e2e-'));
});
afterAll(async () => {
  await e2e?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('monitoring devices', () => {
  it('the enterprise imports a gateway with two sensors from Excel and sees its secret once', async () => {
    const { page, context } = await e2e.newPage({ width: 1366, height: 768 });
    try {
      await step(page, 'mon-login', () => e2e.login(page, 'qiye'));
      const file = path.join(dir, '监测设备.xlsx');
      await step(page, 'mon-file', async () => {
        const me = await (await page.request.get('/api/auth/me')).json();
        const ent = await (await page.request.get(`/api/enterprises/${me.user.enterpriseId}`)).json();
        const wb = new ExcelJS.Workbook();
        const ws = wb.addWorksheet('监测设备');
        ws.addRow(['企业统一社会信用代码*', '设备编码*', '设备名称*', '安装位置', '采样周期（秒）', '位号*', '传感器名称*', '类型*', '单位', '量程下限', '量程上限', '低低报', '低报', '高报', '高高报', '死区']);
        ws.addRow([ent.creditCode, 'E2E-GW', '浏览器导入网关', '2号罐区', 30, 'GT-201', '2号罐可燃气体', '可燃气体', '', 0, 100, '', '', 25, 50, 2]);
        ws.addRow([ent.creditCode, 'E2E-GW', '浏览器导入网关', '2号罐区', 30, 'LT-201', '2号罐液位', '液位', 'm', 0, 12, 1, 2, 10, 11, 0.1]);
        writeFileSync(file, Buffer.from(await wb.xlsx.writeBuffer()));
      });
      await step(page, 'mon-import', async () => {
        await page.goto('/monitoring/devices');
        await page.getByRole('button', { name: 'Excel 导入' }).click();
        const dialog = page.locator('.ant-modal');
        await dialog.locator('input[type=file]').setInputFiles(file);
        await dialog.getByRole('button', { name: /^检\s*查$/ }).click();
        await dialog.getByText('仅检查，未写入').waitFor();
        await dialog.getByRole('button', { name: /^导\s*入$/ }).click();
        await dialog.getByText('已登记 1 台设备、2 个传感器').first().waitFor();
        await dialog.getByText('设备密钥仅此一次显示').waitFor();
        expect(await dialog.locator('table').last().innerText()).toContain('E2E-GW');
        await dialog.locator('.ant-modal-close').click();
        await page.getByText('浏览器导入网关').first().waitFor();
      });
    } finally {
      await context.close();
    }
  });
});
