/**
 * Tracking → Devices in Chromium: a user with a "Walk" activity adds a rule fed by steps, uploads
 * an Apple Health export.zip, watches its progress and summary, then sees the source, the import
 * among the batches and the rule's last 7 days filled in. Screenshots land in
 * test-results/screenshots/ (devices-*.png).
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, newUser, type TestUser } from '../support/http-client.ts';
import { exportXml, exportZip } from '../support/health-export.ts';
import { startMosaic, tempDataDir, type RunningMosaic } from '../support/local-process.ts';
import { openBrowser, requireChromium, SHOTS, signIn, type OpenBrowser } from './support/browser.ts';

let mosaic: RunningMosaic;
let browser: OpenBrowser | undefined;
let base: string;
let user: TestUser;

describe('Tracking → Devices, in Chromium', () => {
  beforeAll(async () => {
    requireChromium();
    // The web app is built by `npm test`'s pretest.
    mosaic = await startMosaic(tempDataDir('e2e-devices'), { MOSAIC_QUIET: '1' });
    base = mosaic.info.url;
    user = await newUser(base, { timezone: 'Europe/Paris' });
    await as(base, user).post('/v1/activities', { name: 'Walk', unit: 'steps', goal: 1000 });
    browser = await openBrowser({ viewport: { width: 1280, height: 1000 } });
  });

  afterAll(async () => {
    await browser?.close();
    await mosaic?.stop();
  });

  it('adds a rule, imports an Apple Health export with its progress, and shows the source and the filled-in days', async () => {
    const { page, pageErrors } = browser!;
    await signIn(page, base, user);

    await page.getByRole('navigation', { name: 'Main navigation', exact: true }).getByRole('link', { name: 'Devices' }).click();
    await page.getByRole('heading', { name: 'Devices', level: 1 }).waitFor();
    await page.getByText('No data yet').waitFor();

    const ruleForm = page.getByRole('form', { name: 'Add a rule' });
    await ruleForm.getByLabel('Activity').selectOption({ label: 'Walk' });
    await ruleForm.getByRole('button', { name: 'Add rule' }).click();
    await page.getByRole('list', { name: 'Rules' }).getByText('Walk').waitFor();

    // 1,500 records: three write batches, so the progress shows while it runs.
    const file = exportZip(exportXml(1500));
    const upload = page.getByRole('form', { name: 'Import an Apple Health export' });
    await upload.getByLabel('export.zip').setInputFiles({ name: 'export.zip', mimeType: 'application/zip', buffer: file });
    await upload.getByRole('button', { name: 'Import' }).click();
    await page.getByRole('heading', { name: 'Apple Health import' }).locator('..').getByText('New records').waitFor({ timeout: 60_000 });
    await page.getByText('Apple Health import finished.').waitFor();

    const sources = page.getByRole('table', { name: 'Sources' });
    await sources.getByText('Apple Health').waitFor();
    await expect.poll(() => sources.locator('tbody td').nth(2).textContent(), { timeout: 15_000 }).toBe('1,501');
    // The rule's last 7 days (the user's, in Paris): the hours of steps in the export fill each of
    // them that one falls in — every one, unless it is not yet 3 a.m. there (the newest is 3 h old).
    const parisDay = (t: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(t);
    const lastSeven = new Set(Array.from({ length: 7 }, (_, i) => {
      const d = new Date(`${parisDay(Date.now())}T12:00:00Z`);
      d.setUTCDate(d.getUTCDate() - i);
      return d.toISOString().slice(0, 10);
    }));
    const filled = new Set(Array.from({ length: 1500 }, (_, i) => parisDay(Date.now() - (i + 3) * 3600_000)).filter((day) => lastSeven.has(day)));
    expect(filled.size).toBeGreaterThanOrEqual(6);
    const preview = page.getByRole('list', { name: 'Last 7 days' });
    await expect.poll(async () => (await preview.locator('strong').allTextContents()).filter((t) => t !== '—').length, { timeout: 15_000 }).toBe(filled.size);
    await page.screenshot({ path: join(SHOTS, 'devices-after-import.png'), fullPage: true });
    expect(pageErrors).toEqual([]);
    await page.close();
  });
});
