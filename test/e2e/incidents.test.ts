/**
 * The incidents pages end to end in Chromium, on a runtime of their own: create a project,
 * connect Alertmanager (the token shown once, the setup steps), receive alerts through the hook,
 * open the incident, acknowledge, comment, resolve. Screenshots (desktop and phone) land in
 * test-results/screenshots/incidents-*.png.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addToAdminGroup } from '../support/admin.ts';
import { call, newUser, type TestUser } from '../support/http-client.ts';
import { startMosaic, tempDataDir, type RunningMosaic } from '../support/local-process.ts';
import { buildWeb, openBrowser, requireChromium, shootBoth, signIn, type OpenBrowser } from './support/browser.ts';

let mosaic: RunningMosaic | undefined;
let browser: OpenBrowser | undefined;
let page: Page;
let base: string;
let user: TestUser;

const shoot = (name: string) => shootBoth(page, `incidents-${name}`);

const alert = (status: 'firing' | 'resolved', fingerprint: string, name: string, severity: string, startsAt: string) =>
  JSON.stringify({
    version: '4',
    status,
    groupKey: `{}:{alertname="${name}"}`,
    alerts: [
      {
        status,
        labels: { alertname: name, severity, service: 'checkout', instance: 'web-1' },
        annotations: { summary: `${name} on web-1`, description: 'p99 above 2 s for 5 minutes' },
        startsAt,
        generatorURL: `http://prometheus.internal:9090/graph?g0.expr=${name}`,
        fingerprint,
      },
    ],
  });

describe('incidents pages, in Chromium', () => {
  beforeAll(async () => {
    requireChromium();
    buildWeb();
    mosaic = await startMosaic(tempDataDir('e2e-incidents'), { MOSAIC_QUIET: '1' });
    base = mosaic.info.url;
    user = await newUser(base);
    browser = await openBrowser({ permissions: ['clipboard-read', 'clipboard-write'] });
    page = browser.page;
  });

  afterAll(async () => {
    await browser?.close();
    await mosaic?.stop();
  });

  it('signs in and creates a project from the projects page', async () => {
    await signIn(page, base, user);
    await page.goto(`${base}/projects`);
    await page.getByText('No projects yet').waitFor();
    await page.getByLabel('Name').fill('Checkout');
    await page.getByRole('button', { name: 'Create project' }).click();
    await expect.poll(() => page.url()).toMatch(/\/projects\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: 'Checkout' }).waitFor();
    await page.getByText('No sources connected').waitFor();
  });

  let token = '';
  let hookUrl = '';

  it('connects Alertmanager: the URL with a copy button, the token once, the setup steps', async () => {
    await page.getByRole('link', { name: 'Connect a source' }).click();
    await page.getByRole('heading', { name: 'Connect a source' }).waitFor();
    await shoot('connect-form');
    await page.getByLabel('Alertmanager').check();
    await page.getByRole('button', { name: 'Make the hook' }).click();
    await page.getByRole('heading', { name: 'Alertmanager connected' }).waitFor();
    hookUrl = (await page.locator('.hook-url__text').first().textContent()) ?? '';
    expect(hookUrl).toMatch(new RegExp(`^${base.replace('localhost', '(localhost|127\\.0\\.0\\.1)')}/v1/hooks/h[A-Za-z0-9_-]{43}$`));
    token = ((await page.locator('.alert--info code').textContent()) ?? '').trim();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await page.getByRole('button', { name: 'Copy the hook URL' }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(hookUrl);
    await expect(page.locator('.steps').textContent()).resolves.toContain('send_resolved');
    await shoot('connect-done');
  });

  it('shows the incidents that alerts through the hook open, by severity', async () => {
    const path = new URL(hookUrl).pathname;
    const post = (body: string) => call(base, 'POST', path, { raw: body, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` } });
    expect((await post(alert('firing', 'fp-lat', 'HighLatency', 'critical', '2026-03-01T10:00:00Z'))).status).toBe(202);
    await page.getByRole('link', { name: 'Back to the project' }).click();
    await expect.poll(async () => page.locator('.incident-row').count(), { timeout: 20_000, interval: 500 }).toBeGreaterThan(0);
    // A second alert of the same service once the first has opened its incident: it joins that
    // incident (sent together, either may open it, and the incident is named after the opener).
    expect((await post(alert('firing', 'fp-err', 'ErrorRate', 'warning', '2026-03-01T10:01:00Z'))).status).toBe(202);
    const row = page.locator('.incident-row').first();
    await expect
      .poll(
        async () => {
          await page.reload();
          return row.textContent();
        },
        { timeout: 20_000, interval: 500 },
      )
      .toContain('2 signals');
    await expect(row.textContent()).resolves.toContain('HighLatency');
    await expect(row.textContent()).resolves.toContain('critical');
    await shoot('project');
    await page.goto(`${base}/projects`);
    await page.getByText('1 critical').waitFor();
    await shoot('projects');
  });

  it('opens the incident: both sources, acknowledge, comment, resolve, and the timeline says who did what', async () => {
    await page.getByRole('link', { name: 'Checkout' }).click();
    await page.locator('.incident-row__title').first().click();
    await page.getByRole('heading', { name: /HighLatency/ }).waitFor();
    await expect.poll(() => page.locator('.member-row').count()).toBe(2);
    // Each source names its resource (the instance label) and links to its rule at the source.
    await expect(page.locator('.member-row').first().textContent()).resolves.toContain('web-1');
    const links = await page.locator('.member-row a').evaluateAll((els) => els.map((a) => [a.getAttribute('href'), a.getAttribute('rel')]));
    expect(links.map(([href]) => href).sort()).toEqual(['http://prometheus.internal:9090/graph?g0.expr=ErrorRate', 'http://prometheus.internal:9090/graph?g0.expr=HighLatency']);
    expect(links.every(([, rel]) => rel === 'noopener noreferrer')).toBe(true);
    // A signal's entry: its resource, the description's first line, a link to the source.
    const signal = page.locator('.timeline__entry--signal').first();
    await expect(signal.textContent()).resolves.toMatch(/\(web-1\)p99 above 2 s for 5 minutes open at the source ↗/);
    await page.getByRole('button', { name: 'Acknowledge' }).click();
    await page.locator('.chip', { hasText: 'acknowledged' }).first().waitFor();
    await page.getByLabel('Comment').fill('Rolling back release 42');
    await page.getByRole('button', { name: 'Add' }).click();
    await page.getByText('“Rolling back release 42”').or(page.locator('q', { hasText: 'Rolling back release 42' })).first().waitFor();
    await shoot('incident');
    await page.getByRole('button', { name: 'Resolve' }).click();
    await page.getByRole('button', { name: 'Reopen' }).waitFor();
    // The status answers first; the timeline is read again after it (CI run 22 read it in between).
    await page.locator('.timeline__entry--resolved').waitFor();
    const kinds = await page.locator('.timeline__entry').evaluateAll((els) => els.map((e) => e.className.replace('timeline__entry timeline__entry--', '')));
    expect(kinds).toEqual(['opened', 'signal', 'signal', 'acknowledged', 'comment', 'resolved']);
    // Who did what, named once: "Ada acknowledged.", and "Ada: …" (in quotation marks) for a comment.
    const said = await page.locator('.timeline__entry > span').evaluateAll((els) => els.slice(3).map((e) => e.textContent));
    expect(said).toEqual([expect.stringMatching(/^[^:]+ acknowledged\.$/), expect.stringMatching(/^[^:]+: Rolling back release 42$/), expect.stringMatching(/^[^:]+ resolved\.$/)]);
    await shoot('incident-resolved');
  });

  it('connects an AWS account to pull CloudWatch from; its test says what happened', async () => {
    await page.goto(`${base}/projects`);
    await page.getByRole('link', { name: 'Checkout' }).click();
    const form = page.getByRole('form', { name: 'Pull CloudWatch from an AWS account' });
    await form.getByLabel('Region').fill('eu-west-1');
    await form.getByLabel('Role ARN').fill('mosaic-read');
    await form.getByLabel('External id').fill('mosaic-ext-7f3a');
    await form.getByRole('button', { name: 'Connect the account' }).click();
    await form.getByText(/roleArn must be an IAM role ARN/).waitFor();
    await form.getByLabel('Role ARN').fill('arn:aws:iam::123456789012:role/mosaic-read');
    await form.getByLabel('Log groups (optional)').fill('/aws/lambda/checkout');
    await form.getByRole('button', { name: 'Connect the account' }).click();
    const card = page.locator('.hook-card', { hasText: 'eu-west-1' });
    await card.getByText('not pulled yet').waitFor();
    await card.getByText('credentials …read').waitFor();
    await card.getByRole('button', { name: 'Test connection' }).click();
    await card.getByRole('status').filter({ hasText: 'Test failed: CloudWatch pulls run in the cloud only' }).waitFor();
    await shoot('pull-sources');
  });

  it('shows an administrator the system project "Mosaic local" with a system badge; a plain user does not see it', async () => {
    await page.goto(`${base}/projects`);
    await page.locator('.project-card', { hasText: 'Checkout' }).waitFor();
    expect(await page.locator('.project-card', { hasText: 'Mosaic local' }).count()).toBe(0);
    await page.evaluate(() => localStorage.clear());
    const admin = await newUser(base);
    await addToAdminGroup(mosaic!.info, admin.email);
    await signIn(page, base, admin);
    await page.goto(`${base}/projects`);
    const card = page.locator('.project-card', { hasText: 'Mosaic local' });
    await card.waitFor();
    await card.locator('.chip', { hasText: 'system' }).waitFor();
    await card.locator('.chip', { hasText: 'responder' }).waitFor();
    await shoot('projects-admin');
    await card.getByRole('link', { name: 'Mosaic local' }).click();
    await page.getByRole('heading', { name: 'Mosaic local', level: 1 }).waitFor();
    await page.locator('.chip', { hasText: 'system' }).first().waitFor();
    await shoot('system-project');
  });

  it('raised no error in the page', () => {
    expect(browser!.pageErrors).toEqual([]);
  });
});
