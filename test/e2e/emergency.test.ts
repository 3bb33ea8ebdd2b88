import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { chooseOption, clickToClose, startE2E, step, type E2E } from './harness';
import { planDocx } from '../../src/server/modules/emergency/emergency.plans.seed';

let e2e: E2E;
beforeAll(async () => {
  // Another server on this machine may hold the MQTT port; this test needs no broker.
  e2e = await startE2E({ MQTT_ENABLED: 'false' });
});
afterAll(async () => {
  await e2e?.close();
});

const modal = (page: Page) => page.locator('.ant-modal:visible');
const pick = (page: Page, label: string, option?: string) => chooseOption(page, modal(page).getByLabel(label), option);
const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
/** 删除 and its Popconfirm's 删除 (a click that lands while the page re-renders is tried once more). */
const confirmDelete = async (page: Page, button: ReturnType<Page['locator']>) => {
  const ok = page.locator('.ant-popconfirm:visible').getByRole('button', { name: /删\s*除/ });
  await button.click();
  if (!(await ok.waitFor({ timeout: 5_000 }).then(() => true, () => false))) await button.click();
  await ok.click();
};
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

describe('emergency plans and drills in the browser', () => {
  it('a street updates its liaison, files a plan the office returns and then accepts, records a drill whose improvement item becomes a hazard; the office opens the 七有 overview and the duty roster', async () => {
    const street = await e2e.newPage({ width: 1366, height: 768 });
    const office = await e2e.newPage({ width: 1366, height: 768 });
    const s = street.page;
    const o = office.page;
    const errors: string[] = [];
    // (the login page probes the session first: that 401 is expected)
    for (const p of [s, o]) p.on('console', (m) => m.type() === 'error' && !/status of 401/.test(m.text()) && errors.push(m.text()));
    const title = '将军路街道燃气泄漏专项应急预案（浏览器测试）';
    try {
      await step(s, 'emergency-liaison', async () => {
        await e2e.login(s, 'jiangjunlu');
        await s.goto('/emergency/liaisons?ownerKind=street&q=%E5%B0%86%E5%86%9B%E8%B7%AF');
        await s.getByRole('button', { name: /修\s*改/ }).first().click();
        await modal(s).getByLabel('职务').fill('应急办主任（浏览器测试）');
        const dialog = s.locator('.ant-modal-wrap:has(.ant-modal-title:text("修改联络员"))');
        await clickToClose(dialog, dialog.getByRole('button', { name: /确\s*定|保\s*存|OK/ }));
        // saved and confirmed today: the edit form shows the new duty
        await s.getByRole('button', { name: /修\s*改/ }).first().click();
        expect(await modal(s).getByLabel('职务').inputValue()).toBe('应急办主任（浏览器测试）');
        await modal(s).getByRole('button', { name: /取\s*消/ }).click();
      });
      let planUrl = '';
      await step(s, 'emergency-plan-file', async () => {
        await s.goto('/emergency/plans');
        await s.getByRole('button', { name: /登记预案/ }).click();
        await modal(s).getByLabel('预案名称').fill(title);
        await pick(s, '级别', '街道');
        await modal(s).getByLabel('适用事件').fill('燃气泄漏');
        await modal(s).getByRole('button', { name: /保\s*存/ }).click();
        await s.waitForURL(/\/emergency\/plans\/[0-9a-f-]{36}$/);
        planUrl = new URL(s.url()).pathname;
        await s.locator('input[type=file]').setInputFiles({ name: '燃气泄漏预案.docx', mimeType: DOCX, buffer: await planDocx(title, '将军路街道', [['一、总则', '适用于燃气管道泄漏事故。']]) });
        await s.getByRole('link', { name: '燃气泄漏预案.docx' }).waitFor();
        await s.getByRole('button', { name: /报\s*备/ }).click();
        await s.getByText('已报备（待审）').first().waitFor();
      });
      await step(o, 'emergency-plan-return', async () => {
        await e2e.login(o, 'anweiban');
        await o.goto('/emergency/plans?view=review&status=submitted');
        await o.getByRole('link', { name: title }).click();
        await o.waitForURL(new RegExp(`${planUrl}$`));
        await o.getByRole('button', { name: /退\s*回/ }).click();
        await modal(o).getByLabel('修改意见').fill('未明确燃气公司抢修队伍的联系方式，请补充');
        await modal(o).getByRole('button', { name: /退\s*回/ }).click();
        await o.getByText('已退回').first().waitFor();
      });
      await step(s, 'emergency-plan-resubmit', async () => {
        await s.reload();
        await s.getByText('未明确燃气公司抢修队伍的联系方式，请补充').first().waitFor();
        await s.locator('input[type=file]').setInputFiles({ name: '燃气泄漏预案-修改稿.docx', mimeType: DOCX, buffer: await planDocx(title, '将军路街道', [['一、总则', '适用于燃气管道泄漏事故。抢修队伍：燃气公司 24 小时抢修。']]) });
        await s.getByRole('link', { name: '燃气泄漏预案-修改稿.docx' }).waitFor();
        await s.getByRole('button', { name: /报\s*备/ }).click();
        await s.getByText('已报备（待审）').first().waitFor();
      });
      await step(o, 'emergency-plan-accept', async () => {
        await o.reload();
        await o.getByRole('button', { name: /备\s*案$/ }).first().click();
        await o.locator('.ant-modal-confirm').getByRole('button', { name: /备\s*案/ }).click();
        await o.getByText(/420112-YA-\d{4}-\d{4}/).waitFor();
        await o.getByText('已备案').first().waitFor();
      });
      await step(s, 'emergency-drill', async () => {
        await s.goto('/emergency/drills');
        await s.getByRole('button', { name: /制定演练计划/ }).click();
        await modal(s).getByLabel('演练名称').fill('将军路街道燃气泄漏实兵演练（浏览器测试）');
        await modal(s).getByLabel('演练日期').fill(today());
        await modal(s).getByLabel('演练日期').press('Enter');
        await modal(s).getByLabel('地点').fill('将军路街道某小区');
        await modal(s).getByLabel('演练情景').fill('小区燃气管道被施工挖断，燃气泄漏');
        await pick(s, '依据的预案', title);
        await chooseOption(s, modal(s).getByLabel(/参演单位/), '区应急管理局');
        await modal(s).getByRole('button', { name: /保\s*存/ }).click();
        await s.waitForURL(/\/emergency\/drills\/[0-9a-f-]{36}$/);
        await s.getByRole('button', { name: /开始演练/ }).click();
        await s.locator('.ant-modal-confirm').getByRole('button', { name: /开\s*始/ }).click();
        // Exercise mode: the banner is on every screen while the drill runs.
        await s.getByTestId('exercise-banner').waitFor();
        const drillUrl = new URL(s.url()).pathname;
        await s.goto('/hazards');
        await s.getByTestId('exercise-banner').waitFor();
        expect(await s.getByTestId('exercise-banner').innerText()).toContain('【演练】');
        await s.goto(drillUrl);
        await s.getByLabel('经过').fill('燃气公司抢修队到达现场，关闭上游阀门');
        await s.getByRole('button', { name: /记\s*录/ }).click();
        await s.getByText('燃气公司抢修队到达现场，关闭上游阀门').waitFor();
        await s.getByRole('button', { name: /结束演练/ }).click();
        await s.getByText('已结束（待评估）').first().waitFor();
        expect(await s.getByTestId('exercise-banner').count()).toBe(0);
        await s.getByRole('button', { name: /演练评估/ }).click();
        await modal(s).getByLabel('评估意见').fill('关阀用时过长，预案未列明小区燃气阀门位置');
        await modal(s).getByText(/需修订/).click();
        await modal(s).getByRole('button', { name: /添加改进事项/ }).click();
        await modal(s).getByLabel('改进事项').fill('小区燃气管道上方违规施工，须设置警示并加强巡查');
        await modal(s).getByRole('button', { name: /提交评估/ }).click();
        await s.getByText('已评估').first().waitFor();
        await s.getByRole('button', { name: /转为隐患/ }).click();
        await pick(s, '隐患所在企业');
        await modal(s).getByLabel('部位/场所').fill('小区燃气管道');
        await modal(s).getByRole('button', { name: /登记隐患/ }).click();
        await s.getByRole('link', { name: /^YH-/ }).waitFor();
        await s.goto(planUrl);
        await s.getByText('预案需修订').first().waitFor();
      });
      await step(o, 'emergency-office-overview', async () => {
        await o.goto('/emergency/seven-has-overview');
        await o.getByText('“七有”建设总览').waitFor();
        // …and the duty roster: today's cell of the office's month names its 带班领导
        await o.goto('/emergency/duty');
        await o.getByTestId(`duty-${new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10)}`).getByText('带班').waitFor();
        await o.goto('/emergency/plans-dashboard');
        await o.getByText('需关注的预案（到期、超期、需修订）').waitFor();
        await o.getByText(title).first().waitFor();
        // the dashboard fits the desk without horizontal scrolling
        expect(await o.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
      });
      await step(s, 'emergency-delete-drafts', async () => {
        // A draft plan: 删除 on its page, confirmed, back to the list without it.
        const draft = '将军路街道待删除预案草稿（浏览器测试）';
        await s.goto('/emergency/plans');
        await s.getByRole('button', { name: /登记预案/ }).click();
        await modal(s).getByLabel('预案名称').fill(draft);
        await pick(s, '级别', '街道');
        await modal(s).getByRole('button', { name: /保\s*存/ }).click();
        await s.waitForURL(/\/emergency\/plans\/[0-9a-f-]{36}$/);
        await s.getByText('尚未上传预案文本').waitFor();
        await confirmDelete(s, s.getByRole('button', { name: /删\s*除/ }));
        await s.waitForURL(/\/emergency\/plans$/);
        await s.getByText('预案草稿已删除').first().waitFor();
        await s.getByRole('link', { name: title }).first().waitFor();
        await s.getByRole('link', { name: draft }).waitFor({ state: 'detached' });
        // A planned drill: 删除 in its row of the list (the click does not open the drill).
        const drill = '将军路街道待删除演练计划（浏览器测试）';
        await s.goto('/emergency/drills');
        await s.getByRole('button', { name: /制定演练计划/ }).click();
        await modal(s).getByLabel('演练名称').fill(drill);
        await modal(s).getByLabel('演练日期').fill(today());
        await modal(s).getByLabel('演练日期').press('Enter');
        await modal(s).getByLabel('地点').fill('街道会议室');
        await modal(s).getByLabel('演练情景').fill('仓库起火，桌面推演');
        await modal(s).getByRole('button', { name: /保\s*存/ }).click();
        await s.waitForURL(/\/emergency\/drills\/[0-9a-f-]{36}$/);
        await s.goto('/emergency/drills');
        const row = s.locator('tr', { has: s.getByRole('link', { name: drill }) });
        await confirmDelete(s, row.getByRole('button', { name: /删\s*除/ }));
        await s.getByText(`已删除演练计划“${drill}”`).first().waitFor();
        expect(new URL(s.url()).pathname).toBe('/emergency/drills');
        await s.getByRole('link', { name: drill }).waitFor({ state: 'detached' });
      });
      await step(s, 'emergency-phone', async () => {
        const phone = await e2e.newPage({ width: 390, height: 844 });
        try {
          await e2e.login(phone.page, 'jiangjunlu');
          await phone.page.goto('/emergency/plans');
          await phone.page.getByText(title).first().waitFor();
          expect(await phone.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(true);
        } finally {
          await phone.context.close();
        }
      });
      expect(errors).toEqual([]);
    } finally {
      await street.context.close();
      await office.context.close();
    }
  }, 300_000);
});
