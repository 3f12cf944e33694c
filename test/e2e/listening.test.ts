/**
 * The listening pages in Chromium: connect Spotify through the sandbox's consent page, let the
 * collector run, then the overview (range picker, top lists, heatmap, timeline), an artist page,
 * podcasts and audiobooks, and a personal access token created on the profile page. Screenshots
 * (desktop and phone) land in test-results/screenshots/listening-*.png.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, newUser, type TestUser } from '../support/http-client.ts';
import { startMosaic, tempDataDir, type RunningMosaic } from '../support/local-process.ts';
import { accountMusicRow, accountPodcastRow, asAccountFile, asStreamingFile, episode, streamingRow } from '../support/spotify-export.ts';
import { zipFiles } from '../support/zip-writer.ts';
import { buildWeb, openBrowser, requireChromium, SHOTS, shootBoth, type OpenBrowser } from './support/browser.ts';

let mosaic: RunningMosaic | undefined;
let browser: OpenBrowser | undefined;
let page: Page;
let base: string;
let user: TestUser;
const STORAGE_KEY = 'mosaic.session';

const shoot = (name: string) => shootBoth(page, `listening-${name}`);

describe('listening pages, in Chromium', () => {
  beforeAll(async () => {
    requireChromium();
    buildWeb();
    mosaic = await startMosaic(tempDataDir('e2e-listening'), { MOSAIC_QUIET: '1' });
    base = mosaic.info.url;
    user = await newUser(base, { timezone: 'Europe/Berlin' });
    browser = await openBrowser({ timezoneId: 'Europe/Berlin', defaultTimeoutMs: 20_000 });
    page = browser.page;
    // Signed in as the test user (the session the app keeps in localStorage).
    await page.goto(`${base}/signin`);
    await page.evaluate(
      ([key, session]) => localStorage.setItem(key!, session!),
      [STORAGE_KEY, JSON.stringify({ accessToken: user.token, refreshToken: user.refreshToken })],
    );
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await mosaic?.stop();
  });

  it('imports a Spotify export from the empty overview: upload, the run\'s counts and files, and a clear error for a ZIP without history', async () => {
    await page.goto(`${base}/listening`);
    await page.getByRole('link', { name: 'import your Spotify data export' }).click();
    await page.getByRole('heading', { name: 'Import Spotify history' }).waitFor();
    const ts = (m: number) => new Date(Date.UTC(2023, 5, 1, 20, m, 9)).toISOString().replace('.000Z', 'Z');
    const rows = [1, 2, 3].map((n) => streamingRow({ ts: ts(n * 4), master_metadata_track_name: `Song ${n}`, spotify_track_uri: `spotify:track:0aaaaaaaaaaaaaaaaaaaa${n}` }));
    const zip = zipFiles([
      { name: 'Spotify Extended Streaming History/Streaming_History_Audio_2023.json', data: asStreamingFile([...rows, streamingRow({ ts: ts(30), ...episode() })]) },
      { name: 'Spotify Account Data/StreamingHistory_music_0.json', data: asAccountFile(rows.map((r, i) => accountMusicRow(r.ts.slice(0, 16).replace('T', ' '), 'The Quiet Tides', `Song ${i + 1}`, r.ms_played))) },
      { name: 'Spotify Extended Streaming History/ReadMeFirst_ExtendedStreamingHistory.pdf', data: '%PDF-1.7' },
    ]);
    await page.getByLabel('Export (ZIP or JSON)').setInputFiles({ name: 'my_spotify_data.zip', mimeType: 'application/zip', buffer: zip });
    await page.getByRole('button', { name: 'Import' }).click();
    const run = page.getByRole('region', { name: /my_spotify_data\.zip/ });
    await run.getByText('Completed', { exact: true }).waitFor({ timeout: 60_000 });
    await expect.poll(() => run.locator('.ldl').textContent()).toMatch(/Plays read7.*New4.*Also in another source \(merged\)3/);
    await run.getByRole('table', { name: 'Files' }).getByText('Account data: music').waitFor();
    await run.getByRole('table', { name: 'Files' }).getByText('Not listening history').waitFor();
    // Why a file was not read is shown, not only in a tooltip.
    await run.getByRole('table', { name: 'Files' }).getByText('Not a Spotify history file: it is a PDF (Spotify adds one to explain the files).').waitFor();
    await shoot('import');

    await page.getByLabel('Export (ZIP or JSON)').setInputFiles({ name: 'other.zip', mimeType: 'application/zip', buffer: zipFiles([{ name: 'notes.json', data: '{"a":1}' }]) });
    await page.getByRole('button', { name: 'Import' }).click();
    const failed = page.getByRole('region', { name: /other\.zip/ });
    await failed.getByRole('alert').getByText(/No Spotify listening history in this upload, so nothing was imported/).waitFor({ timeout: 60_000 });
    await page.getByRole('region', { name: 'Earlier imports' }).getByText('other.zip').waitFor();
    await shoot('import-failed');

    // Several files picked together (a loose account-data file and an extended ZIP): one import of a ZIP the page makes.
    const podcast = asAccountFile([accountPodcastRow(ts(30).slice(0, 16).replace('T', ' '), 'Coastal Notes', 'Tide Tables, Part 2', 201_000)]);
    const video = zipFiles([{ name: 'Spotify Extended Streaming History/Streaming_History_Video_2023.json', data: asStreamingFile([streamingRow({ ts: ts(50) })]) }]);
    await page.getByLabel('Export (ZIP or JSON)').setInputFiles([
      { name: 'StreamingHistory_podcast_0.json', mimeType: 'application/json', buffer: Buffer.from(podcast) },
      { name: 'my_spotify_data.zip', mimeType: 'application/zip', buffer: video },
    ]);
    await page.getByRole('button', { name: 'Import' }).click();
    const both = page.getByRole('region', { name: /spotify-files-2\.zip/ });
    await both.getByText('Completed', { exact: true }).waitFor({ timeout: 60_000 });
    // The podcast play is the episode of the first import; the video is new.
    await expect.poll(() => both.locator('.ldl').textContent()).toMatch(/Plays read2.*New1.*Also in another source \(merged\)1/);
    await both.getByRole('table', { name: 'Files' }).getByText('Account data: podcasts').waitFor();
    await both.getByRole('table', { name: 'Files' }).getByText('my_spotify_data.zip › Streaming_History_Video_2023.json').waitFor();
    await shoot('import-several');
  }, 120_000);

  it('connects Spotify through the consent page and shows the collector', async () => {
    await page.goto(`${base}/listening/connect`);
    await page.getByRole('button', { name: 'Connect Spotify' }).click();
    await page.getByRole('heading', { name: 'Spotify sandbox' }).waitFor();
    await page.getByRole('link', { name: 'Agree' }).click();
    await expect.poll(() => page.url()).toBe(`${base}/listening/connect`);
    await page.getByText('Connected', { exact: true }).waitFor();
    expect((await call(base, 'POST', '/_local/schedules/listening-collector')).status).toBe(200);
    await expect
      .poll(
        async () => {
          await page.reload();
          return page.locator('.ldl').textContent();
        },
        { timeout: 90_000, interval: 3000 },
      )
      .toMatch(/done \(\d+ plays/);
    await page.getByRole('table').getByText('initial-sync').waitFor();
    await shoot('connect');
  }, 120_000);

  it('shows the overview with a range picker, top lists, heatmap and timeline, and an artist page', async () => {
    await page.goto(`${base}/listening`);
    await page.getByRole('region', { name: 'Top artists' }).getByRole('link').first().waitFor();
    await page.getByRole('button', { name: 'All time' }).click();
    await page.getByRole('button', { name: 'By time' }).click();
    await page.getByRole('table', { name: /Minutes listened by weekday and hour/ }).waitFor();
    await page.getByRole('region', { name: 'Timeline' }).getByText('api').first().waitFor();
    // Every chart names its axes and unit.
    const time = page.getByRole('region', { name: 'Listening time' });
    await expect.poll(() => time.locator('.lbars__axis').allTextContents()).toEqual(['Month', 'Minutes listened (min)']);
    await expect.poll(() => time.locator('.lbars__ticks').textContent()).toMatch(/^0\d+ min$/);
    await expect.poll(() => page.getByRole('region', { name: 'When you listen' }).locator('.lheat__axis').textContent()).toBe('Hour of day (0–23, local time)');
    await shoot('overview');
    await page.getByRole('region', { name: 'Top artists' }).getByRole('link').first().click();
    await page.getByRole('region', { name: 'Top tracks' }).locator('li').first().waitFor();
    await expect.poll(() => page.getByRole('region', { name: 'By year' }).locator('.lbars__axis').allTextContents()).toEqual(['Year', 'Minutes listened (min)']);
    await shoot('artist');
    await page.goto(`${base}/listening/shows`);
    await page.getByRole('heading', { name: 'Podcasts & audiobooks' }).waitFor();
    await shoot('shows');
    // Only the page the user is on is current in the navigation, not the area's Overview too.
    const pages = page.locator('nav[aria-label="Main navigation"] ul[aria-label="Listening"]');
    expect(await pages.getByRole('link', { name: 'Podcasts & books' }).getAttribute('aria-current')).toBe('page');
    expect(await pages.getByRole('link', { name: 'Overview' }).getAttribute('aria-current')).toBeNull();
    expect(await pages.locator('[aria-current="page"]').count()).toBe(1);
  }, 60_000);

  it('creates a personal access token on the profile page, shown once', async () => {
    await page.goto(`${base}/profile`);
    const section = page.getByRole('region', { name: 'Access tokens' });
    await section.getByLabel('Name').fill('Claude Desktop');
    await section.getByRole('button', { name: 'Create token' }).click();
    await expect.poll(() => page.getByTestId('new-token').textContent()).toMatch(/^mosaic_pat_/);
    await section.getByText('Claude Desktop').waitFor();
    await page.getByRole('region', { name: 'Access tokens' }).screenshot({ path: join(SHOTS, 'listening-tokens-desktop.png') });
    expect(browser!.pageErrors).toEqual([]);
  });
});
