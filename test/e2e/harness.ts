import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { freePort } from '../free-port';

/** One server + one browser per test file. Screenshots of failures go to test-results/. */
export const E2E_PASSWORD = 'Demo@2026pass';
export const E2E_ADMIN_PASSWORD = 'Admin@2026pass';


export interface E2E {
  base: string;
  browser: Browser;
  newPage(viewport?: { width: number; height: number }): Promise<{ page: Page; context: BrowserContext }>;
  login(page: Page, username: string, password?: string): Promise<void>;
  close(): Promise<void>;
}

export async function startE2E(extraEnv: Record<string, string> = {}): Promise<E2E> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'anzhi-e2e-'));
  const port = await freePort();
  const env = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    ANZHI_DEMO_PASSWORD: E2E_PASSWORD,
    ANZHI_ADMIN_PASSWORD: E2E_ADMIN_PASSWORD,
    ANZHI_JOBS: 'false',
    LOG_LEVEL: 'warn',
    LOGIN_RATE_PER_MINUTE: '1000',
    DATABASE_URL: '',
    ...extraEnv,
  };
  const proc: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  proc.stdout!.on('data', (d) => (out += d));
  proc.stderr!.on('data', (d) => (out += d));
  const base = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited:\n${out}`);
    if (await fetch(`${base}/api/health/ready`).then((r) => r.ok, () => false)) break;
    if (Date.now() > deadline) throw new Error(`server did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
  return {
    base,
    browser,
    async newPage(viewport = { width: 1366, height: 768 }) {
      const context = await browser.newContext({ viewport, locale: 'zh-CN', baseURL: base });
      const page = await context.newPage();
      page.setDefaultTimeout(20_000);
      return { page, context };
    },
    async login(page, username, password) {
      await page.goto('/login');
      await page.locator('#username').fill(username);
      await page.locator('#password').fill(password ?? (username === 'admin' ? E2E_ADMIN_PASSWORD : E2E_PASSWORD));
      await page.getByRole('button', { name: /登\s*录/ }).click();
      await page.getByTestId('user-menu').waitFor();
    },
    async close() {
      await browser.close().catch(() => undefined);
      proc.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 500));
      if (proc.exitCode === null) proc.kill('SIGKILL');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Run a browser step; on failure keep a screenshot under test-results/ and rethrow. */
export async function step<T>(page: Page, name: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    mkdirSync('test-results', { recursive: true });
    const file = path.join('test-results', `${name.replace(/[^\w\u4e00-\u9fa5-]+/g, '_')}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
    throw new Error(`${name} failed (screenshot ${file}): ${(e as Error).message}`);
  }
}

/**
 * Choose an option of an antd Select (the field's label or its locator) by the option's title, or
 * the first option listed when no title is given, typing `search` first when given, and make sure
 * the choice took: on a loaded machine a click can land while the dropdown re-renders and be lost,
 * leaving the field empty (CI saw "请选择单位", and a 核查结论 whose dependent field never showed).
 * Returns the chosen option's title.
 */
export async function chooseOption(page: Page, field: Locator, title?: string, search?: string): Promise<string> {
  const formItem = field.locator('xpath=ancestor::div[contains(@class,"ant-form-item")][1]');
  for (let attempt = 1; ; attempt++) {
    // Open this field's dropdown (a click on an open one would close it). Another Select's dropdown
    // may still be closing, so the options are looked for in the list this field controls.
    if ((await field.getAttribute('aria-expanded')) !== 'true') await field.click();
    if (search !== undefined) await field.fill(search);
    const listId = await field.getAttribute('aria-controls');
    const dropdown = listId ? page.locator(`.ant-select-dropdown:has([id="${listId}"])`) : page.locator('.ant-select-dropdown:visible');
    const option = title === undefined ? dropdown.locator('.ant-select-item-option').first() : dropdown.locator(`.ant-select-item-option[title="${title}"]`).first();
    const optionTitle = title ?? (await option.getAttribute('title')) ?? '';
    await option.click();
    // antd 6: a single Select titles its .ant-select-content with the value, a multiple one its tags.
    const chosen = formItem.locator(['.ant-select-content', '.ant-select-content-value', '.ant-select-selection-item'].map((c) => `${c}[title="${optionTitle}"]`).join(', '));
    try {
      await chosen.first().waitFor({ timeout: 3_000 });
      return optionTitle;
    } catch (e) {
      console.warn(`chooseOption: "${optionTitle}" not shown as chosen after try ${attempt}`);
      if (attempt >= 3) throw e;
    }
  }
}

/**
 * Click a dialog's button that closes it (确定, 保存) and wait until the dialog is gone; a click that
 * landed while the dialog was still opening is lost, so it is tried again while the dialog stays
 * (CI saw a liaison's 确定 do nothing, the dialog still open with the edit after 20 s).
 */
export async function clickToClose(dialog: Locator, button: Locator): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await button.click();
    try {
      await dialog.waitFor({ state: 'hidden', timeout: 5_000 });
      return;
    } catch (e) {
      if (attempt >= 3) throw e;
    }
  }
}
