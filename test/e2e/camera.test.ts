/**
 * Admin → Cameras in Chromium: an administrator adds the demo camera, watches it live (frames
 * drawn in the page), stops it; a user who is not an administrator sees no Cameras link and is
 * refused the page. Screenshots land in test-results/screenshots/ (camera-*.png).
 */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newUser, type TestUser } from '../support/http-client.ts';
import { ROOT, startMosaic, tempDataDir, type RunningMosaic } from '../support/local-process.ts';
import { openBrowser, requireChromium, shootBoth, SHOTS, signIn as signInAt, type OpenBrowser } from './support/browser.ts';

const run = promisify(execFile);

let mosaic: RunningMosaic;
let browser: OpenBrowser | undefined;
let context: BrowserContext;
let base: string;
let admin: TestUser;
let user: TestUser;
const pageErrors: string[] = [];

const signIn = (page: Page, who: TestUser) => signInAt(page, base, who);

describe('Admin → Cameras, in Chromium', () => {
  beforeAll(async () => {
    requireChromium();
    // The web app is built by `npm test`'s pretest (and by the journey test).
    mosaic = await startMosaic(tempDataDir('e2e-camera'), { MOSAIC_QUIET: '1', CAMERA_PROBE_SECONDS: '2' });
    base = mosaic.info.url;
    [admin, user] = await Promise.all([newUser(base), newUser(base)]);
    await run(process.execPath, [join(ROOT, 'bin/admin.ts'), 'grant', admin.email], { env: { ...process.env, MOSAIC_DATA_DIR: mosaic.dataDir } });
    browser = await openBrowser();
    context = browser.context;
  });

  afterAll(async () => {
    await browser?.close();
    await mosaic?.stop();
  });

  it('is hidden from, and refused to, a user who is not an administrator', async () => {
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await signIn(page, user);
    const navigation = page.getByRole('navigation', { name: 'Main navigation', exact: true });
    await navigation.getByRole('link', { name: 'Today' }).waitFor();
    expect(await navigation.getByRole('link', { name: 'Cameras' }).count()).toBe(0);
    await page.goto(`${base}/admin/cameras`);
    await page.getByRole('heading', { name: 'Nothing here' }).waitFor();
    await page.screenshot({ path: join(SHOTS, 'camera-refused-user.png') });
    await page.evaluate(() => localStorage.clear());
    await page.close();
  });

  it('lets an administrator add the demo camera, watch it live and stop it', async () => {
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await signIn(page, admin);
    await page.getByRole('navigation', { name: 'Main navigation', exact: true }).getByRole('link', { name: 'Cameras' }).click();
    await page.getByRole('heading', { name: 'Cameras' }).waitFor();
    await page.getByText('No cameras yet').waitFor();

    await page.getByRole('button', { name: 'Add camera' }).first().click();
    const form = page.getByRole('form', { name: 'Add camera' });
    await form.getByLabel('Name', { exact: true }).fill('Garden (demo)');
    await form.getByLabel('Source').selectOption('demo');
    await form.getByRole('button', { name: 'Add camera' }).click();
    const card = page.locator('li.camera-card', { hasText: 'Garden (demo)' });
    await card.waitFor();
    await card.getByText('Idle').waitFor();

    await card.getByRole('button', { name: 'Watch Garden (demo)' }).click();
    const live = page.getByRole('img', { name: 'Live picture of Garden (demo)' });
    await live.waitFor();
    // Frames are drawn: the image has the capped size of a decoded JPEG.
    await expect.poll(() => live.evaluate((img: HTMLImageElement) => img.naturalWidth), { timeout: 20_000 }).toBe(640);
    // "Starting…" until the first frame, then "Live".
    await page.getByLabel('Live view of Garden (demo)').getByText('Live', { exact: true }).waitFor();
    await page.waitForTimeout(1500);
    await page.screenshot({ path: join(SHOTS, 'camera-live-admin.png') });

    await page.getByRole('button', { name: 'Stop' }).click();
    await page.getByText('You stopped the stream.').waitFor();
    expect(await live.count()).toBe(0);
    // The thumbnail of the list comes from the snapshot route.
    const thumbnail = card.getByRole('img', { name: 'Last picture of Garden (demo)' });
    await thumbnail.waitFor({ timeout: 30_000 });
    await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBeGreaterThan(0);
    await card.getByText('Idle').waitFor({ timeout: 20_000 });
    await page.screenshot({ path: join(SHOTS, 'camera-list-admin.png') });

    // Admin → Health lists the camera with its state and its last frame.
    await page.goto(`${base}/admin/health`);
    const row = page.getByRole('region', { name: 'Camera health' }).getByRole('row', { name: /Garden \(demo\)/ });
    await row.waitFor();
    await row.getByText('idle').waitFor();
    expect(await row.locator('time').count()).toBeGreaterThan(0);
    await shootBoth(page, 'camera-admin-health');
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
