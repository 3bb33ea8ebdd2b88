import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { startE2E, step, type E2E } from './harness';

/**
 * Every menu page of every demo role, as a new user sees it: at 1366×768 for everyone and at
 * 390×844 for the field roles (inspector, enterprise). A page fails on a console error, a failed
 * request, a table wider than its container (or the page scrolling sideways), a visible raw code
 * (UUIDs, snake_case words, NaN, undefined, Invalid Date, null) or an overdue figure beyond what a
 * living district shows.
 */
const DESK_ROLES = ['admin', 'anweiban', 'zhujianju', 'yingjiju', 'jiangjunlu', 'jiancha', 'qiye'];
const FIELD_ROLES = ['jiancha', 'qiye'];

const RAW_PATTERNS: [RegExp, string][] = [
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/i, 'UUID'],
  [/\b[a-z]+_[a-z0-9_]+\b/, 'snake_case 代码'],
  [/\bNaN\b/, 'NaN'],
  [/\bundefined\b/, 'undefined'],
  [/Invalid Date/, 'Invalid Date'],
  [/\bnull\b/, 'null'],
];
/** A living district: nothing overdue by years, and no overdue tally in the thousands. */
const MAX_OVERDUE_DAYS = 400;
const MAX_OVERDUE_COUNT = 300;

interface Problem {
  page: string;
  problem: string;
}

async function menuPaths(page: Page): Promise<string[]> {
  const ids = await page.locator('li.ant-menu-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-menu-id') ?? ''));
  return [...new Set(ids.map((id) => /-(\/[^\s]*)$/.exec(id)?.[1]).filter((p): p is string => !!p))];
}

async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page
    .waitForFunction(() => !document.querySelector('.ant-spin-spinning, .ant-skeleton-active'), undefined, { timeout: 15_000 })
    .catch(() => undefined);
  await page.waitForTimeout(300);
}

async function inspect(page: Page, path: string, phone = false): Promise<Problem[]> {
  const problems: Problem[] = [];
  const found = await page.evaluate((phone) => {
    const out: string[] = [];
    const doc = document.documentElement;
    if (doc.scrollWidth > window.innerWidth + 2) out.push(`页面横向滚动（${doc.scrollWidth}px > ${window.innerWidth}px）`);
    document.querySelectorAll('.ant-table-wrapper').forEach((w, i) => {
      const box = w as HTMLElement;
      if (!box.offsetParent) return;
      // On a phone a wide list scrolls inside its own box (styles.css); the page itself must not.
      if (phone) return;
      const content = box.querySelector('.ant-table-content, .ant-table-body') as HTMLElement | null;
      const table = box.querySelector('table') as HTMLElement | null;
      const wrapperWidth = box.clientWidth;
      if (content && content.scrollWidth > content.clientWidth + 2) out.push(`表格 ${i + 1} 需要横向滚动（${content.scrollWidth}px > ${content.clientWidth}px）`);
      else if (table && table.getBoundingClientRect().width > wrapperWidth + 2) out.push(`表格 ${i + 1} 比容器宽`);
    });
    return { problems: out, text: document.body.innerText };
  }, phone);
  for (const p of found.problems) problems.push({ page: path, problem: p });
  for (const [re, label] of RAW_PATTERNS) {
    const m = re.exec(found.text);
    if (m) problems.push({ page: path, problem: `显示了原始${label}：“${found.text.slice(Math.max(0, m.index - 20), m.index + m[0].length + 20).replace(/\s+/g, ' ')}”` });
  }
  for (const m of found.text.matchAll(/(?:逾期|超期)\s*(\d+)\s*天/g)) {
    if (Number(m[1]) > MAX_OVERDUE_DAYS) problems.push({ page: path, problem: `逾期 ${m[1]} 天：演示数据不在当下` });
  }
  for (const m of found.text.matchAll(/(?:逾期|超期)[^\d\n]{0,12}\n?\s*(\d[\d,]*)\s*(?:项|条|家|个)?/g)) {
    const n = Number(m[1].replace(/,/g, ''));
    if (n > MAX_OVERDUE_COUNT) problems.push({ page: path, problem: `超期/逾期数 ${n}：超出合理范围` });
  }
  return problems;
}

async function walk(e2e: E2E, username: string, viewport: { width: number; height: number }): Promise<{ visited: string[]; problems: Problem[] }> {
  const { page, context } = await e2e.newPage(viewport);
  const problems: Problem[] = [];
  let current = '/login';
  let listening = false;
  // The login page itself is not walked: problems count from the first page after signing in.
  page.on('console', (msg) => {
    if (listening && msg.type() === 'error') problems.push({ page: current, problem: `控制台错误：${msg.text().slice(0, 200)}` });
  });
  page.on('pageerror', (err) => problems.push({ page: current, problem: `脚本错误：${err.message.slice(0, 200)}` }));
  page.on('response', (res) => {
    if (listening && res.status() >= 400 && new URL(res.url()).pathname.startsWith('/api/')) problems.push({ page: current, problem: `请求失败 ${res.status()} ${res.request().method()} ${new URL(res.url()).pathname}` });
  });
  page.on('requestfailed', (req) => {
    // Leaving a page aborts what it was still loading; that is not a failure.
    if (listening && req.failure()?.errorText !== 'net::ERR_ABORTED') problems.push({ page: current, problem: `请求中断 ${req.method()} ${req.url()}` });
  });
  await e2e.login(page, username);
  listening = true;
  current = '/';
  await settle(page);
  problems.push(...(await inspect(page, '/')));
  const narrow = viewport.width < 768;
  if (narrow) {
    // Phones: the menu lives in a drawer opened from the header.
    await page.getByTestId('menu-toggle').click();
  }
  const paths = await menuPaths(page);
  expect(paths.length, `${username} 没有菜单`).toBeGreaterThan(0);
  for (const p of paths) {
    current = p;
    await step(page, `walk-${username}-${viewport.width}-${p}`, async () => {
      await page.goto(p);
      await settle(page);
      problems.push(...(await inspect(page, p, narrow)));
      await page.screenshot({ path: `test-results/walk/${username}-${viewport.width}${p.replace(/\//g, '_')}.png`, fullPage: true }).catch(() => undefined);
    });
  }
  await context.close();
  return { visited: paths, problems };
}

describe('every menu page of every demo role', () => {
  let e2e: E2E;
  beforeAll(async () => {
    const { mkdirSync } = await import('node:fs');
    mkdirSync('test-results/walk', { recursive: true });
    e2e = await startE2E();
  });
  afterAll(async () => e2e?.close());

  it.each(DESK_ROLES)('%s at 1366×768', async (username) => {
    const r = await walk(e2e, username, { width: 1366, height: 768 });
    if (r.problems.length) console.log(`${username}（${r.visited.length} 页）：\n${r.problems.map((p) => `  ${p.page}：${p.problem}`).join('\n')}`);
    expect(r.problems.map((p) => `${p.page}：${p.problem}`)).toEqual([]);
  }, 300_000);

  it.each(FIELD_ROLES)('%s on a 390×844 phone', async (username) => {
    const r = await walk(e2e, username, { width: 390, height: 844 });
    if (r.problems.length) console.log(`${username} 手机（${r.visited.length} 页）：\n${r.problems.map((p) => `  ${p.page}：${p.problem}`).join('\n')}`);
    expect(r.problems.map((p) => `${p.page}：${p.problem}`)).toEqual([]);
  }, 300_000);
});
