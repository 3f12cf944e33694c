/**
 * Live updates in Chromium: two tabs of one user (separate browser contexts sharing the signed-in
 * session, as two tabs share localStorage) and a tab of another user. An entry saved in one tab
 * appears in the other without a reload; the other user's tab receives no event; a tab that was
 * offline catches up when it reconnects. Screenshots land in test-results/screenshots/.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, newUser, type TestUser } from '../support/http-client.ts';
import { ROOT, startMosaic, tempDataDir, type RunningMosaic } from '../support/local-process.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SHOTS = join(ROOT, 'test-results/screenshots');
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let mosaic: RunningMosaic;
let browser: Browser;
let base: string;
const contexts: BrowserContext[] = [];
const pageErrors: string[] = [];

const row = (page: Page, name: string) => page.locator(`li.today-row[data-activity="${name}"]`);

/** Event frames a page received over its WebSocket (pongs aside). */
function recordFrames(page: Page): string[] {
  const frames: string[] = [];
  page.on('websocket', (ws) => ws.on('framereceived', (f) => {
    const text = String(f.payload);
    if (!text.includes('"pong"')) frames.push(text);
  }));
  return frames;
}

async function signedInTab(user: TestUser): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, timezoneId: 'UTC', locale: 'en-GB' });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(`${base}/signin`);
  await page.getByLabel('Email').fill(user.email);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => page.url()).toMatch(/\/today$/);
  return { context, page };
}

/** A second tab of the same browser profile: a context with the first one's stored session. */
async function secondTab(first: BrowserContext): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, timezoneId: 'UTC', locale: 'en-GB', storageState: await first.storageState() });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.goto(`${base}/today`);
  return { context, page };
}

const live = (page: Page) => page.locator('[data-live]').getAttribute('data-live');

describe('live updates, in Chromium', () => {
  let alice: TestUser;
  let bob: TestUser;
  let tab1: Page;
  let tab2: { context: BrowserContext; page: Page };
  let bobTab: Page;
  let bobFrames: string[];
  let tab2Frames: string[];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM}; set CHROMIUM_PATH.`);
    execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'web/vite.config.ts', '--emptyOutDir=false', '--logLevel=warn'], { cwd: ROOT, stdio: 'pipe' });
    mkdirSync(SHOTS, { recursive: true });
    mosaic = await startMosaic(tempDataDir('e2e-live'), { MOSAIC_QUIET: '1' });
    base = mosaic.info.url;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
    [alice, bob] = await Promise.all([newUser(base, { timezone: 'UTC' }), newUser(base, { timezone: 'UTC' })]);
    for (const name of ['Walk', 'Read']) await as(base, alice).post('/v1/activities', { name });
    await as(base, bob).post('/v1/activities', { name: 'Walk' });
  });

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await browser?.close();
    await mosaic?.stop();
  });

  it('opens one live connection per tab, shown discreetly as live', async () => {
    const first = await signedInTab(alice);
    tab1 = first.page;
    tab2 = await secondTab(first.context);
    tab2Frames = recordFrames(tab2.page);
    const other = await signedInTab(bob);
    bobTab = other.page;
    bobFrames = recordFrames(bobTab);
    // The listener was attached after the first load: reload so its socket is seen from the start.
    await Promise.all([tab2.page.reload(), bobTab.reload()]);
    for (const page of [tab1, tab2.page, bobTab]) {
      await row(page, 'Walk').waitFor();
      await expect.poll(() => live(page)).toBe('live');
    }
    expect(await tab1.locator('[data-live]').getAttribute('title')).toBe('Live updates on');
  });

  it("shows an entry saved in one tab in the other without a reload; the other user's tab receives nothing", async () => {
    await row(tab1, 'Walk').getByRole('button', { name: 'Walk: done' }).click();
    await expect.poll(() => row(tab1, 'Walk').getByTestId('row-status').textContent(), { timeout: 10_000 }).toBe('Done');
    await expect.poll(() => row(tab2.page, 'Walk').getByTestId('row-status').textContent(), { timeout: 10_000 }).toBe('Done');
    await expect.poll(() => tab2.page.getByTestId('summary-done').textContent()).toBe('1');
    // The streak follows when the roll-up lands (stats.updated), with no timer in this tab.
    await expect.poll(() => row(tab2.page, 'Walk').getByTestId('streak').textContent(), { timeout: 15_000 }).toBe('1 day');
    await tab2.page.screenshot({ path: join(SHOTS, 'live-01-second-tab.png') });
    expect(tab2Frames.some((f) => f.includes('"entry.logged"'))).toBe(true);
    // Bob's tab got no event of Alice's and still shows his own untouched row.
    expect(bobFrames).toEqual([]);
    expect(await row(bobTab, 'Walk').getByTestId('row-status').textContent()).not.toBe('Done');
    await bobTab.screenshot({ path: join(SHOTS, 'live-02-other-user.png') });
  });

  it('catches up on reconnect after a while offline', async () => {
    await tab2.context.setOffline(true);
    await expect.poll(() => live(tab2.page)).toBe('offline');
    await tab2.page.screenshot({ path: join(SHOTS, 'live-03-offline.png') });
    await row(tab1, 'Read').getByRole('button', { name: 'Read: done' }).click();
    await expect.poll(() => row(tab1, 'Read').getByTestId('row-status').textContent(), { timeout: 10_000 }).toBe('Done');
    // Offline, it cannot have heard of it.
    expect(await row(tab2.page, 'Read').getByTestId('row-status').textContent()).not.toBe('Done');
    await tab2.context.setOffline(false);
    await expect.poll(() => live(tab2.page), { timeout: 15_000 }).toBe('live');
    await expect.poll(() => row(tab2.page, 'Read').getByTestId('row-status').textContent(), { timeout: 10_000 }).toBe('Done');
    await expect.poll(() => tab2.page.getByTestId('summary-done').textContent()).toBe('2');
    await tab2.page.screenshot({ path: join(SHOTS, 'live-04-caught-up.png') });
    expect(pageErrors).toEqual([]);
  });
});
