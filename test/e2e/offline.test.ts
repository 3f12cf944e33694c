/**
 * The installable app and its offline outbox, end to end: the built app served by the real local
 * runtime, in Chromium. The manifest and its icons are served, the service worker registers and
 * caches the shell; then the runtime is stopped, an amount typed on Today waits ("Waiting to sync"
 * on the row and in the top bar), the page is reloaded with the server still gone (the cached shell
 * opens), and when the runtime starts again on the same data folder and port the write arrives
 * once, with the value last typed. The week grid's taps go through the same outbox.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, newUser, type TestUser } from '../support/http-client.ts';
import { portForRestarts, startMosaic, tempDataDir, type RunningMosaic } from '../support/local-process.ts';
import { buildWeb, openBrowser, requireChromium, shootBoth, signIn, type OpenBrowser } from './support/browser.ts';

let mosaic: RunningMosaic | undefined;
let browser: OpenBrowser | undefined;
let page: Page;
let base: string;
let dataDir: string;
let user: TestUser;
let activityId: string;
const cspViolations: string[] = [];
const today = new Date().toISOString().slice(0, 10);

const row = (name: string): Locator => page.locator(`li.today-row[data-activity="${name}"]`);

describe('the installable app offline', () => {
  beforeAll(async () => {
    requireChromium();
    buildWeb();
    dataDir = tempDataDir('offline');
    // Its tests stop the runtime and start it again on the same port (the page keeps its origin).
    mosaic = await startMosaic(dataDir, { PORT: await portForRestarts() });
    base = mosaic.info.url;
    user = await newUser(base, { timezone: 'UTC' });
    const created = await as(base, user).post('/v1/activities', { name: 'Run', unit: 'km', goal: 5 });
    expect(created.status).toBe(201);
    activityId = created.body.id;
    browser = await openBrowser();
    page = browser.page;
    page.on('console', (m) => {
      if (/Content[- ]Security[- ]Policy/i.test(m.text())) cspViolations.push(m.text());
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await mosaic?.stop();
  });

  it('links a manifest with 192 and 512 px icons (one maskable), served as such', async () => {
    await signIn(page, base, user);
    await row('Run').waitFor();
    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    expect(href).toBe('/manifest.webmanifest');
    const answer = await page.request.get(`${base}${href}`);
    expect(answer.status()).toBe(200);
    expect(answer.headers()['content-type']).toContain('application/manifest+json');
    const manifest = await answer.json();
    expect(manifest).toMatchObject({ name: 'Mosaic', start_url: '/today', display: 'standalone', theme_color: '#0d1117', background_color: '#0d1117' });
    expect(manifest.icons.map((i: { sizes: string; purpose: string }) => `${i.sizes} ${i.purpose}`)).toEqual(['192x192 any', '512x512 any', '512x512 maskable']);
    for (const icon of manifest.icons) {
      const png = await page.request.get(`${base}${icon.src}`);
      expect(png.headers()['content-type']).toBe('image/png');
      const bytes = await png.body();
      const [w, h] = [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
      expect(`${w}x${h}`).toBe(icon.sizes);
    }
    // A missing file with an extension is not the app's page (the worker's optional import relies on it).
    expect((await page.request.get(`${base}/no-such-file.js`)).status()).toBe(404);
  });

  it('registers the service worker, which caches the built shell', async () => {
    const worker = await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready;
      return { script: registration.active?.scriptURL, scope: registration.scope };
    });
    expect(worker).toEqual({ script: `${base}/sw.js`, scope: `${base}/` });
    const cached = await page.evaluate(async () => {
      const names = await caches.keys();
      const shell = names.filter((n) => n.startsWith('mosaic-shell-'));
      const requests = shell.length === 1 ? await (await caches.open(shell[0]!)).keys() : [];
      return { shell, paths: requests.map((r) => new URL(r.url).pathname) };
    });
    expect(cached.shell).toHaveLength(1);
    expect(cached.paths).toContain('/index.html');
    expect(cached.paths).toContain('/manifest.webmanifest');
    expect(cached.paths.some((p) => /^\/assets\/index-[\w-]+\.js$/.test(p))).toBe(true);
    expect(cached.paths.some((p) => p.startsWith('/v1/'))).toBe(false);
    // Takes control of the page at once (clients.claim), so the next load is served through it.
    await expect.poll(() => page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(`${base}/sw.js`);
  });

  it('keeps an entry typed while the server is gone, says it waits, and opens offline', async () => {
    expect(await mosaic!.stop()).toBe(0);
    await expect(fetch(`${base}/v1/health`)).rejects.toThrow();

    const amount = row('Run').getByLabel('Run: amount in km');
    await amount.fill('4');
    await amount.press('Tab');
    await expect.poll(() => row('Run').locator('.save-state').textContent(), { timeout: 15_000 }).toContain('Waiting to sync');
    // A second edit goes behind the first: the last value typed is the one that stays.
    await amount.fill('4.5');
    await amount.press('Tab');
    await expect.poll(async () => (await page.locator('.sync-status').textContent())?.trim(), { timeout: 15_000 }).toBe('Waiting to sync (2)');
    await shootBoth(page, 'offline-01-waiting');

    // Reloaded with no server: the service worker's shell opens (not the browser's error page).
    await page.reload();
    await page.locator('#root').getByRole('button', { name: 'Try again' }).waitFor({ timeout: 15_000 });
    await shootBoth(page, 'offline-02-reloaded');
  });

  it('sends the queued entry once the server is back on the same data and port: one entry, the last value', async () => {
    const port = new URL(base).port;
    mosaic = await startMosaic(dataDir, { PORT: port });
    expect(mosaic.info.url).toBe(base);
    const client = as(base, user);
    // The outbox tries again by itself (every 15 s while anything waits): no click needed.
    await expect
      .poll(
        async () => {
          const page = await client.get(`/v1/entries?activityId=${activityId}&from=${today}&to=${today}`);
          return page.body.items?.map((e: { date: string; value: number | null }) => `${e.date} ${e.value}`);
        },
        { timeout: 60_000, interval: 500 },
      )
      .toEqual([`${today} 4.5`]);
    await expect.poll(() => page.evaluate(() => localStorage.getItem('mosaic.outbox')), { timeout: 15_000 }).toBeNull();

    await page.getByRole('button', { name: 'Try again' }).click();
    await row('Run').waitFor();
    await expect(row('Run').getByLabel('Run: amount in km').inputValue()).resolves.toBe('4.5');
    await expect(page.getByRole('status').filter({ hasText: 'Waiting to sync' }).count()).resolves.toBe(0);
    const all = await client.get(`/v1/entries?activityId=${activityId}`);
    expect(all.body.items).toHaveLength(1);
    await shootBoth(page, 'offline-03-synced');
    expect(cspViolations).toEqual([]);
    expect(browser!.pageErrors).toEqual([]);
  });
  it('loses no value typed just before leaving: another page (no blur) or a reload within the typing pause', async () => {
    const client = as(base, user);
    const value = async () => (await client.get(`/v1/entries?activityId=${activityId}&from=${today}&to=${today}`)).body.items?.[0]?.value;
    const amount = row('Run').getByLabel('Run: amount in km');

    await amount.fill('5.5');
    // The router moves on at once (a history change, not a click: nothing blurs the field first).
    await page.evaluate(() => {
      history.pushState(null, '', '/dashboard');
      dispatchEvent(new PopStateEvent('popstate'));
    });
    await page.getByRole('heading', { name: 'Dashboard' }).waitFor();
    await expect.poll(value, { timeout: 15_000 }).toBe(5.5);

    await page.goto(`${base}/today`);
    await row('Run').waitFor();
    await amount.fill('6.5');
    await page.reload();
    await row('Run').waitFor();
    await expect.poll(value, { timeout: 30_000 }).toBe(6.5);
    await expect.poll(() => page.evaluate(() => localStorage.getItem('mosaic.outbox')), { timeout: 15_000 }).toBeNull();
    expect((await client.get(`/v1/entries?activityId=${activityId}`)).body.items).toHaveLength(1);
  });

  it('keeps a week-grid tap made while the server is gone, shows it waiting on the cell, and sends it once when back', async () => {
    const client = as(base, user);
    const created = await client.post('/v1/activities', { name: 'Stretch' });
    expect(created.status).toBe(201);
    const stretchId: string = created.body.id;
    await page.goto(`${base}/grid`);
    const cell = page.locator('tr[data-activity="Stretch"] td:last-child button');
    await cell.waitFor();
    await expect.poll(() => cell.isEnabled()).toBe(true);

    expect(await mosaic!.stop()).toBe(0);
    await cell.click(); // empty → done
    await expect.poll(() => cell.getAttribute('aria-label'), { timeout: 15_000 }).toMatch(/: done, waiting to sync$/);
    await expect.poll(() => cell.isEnabled(), { timeout: 15_000 }).toBe(true);
    await cell.click(); // done → skipped, queued behind the first
    await expect.poll(() => cell.getAttribute('aria-label'), { timeout: 15_000 }).toMatch(/: skipped, waiting to sync$/);
    await expect.poll(async () => (await page.locator('.sync-status').textContent())?.trim(), { timeout: 15_000 }).toBe('Waiting to sync (2)');
    await expect(page.getByRole('status').filter({ hasText: 'Waiting to sync: 1 cell' }).count()).resolves.toBe(1);
    await shootBoth(page, 'offline-04-grid-waiting');

    mosaic = await startMosaic(dataDir, { PORT: new URL(base).port });
    const entries = async () =>
      (await client.get(`/v1/entries?activityId=${stretchId}`)).body.items?.map((e: { date: string; status: string }) => `${e.date} ${e.status}`);
    await expect.poll(entries, { timeout: 60_000, interval: 500 }).toEqual([`${today} skipped`]);
    await expect.poll(() => page.evaluate(() => localStorage.getItem('mosaic.outbox')), { timeout: 15_000 }).toBeNull();
    await expect.poll(() => cell.getAttribute('aria-label'), { timeout: 15_000 }).toMatch(/: skipped$/);
    expect(await entries()).toEqual([`${today} skipped`]);
    await shootBoth(page, 'offline-05-grid-synced');
    expect(browser!.pageErrors).toEqual([]);
  });

  it('keeps a day-editor save made while the server is gone on its entry row, and sends it once when back', async () => {
    const client = as(base, user);
    const stretch = (await client.get('/v1/activities')).body.items.find((a: { name: string }) => a.name === 'Stretch');
    await page.goto(`${base}/entries`);
    await page.getByRole('button', { name: `Edit the entry of Stretch on ${today}` }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Done').waitFor();

    expect(await mosaic!.stop()).toBe(0);
    await dialog.getByLabel('Done').check();
    await dialog.getByLabel('Note').fill('offline edit');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByText(/Stretch, .*: waiting to sync/).waitFor({ timeout: 15_000 });
    const row = page.locator('tr', { has: page.getByRole('button', { name: `Edit the entry of Stretch on ${today}` }) });
    await row.getByText('Waiting to sync').waitFor();
    await shootBoth(page, 'offline-06-editor-waiting');

    mosaic = await startMosaic(dataDir, { PORT: new URL(base).port });
    const entries = async () =>
      (await client.get(`/v1/entries?activityId=${stretch.id}`)).body.items?.map((e: { date: string; status: string; note: string | null }) => `${e.date} ${e.status} ${e.note}`);
    await expect.poll(entries, { timeout: 60_000, interval: 500 }).toEqual([`${today} done offline edit`]);
    await expect.poll(() => page.evaluate(() => localStorage.getItem('mosaic.outbox')), { timeout: 15_000 }).toBeNull();
    await expect.poll(() => row.getByText('Waiting to sync').count(), { timeout: 15_000 }).toBe(0);
    expect(browser!.pageErrors).toEqual([]);
  });
});
