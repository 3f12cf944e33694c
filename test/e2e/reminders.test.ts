/**
 * Reminders in Chromium: a reminder time set in the activity form, the reminder schedule run at
 * that minute, and the open tab's bell showing it (pushed over the WebSocket, no reload); the
 * Notifications page lists it beside the "Turn on push notifications" switch. The push itself to
 * a push service is checked in test/integration/reminders.test.ts (headless Chromium has no push
 * service). Screenshots land in test-results/screenshots/ (reminders-*.png).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localToInstant } from '../../shared/reminders/slots.ts';
import { as, call, newUser, type TestUser } from '../support/http-client.ts';
import { startMosaic, tempDataDir, type RunningMosaic } from '../support/local-process.ts';
import { openBrowser, requireChromium, shootBoth, signIn, type OpenBrowser } from './support/browser.ts';

let mosaic: RunningMosaic;
let browser: OpenBrowser | undefined;
let base: string;
let user: TestUser;

describe('reminders, in Chromium', () => {
  beforeAll(async () => {
    requireChromium();
    // The web app is built by `npm test`'s pretest.
    mosaic = await startMosaic(tempDataDir('e2e-reminders'), { MOSAIC_QUIET: '1' });
    base = mosaic.info.url;
    user = await newUser(base, { timezone: 'UTC' });
    browser = await openBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await mosaic?.stop();
  });

  it('sets a reminder time in the activity form; when it comes, the bell shows it', async () => {
    const { page, pageErrors } = browser!;
    await signIn(page, base, user);
    const soon = new Date(Date.now() + 10 * 60_000);
    const time = soon.toISOString().slice(11, 16);

    await page.goto(`${base}/activities/new`);
    await page.getByLabel('Name').fill('Evening stretch');
    await page.getByRole('button', { name: 'Add a reminder' }).click();
    await page.getByLabel('Reminder 1', { exact: true }).fill(time);
    await shootBoth(page, 'reminders-form');
    await page.getByRole('button', { name: 'Create activity' }).click();
    await expect.poll(() => page.url()).toMatch(/\/today$/);
    const [activity] = (await as(base, user).get('/v1/activities')).body.items;
    expect(activity).toMatchObject({ name: 'Evening stretch', reminders: [time] });

    await expect.poll(() => page.getByRole('button', { name: /^Notifications, / }).getAttribute('aria-label')).toBe('Notifications, none unread');
    const at = localToInstant(soon.toISOString().slice(0, 10), time, 'UTC');
    const run = await call(base, 'POST', '/_local/schedules/reminders', { json: { scheduledTime: new Date(at.getTime() + 60_000).toISOString() } });
    expect(run.status, run.text).toBe(200);
    expect(run.body).toMatchObject({ sent: 1 });

    // Pushed over the WebSocket: the toast and the bell, without a reload.
    await page.getByText('Reminder: Evening stretch').waitFor();
    await expect.poll(() => page.getByRole('button', { name: /^Notifications, / }).getAttribute('aria-label')).toBe('Notifications, 1 unread');
    await page.getByRole('button', { name: 'Notifications, 1 unread' }).click();
    const panel = page.getByRole('region', { name: 'Latest notifications' });
    await panel.getByText('Evening stretch', { exact: true }).waitFor();
    await expect.poll(() => panel.getByText(`It is ${time}: time for Evening stretch.`).count()).toBe(1);

    await page.goto(`${base}/notifications`);
    await page.getByText('Reminder', { exact: true }).first().waitFor();
    await page.getByRole('button', { name: 'Turn on push notifications' }).waitFor();
    await shootBoth(page, 'reminders-notifications');
    expect(pageErrors).toEqual([]);
  });
});
