/**
 * The web app end to end: the built app, served by the real local runtime (`bin/local.ts` on its
 * own data folder), driven through Debian's Chromium by playwright-core. One user's first day:
 * register, sign in, create activities, log them on Today, watch the streak and summary move,
 * read the stats page and the dashboard, set a goal, meet a field error, export, sign out and
 * back in, turn on two-step sign-in and sign in with a code; on a phone, find the pages through the bottom bar and its menu. Screenshots of each
 * main page land in test-results/screenshots/ (desktop 1280×800 and phone 375×812).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, startMosaic, tempDataDir, type RunningMosaic } from '../support/local-process.ts';
import { totp } from '../support/totp.ts';
import { buildWeb, DESKTOP, openBrowser, PHONE, requireChromium, SHOTS, shootBoth, type OpenBrowser } from './support/browser.ts';

const TIMEZONE = 'Europe/Berlin';

let mosaic: RunningMosaic | undefined;
let browser: OpenBrowser | undefined;
let context: BrowserContext;
let page: Page;
let base: string;
/** Content-Security-Policy violations the page reported (its event and the console), over the whole journey. */
const cspViolations: string[] = [];
/** The TOTP secret the journey enrols (read from the security section, as a person would copy it). */
let secret = '';
const user = {
  name: 'Ada Lovelace',
  email: `ada-${Date.now().toString(36)}@example.com`,
  password: 'Correct-Horse-9',
};

/** Today in the user's zone, as the app computes it. */
function todayInZone(): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: TIMEZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date());
  const get = (t: string) => parts.find((p) => p.type === t)!.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** The page as a desktop and as a phone would show it, whole. */
async function shoot(name: string): Promise<void> {
  await shootBoth(page, name);
  await page.waitForTimeout(150);
}

/** One part of the page as a phone shows it, with the page tall enough that no fixed bar covers it. */
async function shootPhone(part: Locator, name: string): Promise<void> {
  await page.setViewportSize(PHONE);
  await page.waitForTimeout(200);
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: PHONE.width, height: Math.min(Math.max(PHONE.height, height), 8000) });
  await page.waitForTimeout(200);
  await part.screenshot({ path: join(SHOTS, `${name}.png`) });
  await page.setViewportSize(DESKTOP);
  await page.waitForTimeout(150);
}

const row = (name: string): Locator => page.locator(`li.today-row[data-activity="${name}"]`);

async function nav(label: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main navigation', exact: true }).getByRole('link', { name: label }).click();
  await expect.poll(() => page.locator('h1').first().textContent()).toContain(label === 'Import & export' ? 'Import' : label);
}

describe('the web app, in Chromium', () => {
  beforeAll(async () => {
    requireChromium();
    buildWeb();
    expect(readFileSync(join(ROOT, 'web/dist/index.html'), 'utf8')).toContain('<div id="root">');

    mosaic = await startMosaic(tempDataDir('e2e'), { MOSAIC_QUIET: '1' });
    base = mosaic.info.url;
    browser = await openBrowser({ timezoneId: TIMEZONE });
    ({ context, page } = browser);
    page.on('console', (message) => {
      if (/Content Security Policy|Content-Security-Policy/i.test(message.text())) cspViolations.push(message.text());
    });
    await page.exposeFunction('reportCspViolation', (violation: string) => cspViolations.push(violation));
    await context.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => {
        void (window as unknown as { reportCspViolation(v: string): Promise<void> }).reportCspViolation(`${e.violatedDirective} ${e.blockedURI}`);
      });
    });
  });

  afterAll(async () => {
    await browser?.close();
    await mosaic?.stop();
  });

  it('starts at sign-in, and registration shows the API’s field errors next to the fields', async () => {
    await page.goto(`${base}/`);
    await expect.poll(() => page.url()).toMatch(/\/signin$/);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await shoot('01-sign-in');

    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByLabel('Display name').fill(user.name);
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    const passwordError = page.locator('.field--error', { has: page.getByLabel('Password') }).locator('.field__error');
    await expect.poll(() => passwordError.textContent()).toContain('at least 10 characters');
    await expect(page.getByLabel('Password').getAttribute('aria-invalid')).resolves.toBe('true');
    // The time zone defaults to the browser's.
    await expect(page.getByLabel('Time zone').inputValue()).resolves.toBe(TIMEZONE);
    await shoot('02-register-error');
  });

  it('registers, signs in and lands on an empty Today', async () => {
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Create account' }).click();
    // The first registration also loads the common-password list (on a busy machine, a second or two).
    await expect.poll(() => page.url(), { timeout: 15_000 }).toMatch(/\/today$/);
    await page.getByText('Nothing to track yet').waitFor();
    // The session survives a reload (tokens in localStorage, user from /v1/me).
    await page.reload();
    await page.getByText('Nothing to track yet').waitFor();
    await page.getByRole('button', { name: `Account: ${user.name}` }).waitFor();
  });

  it('creates a daily check-in, refusing an empty name with the field error', async () => {
    await page.getByRole('link', { name: 'Create your first activity' }).click();
    await page.getByRole('heading', { name: 'New activity' }).waitFor();
    await page.getByRole('button', { name: 'Create activity' }).click();
    const nameError = page.locator('.field--error', { has: page.getByLabel('Name', { exact: true }) }).locator('.field__error');
    await expect.poll(() => nameError.textContent()).toContain('is required');
    await expect(page.getByRole('alert').first().textContent()).resolves.toContain('correct the field');
    await shoot('03-activity-form-error');

    await page.getByLabel('Name', { exact: true }).fill('Meditate');
    await page.getByLabel('Category').fill('mind');
    await page.getByRole('button', { name: 'Create activity' }).click();
    await expect.poll(() => page.url()).toMatch(/\/today$/);
    await row('Meditate').waitFor();
  });

  it('creates a measured activity: 5 km, three times a week', async () => {
    await page.getByRole('link', { name: 'New activity' }).first().click();
    await page.getByLabel('Name', { exact: true }).fill('Run');
    await page.getByLabel('Category').fill('fitness');
    await page.getByLabel('Unit').fill('km');
    await page.getByLabel('Daily goal').fill('5');
    await page.getByLabel('Times a week').check();
    // Once a week: one run meets the week whatever the weekday the test runs on (a 3-a-week
    // habit started on a Monday has a whole week to go, and its streak reads 0 weeks).
    await page.getByLabel('Times per week').selectOption('1');
    await page.getByLabel('Priority').selectOption('high');
    await page.getByRole('button', { name: 'Create activity' }).click();
    await expect.poll(() => page.url()).toMatch(/\/today$/);
    await row('Run').waitFor();
    await expect(page.getByTestId('summary-done').textContent()).resolves.toBe('0');
    await expect(page.getByTestId('summary-expected').textContent()).resolves.toBe('2');
  });

  it('logs both on Today: the status, summary and streak follow, and survive a reload', async () => {
    await row('Meditate').getByRole('button', { name: 'Meditate: done' }).click();
    await expect.poll(() => row('Meditate').getByTestId('row-status').textContent()).toBe('Done');
    await expect.poll(() => row('Meditate').locator('.save-state').textContent()).toContain('Saved');
    await expect(row('Meditate').getByRole('button', { name: 'Meditate: done' }).getAttribute('aria-pressed')).resolves.toBe('true');
    await expect.poll(() => page.getByTestId('summary-done').textContent()).toBe('1');

    await row('Meditate').getByRole('button', { name: 'Meditate: add a note' }).click();
    await row('Meditate').getByLabel('Meditate: note').fill('Ten calm minutes');
    await row('Run').getByLabel('Run: amount in km').fill('6');
    await row('Run').getByLabel('Run: amount in km').press('Tab');
    await expect.poll(() => row('Run').getByTestId('row-status').textContent()).toBe('Done');
    await expect.poll(() => page.getByTestId('summary-done').textContent()).toBe('2');
    await expect(page.getByTestId('summary-expected').textContent()).resolves.toBe('2');
    await expect(page.getByRole('progressbar', { name: 'Done today' }).getAttribute('aria-valuenow')).resolves.toBe('100');

    // Streaks come from the roll-up consumer a moment later; the page reads them again by itself.
    await expect.poll(() => row('Meditate').getByTestId('streak').textContent(), { timeout: 15_000 }).toBe('1 day');
    await expect.poll(() => row('Run').getByTestId('streak').textContent(), { timeout: 15_000 }).toBe('1 week');
    await expect.poll(() => row('Meditate').getByTestId('strength').textContent()).not.toBe('0%');
    await expect.poll(() => row('Meditate').locator('.save-state').textContent()).toContain('Saved');
    await shoot('04-today');

    await page.reload();
    await row('Run').waitFor();
    await expect(row('Run').getByLabel('Run: amount in km').inputValue()).resolves.toBe('6');
    await expect(row('Meditate').getByLabel('Meditate: note').inputValue()).resolves.toBe('Ten calm minutes');
    await expect(page.getByTestId('summary-done').textContent()).resolves.toBe('2');
    await expect(row('Meditate').getByTestId('streak').textContent()).resolves.toBe('1 day');
  });

  it('back-fills on the week grid: one tap per cell, done → skipped → cleared, today as Today says', async () => {
    await nav('Week grid');
    const cell = (name: string, column: number) => page.locator(`tr[data-activity="${name}"] td`).nth(column).getByRole('button');
    // The last column is today: Meditate is done there, as on Today.
    await expect.poll(() => cell('Meditate', 6).getAttribute('aria-label'), { timeout: 15_000 }).toMatch(/: done$/);
    const yesterday = cell('Meditate', 5);
    await expect.poll(() => yesterday.getAttribute('aria-label'), { timeout: 15_000 }).toMatch(/: not due$/);
    await yesterday.click();
    await expect.poll(() => yesterday.getAttribute('aria-label'), { timeout: 15_000 }).toMatch(/: done$/);
    await shoot('04b-week-grid');
    await expect.poll(() => yesterday.isEnabled(), { timeout: 15_000 }).toBe(true);
    await yesterday.click();
    await expect.poll(() => yesterday.getAttribute('aria-label'), { timeout: 15_000 }).toMatch(/: skipped$/);
    await expect.poll(() => yesterday.isEnabled(), { timeout: 15_000 }).toBe(true);
    await yesterday.click();
    // Cleared: once the roll-up consumer has folded the deletion (the tracking start moves back
    // to the activity's start), the page's own re-read shows the day as not due again.
    await expect.poll(() => yesterday.getAttribute('aria-label'), { timeout: 15_000 }).toMatch(/: not due$/);
    await page.reload();
    await expect.poll(() => cell('Meditate', 5).getAttribute('aria-label'), { timeout: 15_000 }).toMatch(/: not due$/);
    await nav('Today');
  });

  it('shows the activity’s stats: heatmap with today at its level, series, trend, figures', async () => {
    await row('Run').getByRole('link', { name: 'Run', exact: true }).click();
    await page.getByRole('heading', { name: 'Run', level: 1, exact: true }).waitFor();
    const heatmap = page.getByTestId('heatmap');
    await heatmap.waitFor();
    expect(await heatmap.locator('rect[data-date]').count()).toBeGreaterThanOrEqual(365);
    // 6 km against a 5 km goal: level 1 + ⌊2 × 1.2⌋ = 3.
    await expect(heatmap.locator(`rect[data-date="${todayInZone()}"]`).getAttribute('data-level')).resolves.toBe('3');
    await expect(page.getByTestId('stats-streak').textContent()).resolves.toBe('1 week');
    await page.getByRole('heading', { name: 'Weekly' }).waitFor();
    await page.getByRole('heading', { name: 'Consistency trend' }).waitFor();
    await shoot('05-activity-stats');
  });

  it('shows the dashboard: today complete, the 30-day strip, categories, top activities', async () => {
    await nav('Dashboard');
    await expect.poll(() => page.getByTestId('dash-today').textContent()).toBe('100%');
    await page.getByTestId('day-strip').waitFor();
    await page.getByRole('rowheader', { name: 'Fitness' }).waitFor();
    await page.getByRole('rowheader', { name: 'Mind' }).waitFor();
    await expect(page.getByRole('heading', { name: 'Most consistent' }).isVisible()).resolves.toBe(true);
    await shoot('06-dashboard');
  });

  it('on a phone, holds the area’s main pages in the bottom bar and the rest in its menu', async () => {
    await page.setViewportSize(PHONE);
    try {
      const bar = page.getByRole('navigation', { name: 'Tracking (phone)' });
      await bar.getByRole('link', { name: 'Today' }).click();
      await expect.poll(() => bar.getByRole('link', { name: 'Today' }).getAttribute('aria-current')).toBe('page');
      await row('Run').waitFor();

      await bar.getByRole('button', { name: 'Menu' }).click();
      const menu = page.getByRole('dialog', { name: 'Menu' });
      await menu.getByRole('link', { name: 'Entries' }).waitFor();
      // Only areas that exist are offered: no link leads to an empty page.
      await expect(menu.getByRole('link', { name: /Admin/ }).count()).resolves.toBe(0);
      await expect(menu.getByRole('link', { name: /Incidents/ }).count()).resolves.toBeGreaterThan(0);
      await expect(menu.getByRole('link', { name: /Listening/ }).count()).resolves.toBeGreaterThan(0);
      await page.waitForTimeout(200);
      await page.screenshot({ path: join(SHOTS, '06-menu-phone.png') });

      await menu.getByRole('link', { name: 'Entries' }).click();
      await expect.poll(() => page.locator('h1').first().textContent()).toBe('Entries');
      await expect.poll(() => menu.isVisible()).toBe(false);
      // The page is not on the bar, so Menu shows where it is.
      await expect(bar.getByRole('button', { name: 'Menu' }).getAttribute('class')).resolves.toContain('tabbar__link--here');
    } finally {
      await page.setViewportSize(DESKTOP);
    }
  });

  it('creates a goal linked to an activity (after the field errors of an empty form)', async () => {
    await nav('Goals');
    await page.getByRole('link', { name: 'Set your first goal' }).click();
    await page.getByRole('button', { name: 'Create goal' }).click();
    const fieldError = (label: string) => page.locator('.field--error', { has: page.getByLabel(label, { exact: true }) }).locator('.field__error');
    await expect.poll(() => fieldError('Name').textContent()).toContain('is required');
    await expect.poll(() => fieldError('Target').textContent()).toContain('is required');

    await page.getByLabel('Name', { exact: true }).fill('Run 100 km');
    await page.getByLabel('Target').fill('100');
    await page.getByLabel('Unit').fill('km');
    await page.getByLabel('Activity 1', { exact: true }).selectOption({ label: 'Run (km)' });
    await page.getByRole('button', { name: 'Create goal' }).click();
    await expect.poll(() => page.url()).toMatch(/\/goals\?saved=/);
    const card = page.locator('.goal-card', { hasText: 'Run 100 km' });
    // Progress is computed from history by a consumer; the page reads it again shortly.
    await expect.poll(() => card.locator('.goal-card__figures').textContent(), { timeout: 15_000 }).toContain('6 / 100');
    await expect(card.getByRole('progressbar').getAttribute('aria-valuenow')).resolves.toBe('6');
    await shoot('07-goals');
  });

  it('lists the entries, the activities, the notifications and the profile', async () => {
    await nav('Entries');
    await expect.poll(() => page.locator('table.table--entries tbody tr').count()).toBe(2);
    await page.getByLabel('Activity', { exact: true }).selectOption({ label: 'Run' });
    await expect.poll(() => page.locator('table.table--entries tbody tr').count()).toBe(1);
    await shoot('08-entries');

    await nav('Activities');
    await page.locator('.activity-card', { hasText: 'Meditate' }).waitFor();
    await shoot('09-activities');

    await page.getByRole('button', { name: /^Notifications, / }).click();
    await page.getByRole('region', { name: 'Latest notifications' }).waitFor();
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: `Account: ${user.name}` }).click();
    await page.getByRole('menuitem', { name: 'Profile' }).click();
    await expect(page.getByLabel('Time zone').inputValue()).resolves.toBe(TIMEZONE);
    await shoot('10-profile');
  });

  it('manages an activity: the API’s 409 on deleting an active one, a pause and its resume', async () => {
    await nav('Activities');
    await page.getByRole('link', { name: 'Edit Meditate' }).click();
    await page.getByRole('heading', { name: 'Edit “Meditate”' }).waitFor();
    await page.getByRole('button', { name: 'Delete activity' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete “Meditate”?' });
    await dialog.getByRole('button', { name: 'Delete for good' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toContain('Archive the activity before deleting it');
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('button', { name: 'Add pause' }).click();
    const status = page.locator('#status-heading');
    await expect.poll(() => status.textContent()).toContain('Paused');
    await expect(page.locator('.pause-list li').count()).resolves.toBe(1);
    await page.getByRole('button', { name: 'Resume now' }).click();
    await expect.poll(() => status.textContent()).toContain('Active');
  });

  it('renews an expired access token with the refresh token, without bothering the user', async () => {
    const before = await page.evaluate(() => JSON.parse(localStorage.getItem('mosaic.session')!) as { accessToken: string; refreshToken: string });
    await page.evaluate((s) => localStorage.setItem('mosaic.session', JSON.stringify({ ...s, accessToken: 'expired.or.forged' })), before);
    await page.goto(`${base}/today`);
    await expect.poll(() => row('Meditate').getByTestId('row-status').textContent()).toBe('Done');
    const after = await page.evaluate(() => JSON.parse(localStorage.getItem('mosaic.session')!) as { accessToken: string });
    expect(after.accessToken).not.toBe('expired.or.forged');
    expect(after.accessToken.split('.')).toHaveLength(3);
  });

  it('exports everything as CSV, and imports a file with its rejected row explained', async () => {
    await nav('Import & export');
    await page.getByRole('button', { name: 'Export CSV' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: 'Ready' }).textContent()).toContain('2 activities, 2 entries');
    // The link is a short-lived download URL of the file the API streamed to the exports bucket.
    const href = await page.getByRole('link', { name: /^Download mosaic-export-.*\.csv$/ }).getAttribute('href');
    const file = await page.request.get(new URL(href!, base).href);
    expect(file.status()).toBe(200);
    const csv = await file.text();
    expect(csv).toContain('date,activity,value,status,note');
    expect(csv).toMatch(/Run,6,done/);

    // And back in: a small CSV with one good row and one bad one, sent inline and processed by the queue consumer.
    const yesterday = new Date(Date.parse(`${todayInZone()}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('File', { exact: true }).setInputFiles({
      name: 'yesterday.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(`date,activity,value,status\n${yesterday},Meditate,,done\n${yesterday},Run,abc,\n`),
    });
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const result = page.locator('.import-result');
    await expect.poll(() => result.textContent(), { timeout: 30_000 }).toContain('Completed');
    await expect(result.locator('dd').first().textContent()).resolves.toBe('1');
    await result.getByText('Rejected rows (1)').click();
    await expect.poll(() => result.locator('.rejections').textContent()).toContain('row 3');
    await shoot('11-data');
  });

  it('signs out, refuses a wrong password, signs back in to the same day, and signs out', async () => {
    await page.getByRole('button', { name: `Account: ${user.name}` }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await expect.poll(() => page.url()).toMatch(/\/signin$/);
    await page.getByText('You are signed out.').waitFor();
    expect(await page.evaluate(() => localStorage.getItem('mosaic.session'))).toBeNull();

    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill('Wrong-Horse-9');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('email or password is wrong');

    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.url()).toMatch(/\/today$/);
    await expect.poll(() => row('Meditate').getByTestId('row-status').textContent()).toBe('Done');

    await page.locator('.sidebar').getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => page.url()).toMatch(/\/signin$/);
    await page.getByText('You are signed out.').waitFor();
  });

  it('turns on two-step sign-in from the profile with an authenticator code, then signs in with a code', async () => {
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.url()).toMatch(/\/today$/);
    await page.getByRole('button', { name: `Account: ${user.name}` }).click();
    await page.getByRole('menuitem', { name: 'Profile' }).click();
    const security = page.locator('#security');
    await expect(security.locator('.chip').first().textContent()).resolves.toBe('Off');
    await security.getByRole('button', { name: 'Set up an authenticator app' }).click();
    await security.getByRole('img', { name: 'QR code of your authenticator key' }).waitFor();
    secret = (await security.getByTestId('totp-secret').textContent())!.replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await shootPhone(security, '12-security-setup-phone');

    await security.getByLabel('Code from the app').fill('000000');
    await security.getByRole('button', { name: 'Turn on' }).click();
    await expect.poll(() => security.locator('.field__error').textContent()).toContain('not the current code');
    await security.getByLabel('Code from the app').fill(totp(secret));
    await security.getByRole('button', { name: 'Turn on' }).click();
    await expect.poll(() => security.locator('.chip').first().textContent()).toBe('On');
    await shootPhone(security, '13-security-on-phone');

    // Signing out ends the session on the server too: its refresh token no longer works.
    const session = await page.evaluate(() => JSON.parse(localStorage.getItem('mosaic.session')!) as { refreshToken: string });
    await page.getByRole('button', { name: `Account: ${user.name}` }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await expect.poll(() => page.url()).toMatch(/\/signin$/);
    await expect
      .poll(async () => (await page.request.post(`${base}/v1/auth/refresh`, { data: { refreshToken: session.refreshToken } })).status())
      .toBe(401);

    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Enter your code' }).waitFor();
    await shoot('14-sign-in-code');
    await page.getByLabel('Authenticator code').fill(totp(secret));
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await expect.poll(() => page.url()).toMatch(/\/today$/);
    await expect.poll(() => row('Meditate').getByTestId('row-status').textContent()).toBe('Done');
    await page.locator('.sidebar').getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => page.url()).toMatch(/\/signin$/);
  });

  it('deletes the account after typing its email and password, and the account is gone', async () => {
    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByLabel('Authenticator code').fill(totp(secret));
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await expect.poll(() => page.url()).toMatch(/\/today$/);
    await page.getByRole('button', { name: `Account: ${user.name}` }).click();
    await page.getByRole('menuitem', { name: 'Profile' }).click();
    await page.getByRole('button', { name: 'Delete my account' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete your account?' });
    const confirm = dialog.getByRole('button', { name: 'Delete everything' });
    await expect(confirm.isDisabled()).resolves.toBe(true);
    await dialog.getByLabel('Your email').fill(user.email);
    await expect(confirm.isDisabled()).resolves.toBe(true);
    await dialog.getByLabel('Your password').fill(user.password);
    await confirm.click();
    await expect.poll(() => page.url()).toMatch(/\/signin$/);
    await page.getByText('Your account and all of its data have been deleted.').waitFor();

    await page.getByLabel('Email').fill(user.email);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('email or password is wrong');
  });

  it('raised no error in the page', () => {
    expect(browser!.pageErrors).toEqual([]);
  });

  it('ran the whole journey under the strict Content-Security-Policy, which nothing violated', async () => {
    const res = await page.request.get(`${base}/`);
    const csp = res.headers()['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(res.headers()['x-frame-options']).toBe('DENY');
    expect(cspViolations).toEqual([]);
  });
});
