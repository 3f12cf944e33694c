/**
 * Tracking as a daily driver, in Chromium: a compact Today that fits six or more activities on a
 * 375×812 phone, each with its colour and icon, grouped by category in the user's order; a
 * reorder by keyboard that survives a reload; the stats page's heatmap opening the day's editor;
 * light and dark themes (system preference and the account menu's choice, remembered).
 * Screenshots land in test-results/screenshots/ (driver-*.png), at 375 and 1280 px in both themes.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, newUser, type TestUser } from '../support/http-client.ts';
import { startMosaic, tempDataDir, type RunningMosaic } from '../support/local-process.ts';
import { buildWeb, DESKTOP, openBrowser, PHONE, requireChromium, SHOTS, shootBoth, signIn, type OpenBrowser } from './support/browser.ts';

let mosaic: RunningMosaic;
let browser: OpenBrowser | undefined;
let page: Page;
let base: string;
let user: TestUser;
const ids: Record<string, string> = {};
const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** Eight activities over two categories and none: more than a phone's screen holds in the old layout. */
const ACTIVITIES = [
  { name: 'Run', category: 'Health', color: 'green', icon: 'run', unit: 'km', goal: 5 },
  { name: 'Stretch', category: 'Health', color: 'teal', icon: 'yoga' },
  { name: 'Water', category: 'Health', color: 'blue', icon: 'water', unit: 'glasses', goal: 8 },
  { name: 'Sleep by 11', category: 'Health', color: 'indigo', icon: 'sleep' },
  { name: 'Read', category: 'Mind', color: 'amber', icon: 'book' },
  { name: 'Journal', category: 'Mind', color: 'violet', icon: 'write' },
  { name: 'Spanish', category: 'Mind', color: 'red', icon: 'language' },
  { name: 'Tidy desk', color: 'slate' },
];

const rowNames = (where: string) => page.locator(`${where} [data-activity]`).evaluateAll((els) => els.map((e) => e.getAttribute('data-activity')));

describe('a daily driver: compact Today, colours, order, editors, themes', () => {
  beforeAll(async () => {
    requireChromium();
    buildWeb();
    mosaic = await startMosaic(tempDataDir('e2e-driver'), { MOSAIC_QUIET: '1' });
    base = mosaic.info.url;
    user = await newUser(base, { timezone: 'UTC' });
    const api = as(base, user);
    for (const a of ACTIVITIES) ids[a.name] = (await api.post('/v1/activities', a)).body.id;
    // A little history for the streaks and the heatmap.
    for (const offset of [-3, -2, -1]) await api.put(`/v1/entries/${day(offset)}/${ids.Read}`, { status: 'done' });
    browser = await openBrowser({ viewport: PHONE });
    page = browser.page;
  });

  afterAll(async () => {
    await browser?.close();
    await mosaic?.stop();
  });

  it('fits at least six activities on a 375×812 phone, below the header and above the tab bar', async () => {
    await signIn(page, base, user);
    await page.locator('li.today-row').first().waitFor();
    await expect.poll(() => page.locator('li.today-row').count()).toBe(ACTIVITIES.length);
    const visible = await page.evaluate(() => {
      const top = document.querySelector('.topbar')!.getBoundingClientRect().bottom;
      const tabbar = document.querySelector('.tabbar');
      const bottom = tabbar ? tabbar.getBoundingClientRect().top : window.innerHeight;
      return [...document.querySelectorAll('li.today-row')].filter((r) => {
        const box = r.getBoundingClientRect();
        return box.top >= top && box.bottom <= bottom;
      }).length;
    });
    console.log(`Today at 375×812: ${visible} of ${ACTIVITIES.length} rows wholly visible (target ≥ 6)`);
    await page.screenshot({ path: join(SHOTS, 'driver-today-phone-viewport.png') });
    expect(visible).toBeGreaterThanOrEqual(6);
  });

  it('shows each activity’s colour and icon, grouped by category in the user’s order', async () => {
    const run = page.locator('li.today-row[data-activity="Run"] .act-badge');
    await expect(run.getAttribute('data-color')).resolves.toBe('green');
    await expect(run.textContent()).resolves.toBe('🏃');
    // No icon: the initial on the colour.
    await expect(page.locator('li.today-row[data-activity="Tidy desk"] .act-badge').textContent()).resolves.toBe('T');
    await expect(page.locator('.today-group__title').allTextContents()).resolves.toEqual(['Health', 'Mind', 'Other']);
    expect(await rowNames('.today-list')).toEqual(ACTIVITIES.map((a) => a.name));
    // One tap: done, and the numeric one inline.
    await page.getByRole('button', { name: 'Stretch: done' }).click();
    await expect.poll(() => page.locator('li.today-row[data-activity="Stretch"]').getByTestId('row-status').textContent()).toBe('Done');
    // Short of the goal today: under way, not missed (the day is not over).
    await page.getByLabel('Water: amount in glasses').fill('3');
    await page.getByLabel('Water: amount in glasses').press('Enter');
    await expect.poll(() => page.locator('li.today-row[data-activity="Water"]').getByTestId('row-status').textContent()).toBe('In progress');
    await page.getByLabel('Water: amount in glasses').fill('8');
    await page.getByLabel('Water: amount in glasses').press('Enter');
    await expect.poll(() => page.locator('li.today-row[data-activity="Water"]').getByTestId('row-status').textContent()).toBe('Done');
  });

  it('reorders by keyboard on the activities page, and the order survives a reload and reaches Today', async () => {
    await page.setViewportSize(DESKTOP);
    await page.goto(`${base}/activities`);
    await page.locator('li.activity-card[data-activity="Spanish"]').waitFor();
    // Alt+↑ on a focused card's control moves it up within its category.
    await page.getByRole('button', { name: 'Move Spanish up' }).focus();
    await page.keyboard.press('Alt+ArrowUp');
    await expect.poll(() => rowNames('.ordered-list')).toEqual(['Run', 'Stretch', 'Water', 'Sleep by 11', 'Read', 'Spanish', 'Journal', 'Tidy desk']);
    // Focus stays on the control, so a second press moves it again.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Move Spanish up');
    await page.keyboard.press('Alt+ArrowUp');
    await expect.poll(() => rowNames('.ordered-list')).toEqual(['Run', 'Stretch', 'Water', 'Sleep by 11', 'Spanish', 'Read', 'Journal', 'Tidy desk']);
    // The button does the same: Run down one.
    await page.getByRole('button', { name: 'Move Run down' }).click();
    const wanted = ['Stretch', 'Run', 'Water', 'Sleep by 11', 'Spanish', 'Read', 'Journal', 'Tidy desk'];
    await expect.poll(() => rowNames('.ordered-list')).toEqual(wanted);
    await page.reload();
    await page.locator('li.activity-card[data-activity="Spanish"]').waitFor();
    expect(await rowNames('.ordered-list')).toEqual(wanted);
    await shootBoth(page, 'driver-activities');
    await page.goto(`${base}/today`);
    await page.locator('li.today-row').first().waitFor();
    expect(await rowNames('.today-list')).toEqual(wanted);
  });

  it('opens the day’s editor from a heatmap cell; the saved edit shows there and in the entries, edited in place', async () => {
    await page.goto(`${base}/activities/${ids.Read}`);
    const cell = page.locator(`[data-testid="heatmap"] rect[data-date="${day(-5)}"]`);
    await cell.waitFor();
    expect(await cell.getAttribute('data-level')).toBe('0');
    await cell.click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('radio', { name: 'Done' }).check();
    await dialog.getByLabel('Note').fill('Back-filled from the heatmap');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);
    await expect.poll(() => cell.getAttribute('data-level'), { timeout: 15_000 }).not.toBe('0');
    await page.screenshot({ path: join(SHOTS, 'driver-stats-after-edit.png') });

    // The entries: newest first over the last 30 days by default; an edit changes the row in place.
    // Today's 2 of 5 km is in progress there too, not missed.
    await as(base, user).put(`/v1/entries/${day(0)}/${ids.Run}`, { value: 2 });
    await page.goto(`${base}/entries`);
    const rows = page.locator('table.table--entries tbody tr');
    await expect.poll(() => rows.count(), { timeout: 15_000 }).toBe(7);
    expect(await rows.filter({ hasText: 'Run' }).locator('td[data-label="Status"]').textContent()).toBe('In progress');
    const dates = await rows.evaluateAll((trs) => trs.map((tr) => tr.querySelector('a')!.getAttribute('href')!.slice(-10)));
    expect(dates).toEqual([...dates].sort().reverse());
    expect(dates.at(-1)).toBe(day(-5));
    await page.getByRole('button', { name: `Edit the entry of Read on ${day(-5)}` }).click();
    await expect(dialog.getByLabel('Note').inputValue()).resolves.toBe('Back-filled from the heatmap');
    await dialog.getByRole('radio', { name: 'Skipped' }).check();
    await dialog.getByLabel('Note').fill('Rested instead');
    await dialog.getByRole('button', { name: 'Save' }).click();
    const edited = rows.last();
    await expect.poll(() => edited.textContent()).toContain('Rested instead');
    expect(await edited.textContent()).toContain('Skipped');
    await shootBoth(page, 'driver-entries');
  });

  it('follows the system’s light or dark preference, and the account menu’s choice, remembered', async () => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(`${base}/today`);
    await page.locator('li.today-row').first().waitFor();
    const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
    const scheme = () => page.evaluate(() => document.querySelector('meta[name="color-scheme"]')!.getAttribute('content'));
    expect(await theme()).toBe('light');
    expect(await scheme()).toBe('light');
    await shootBoth(page, 'driver-today-light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(theme).toBe('dark');
    await shootBoth(page, 'driver-today-dark');

    // Choose Light in the account menu: it holds against the dark system, after a reload too.
    await page.getByRole('button', { name: /^Account:/ }).click();
    await page.getByRole('menuitemradio', { name: 'Light' }).click();
    await expect.poll(theme).toBe('light');
    await page.reload();
    // Set before the app's script ran: the first paint already has it.
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('light');
    expect(await page.evaluate(() => localStorage.getItem('mosaic.theme'))).toBe('light');
    for (const path of ['/dashboard', `/activities/${ids.Read}`, '/grid', '/entries', '/goals']) {
      await page.goto(`${base}${path}`);
      await page.locator('h1').first().waitFor();
      await page.waitForTimeout(300);
      await shootBoth(page, `driver-light${path.replace(/\//g, '-').replace(/-[0-9a-f-]{20,}$/, '-stats')}`);
    }
    await page.getByRole('button', { name: /^Account:/ }).click();
    await page.getByRole('menuitemradio', { name: 'Dark' }).click();
    await expect.poll(theme).toBe('dark');
    for (const path of ['/dashboard', `/activities/${ids.Read}`]) {
      await page.goto(`${base}${path}`);
      await page.locator('h1').first().waitFor();
      await page.waitForTimeout(300);
      await shootBoth(page, `driver-dark${path.replace(/\//g, '-').replace(/-[0-9a-f-]{20,}$/, '-stats')}`);
    }
    await page.getByRole('button', { name: /^Account:/ }).click();
    await page.getByRole('menuitemradio', { name: 'System' }).click();
    expect(await page.evaluate(() => localStorage.getItem('mosaic.theme'))).toBeNull();
  });

  it('raised no error in the page', () => {
    expect(browser!.pageErrors).toEqual([]);
  });
});
