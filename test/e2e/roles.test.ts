import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chooseOption, startE2E, step, type E2E } from './harness';

/**
 * The main path of each role through the foundation: the office clerk, a department, a street,
 * the enterprise safety manager and the administrator. Module paths have their own files.
 */
let e2e: E2E;
beforeAll(async () => {
  e2e = await startE2E();
});
afterAll(async () => {
  await e2e?.close();
});

describe('main path of each role', () => {
  it('department (区住建局): sees only its sectors, edits one of its enterprises and finds the change in its history', async () => {
    const { page, context } = await e2e.newPage();
    try {
      await step(page, 'dept-login', () => e2e.login(page, 'zhujianju'));
      await step(page, 'dept-list', async () => {
        await page.goto('/enterprises');
        await page.locator('.ant-table-row').first().waitFor();
        const sectors = new Set(await page.locator('.ant-table-row td:nth-child(3)').allInnerTexts());
        for (const s of sectors) expect(['城市建设', '房屋安全', '人防工程']).toContain(s);
      });
      await step(page, 'dept-edit', async () => {
        await page.locator('.ant-table-row td:first-child a').first().click();
        await page.getByRole('button', { name: /编\s*辑/ }).click();
        const employees = page.getByLabel('从业人数');
        await employees.fill('321');
        await page.getByRole('button', { name: /保\s*存/ }).click();
        await page.getByText('已保存').waitFor();
        await page.getByRole('tab', { name: '变更历史' }).click();
        await page.getByText('修改企业').first().waitFor();
        await expect(page.getByText('zhujianju').first().isVisible()).resolves.toBe(true);
      });
    } finally {
      await context.close();
    }
  });

  it('street (将军路街道): registers an enterprise of its territory; a bad credit code is refused with the wrong part named', async () => {
    const { page, context } = await e2e.newPage();
    try {
      await step(page, 'street-login', () => e2e.login(page, 'jiangjunlu'));
      await step(page, 'street-new', async () => {
        await page.goto('/enterprises/new');
        await page.getByLabel('统一社会信用代码').fill('91420112MA4KXXX10A');
        await page.getByLabel('企业名称').fill('武汉将军路示范商贸有限公司');
        await page.getByLabel('企业名称').press('Tab');
        await page.getByText('第 18 位校验码错误').waitFor();
        await page.getByLabel('统一社会信用代码').fill('91420112MA4KXXX10W');
        await chooseOption(page, page.getByLabel('行业领域（决定监管部门）'), '消防（区消防救援大队）');
        await chooseOption(page, page.getByLabel('属地（街道/管理处）'), '将军路街道');
        await page.getByRole('button', { name: /保\s*存/ }).click();
        await page.getByText('企业已登记').waitFor();
        await page.getByText('区消防救援大队').first().waitFor();
      });
    } finally {
      await context.close();
    }
  });

  it('enterprise (qiye): sees itself only and updates its safety manager contact', async () => {
    const { page, context } = await e2e.newPage();
    try {
      await step(page, 'ent-login', () => e2e.login(page, 'qiye'));
      await step(page, 'ent-list', async () => {
        await page.goto('/enterprises');
        await page.getByText('共 1 家').waitFor();
      });
      await step(page, 'ent-edit', async () => {
        await page.locator('.ant-table-row td:first-child a').first().click();
        await page.getByRole('button', { name: /编\s*辑/ }).click();
        await expect(page.getByLabel('企业名称').isDisabled()).resolves.toBe(true);
        await page.getByLabel('安全负责人', { exact: true }).fill('赵晓东');
        await page.getByLabel('安全负责人电话').fill('13907120000');
        await page.getByRole('button', { name: /保\s*存/ }).click();
        await page.getByText('已保存').waitFor();
        await page.getByText('13907120000').waitFor();
      });
    } finally {
      await context.close();
    }
  });

  it('admin: creates a user with a generated password; the office clerk reads the audit log', async () => {
    const { page, context } = await e2e.newPage();
    try {
      await step(page, 'admin-login', () => e2e.login(page, 'admin'));
      await step(page, 'admin-user', async () => {
        await page.goto('/admin/users');
        await page.getByRole('button', { name: /新建用户/ }).click();
        const dialog = page.getByRole('dialog');
        await dialog.getByLabel('用户名').fill('wujiashan01');
        await dialog.getByLabel('姓名').fill('吴家山街道 安全员');
        await chooseOption(page, dialog.getByLabel('角色'), '街道（属地）');
        await page.keyboard.press('Escape'); // close the multi-select
        await chooseOption(page, dialog.getByLabel('所属单位'), '吴家山街道', '吴家山');
        await dialog.getByRole('button', { name: /保\s*存/ }).click();
        await page.locator('.ant-modal-confirm-title', { hasText: '用户已创建' }).waitFor();
        const pw = await page.locator('.ant-modal-confirm .ant-typography code').first().innerText();
        expect(pw.length).toBeGreaterThanOrEqual(10);
      });
    } finally {
      await context.close();
    }
    const second = await e2e.newPage();
    try {
      await step(second.page, 'office-audit', async () => {
        await e2e.login(second.page, 'anweiban');
        await second.page.goto('/admin/audit');
        await second.page.getByText(/共 \d+ 条/).waitFor();
        await second.page.getByText('登录').first().waitFor();
      });
    } finally {
      await second.context.close();
    }
  });

  it('every link on the login page opens a page that exists without a login (the public 12350 form)', async () => {
    const { page, context } = await e2e.newPage();
    try {
      await page.goto('/login');
      await page.locator('#username').waitFor();
      const hrefs = await page.locator('a[href^="/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
      // The public 12350 form is linked for the reporter who does not log in.
      expect(hrefs).toContain('/public/report');
      for (const href of hrefs) {
        await page.goto(href);
        await page.waitForLoadState('networkidle');
        // A page that does not exist (or needs a login) lands back on /login.
        expect(new URL(page.url()).pathname, href).toBe(href);
        expect((await page.locator('body').innerText()).trim().length, href).toBeGreaterThan(20);
      }
    } finally {
      await context.close();
    }
  });

  it('enterprise: the header and home show its own enterprise, not "—" and "生产经营单位 1家"', async () => {
    const { page, context } = await e2e.newPage();
    try {
      await step(page, 'ent-own-name', async () => {
        await e2e.login(page, 'qiye');
        await page.getByTestId('own-enterprise').waitFor();
        const name = (await page.getByTestId('org-name').innerText()).trim();
        expect(name).not.toBe('—');
        expect(await page.getByTestId('own-enterprise').innerText()).toContain(name);
        expect(await page.getByText('生产经营单位').count()).toBe(0);
      });
    } finally {
      await context.close();
    }
  });

  it('phone (390×844): compact header on one line and the menu in a drawer', async () => {
    const { page, context } = await e2e.newPage({ width: 390, height: 844 });
    try {
      await step(page, 'phone-drawer', async () => {
        await e2e.login(page, 'jiancha');
        const title = await page.getByTestId('app-title').boundingBox();
        expect(title!.height).toBeLessThan(30);
        expect(await page.locator('.ant-layout-sider').count()).toBe(0);
        await page.getByTestId('menu-toggle').click();
        const drawer = page.locator('.ant-drawer-section, .ant-drawer-content').first();
        await drawer.locator('li.ant-menu-item').first().waitFor();
        const box = await drawer.boundingBox();
        expect(box!.width).toBeLessThanOrEqual(390);
        expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(392);
      });
    } finally {
      await context.close();
    }
  });
});
