/**
 * The printable monthly report in Chromium: last month's habits (a strip of days, completion,
 * streak, strength) and goals, reached from the Dashboard; printed (print media: no navigation,
 * goals on their own page) to a PDF with page.pdf().
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { as, newUser, queuesDrained, type TestUser } from '../support/http-client.ts';
import { startMosaic, tempDataDir, type RunningMosaic } from '../support/local-process.ts';
import { buildWeb, openBrowser, requireChromium, SHOTS, shootBoth, signIn, type OpenBrowser } from './support/browser.ts';

let mosaic: RunningMosaic | undefined;
let browser: OpenBrowser | undefined;
let page: Page;
let base: string;
let user: TestUser;

/** Last month (YYYY-MM) in UTC, the zone of the user and the browser. */
const now = new Date();
const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
const month = last.toISOString().slice(0, 7);
const day = (n: number) => `${month}-${String(n).padStart(2, '0')}`;
const monthTitle = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(last);

const habit = (name: string): Locator => page.locator(`article.report-habit[data-activity="${name}"]`);
const dayCell = (name: string, n: number): Locator => habit(name).locator('.report-strip li').nth(n - 1);

describe('the monthly report', () => {
  beforeAll(async () => {
    requireChromium();
    buildWeb();
    mosaic = await startMosaic(tempDataDir('report'));
    base = mosaic.info.url;
    user = await newUser(base, { timezone: 'UTC' });
    const client = as(base, user);
    const run = (await client.post('/v1/activities', { name: 'Run', unit: 'km', goal: 5 })).body;
    const meditate = (await client.post('/v1/activities', { name: 'Meditate' })).body;
    const runs: Array<[number, object]> = [
      [1, { value: 5 }],
      [2, { value: 6 }],
      [3, { value: 5.5 }],
      [4, { status: 'skipped' }],
      [5, { value: 7 }],
    ];
    for (const [n, body] of runs) expect((await client.put(`/v1/entries/${day(n)}/${run.id}`, body)).status).toBe(200);
    for (const n of [1, 2]) expect((await client.put(`/v1/entries/${day(n)}/${meditate.id}`, { status: 'done' })).status).toBe(200);
    const goal = await client.post('/v1/goals', { name: 'Run 100 km', targetValue: 100, unit: 'km', startDate: day(1), links: [{ activityId: run.id, weight: 1 }] });
    expect(goal.status).toBe(201);
    await queuesDrained(base);
    browser = await openBrowser();
    page = browser.page;
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await mosaic?.stop();
  });

  it("opens from the Dashboard and shows last month's habits day by day, with their figures", async () => {
    await signIn(page, base, user);
    await page.goto(`${base}/dashboard`);
    await page.getByRole('link', { name: 'Monthly report' }).click();
    await expect.poll(() => page.url()).toMatch(/\/report$/);
    await page.getByRole('link', { name: 'Previous month' }).click();
    await expect.poll(() => page.url()).toMatch(new RegExp(`/report\\?month=${month}$`));
    await page.getByRole('heading', { name: `Report for ${monthTitle}` }).waitFor();
    await habit('Run').waitFor();

    const marks = async (name: string, days: number[]) => Promise.all(days.map(async (n) => (await dayCell(name, n).getAttribute('class'))!.replace('report-day report-day--', '')));
    expect(await marks('Run', [1, 2, 3, 4, 5])).toEqual(['done', 'done', 'done', 'skipped', 'done']);
    expect(await marks('Meditate', [1, 2, 3])).toEqual(['done', 'done', 'missed']);
    // A finished month is judged to its last day (nothing left open).
    const lastDay = await habit('Run').locator('.report-strip li').count();
    expect(await marks('Run', [lastDay])).toEqual(['missed']);
    expect(await habit('Run').locator('.report-strip li').count()).toBe(new Date(Date.UTC(last.getUTCFullYear(), last.getUTCMonth() + 1, 0)).getUTCDate());
    const figures = await habit('Run').locator('.report-figures').innerText();
    // (innerText as shown: the labels are set in capitals)
    expect(figures).toMatch(/total\n23\.5 km/i);
    expect(figures).toMatch(/completion\n\d+% · 4 of \d+ days/i);
    expect(figures).toMatch(/streak\n\d+ days? \(best 4\)/i);
    expect(await page.locator('article.report-goal[data-goal="Run 100 km"]').innerText()).toContain('23.5 of 100 km');
    await shootBoth(page, 'report-01-month');
  });

  it('prints the report alone: no navigation, goals on a page of their own, a PDF with the habits', async () => {
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('.sidebar').isVisible()).resolves.toBe(false);
    await expect(page.getByRole('button', { name: 'Print' }).isVisible()).resolves.toBe(false);
    const text = await page.locator('#main').innerText();
    expect(text).toContain(`Report for ${monthTitle}`);
    expect(text).toContain('Run');
    expect(text).toContain('Meditate');
    expect(text).toContain('Run 100 km');
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(255, 255, 255)');
    await page.screenshot({ path: join(SHOTS, 'report-02-print.png'), fullPage: true });

    const pdf = await page.pdf({ format: 'A4', printBackground: true });
    writeFileSync(join(SHOTS, 'report.pdf'), pdf);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // Two A4 pages at least: the habits, then the goals after their page break.
    const pages = pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) ?? [];
    expect(pages.length).toBeGreaterThanOrEqual(2);
    expect(pdf.length).toBeGreaterThan(10_000);
    await page.emulateMedia({ media: 'screen' });
    expect(browser!.pageErrors).toEqual([]);
  });
});
