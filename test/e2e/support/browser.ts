/**
 * What every browser test shares: Debian's Chromium driven by playwright-core, the web build the
 * runtime serves, a signed-in page, and screenshots at desktop and phone widths (whole pages, in
 * test-results/screenshots/, to be looked at).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type BrowserContextOptions, type Page } from 'playwright-core';
import { expect } from 'vitest';
import type { TestUser } from '../../support/http-client.ts';
import { ROOT } from '../../support/local-process.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SHOTS = join(ROOT, 'test-results/screenshots');
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 375, height: 812 };

/** Fails with how to install Chromium when it is missing; makes the screenshot folder. */
export function requireChromium(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM}. Install it with \`apt-get update && apt-get install -y chromium\` (as root), or set CHROMIUM_PATH.`);
  }
  mkdirSync(SHOTS, { recursive: true });
}

/**
 * Builds the web app the runtime serves. Old hashed files are left in place (not emptied), so a
 * concurrent reader of web/dist (the infra tests' synth) never sees a half-deleted folder.
 */
export function buildWeb(): void {
  execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'web/vite.config.ts', '--emptyOutDir=false', '--logLevel=warn'], {
    cwd: ROOT,
    stdio: 'pipe',
  });
}

export interface OpenBrowser {
  context: BrowserContext;
  /** The context's first page. */
  page: Page;
  /** Uncaught errors of that page (a test expects none). */
  pageErrors: string[];
  close(): Promise<void>;
}

/** A fresh Chromium profile at desktop size (English, UTC unless `options` say otherwise). */
export async function openBrowser(options: BrowserContextOptions & { defaultTimeoutMs?: number } = {}): Promise<OpenBrowser> {
  const { defaultTimeoutMs = 15_000, ...contextOptions } = options;
  const profileDir = mkdtempSync(join(tmpdir(), 'mosaic-chromium-'));
  const context = await chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: DESKTOP,
    locale: 'en-GB',
    timezoneId: 'UTC',
    ...contextOptions,
  });
  context.setDefaultTimeout(defaultTimeoutMs);
  const page = context.pages()[0] ?? (await context.newPage());
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return {
    context,
    page,
    pageErrors,
    close: async () => {
      await context.close();
      rmSync(profileDir, { recursive: true, force: true });
    },
  };
}

/** Signs in through the sign-in form and waits for Today. */
export async function signIn(page: Page, base: string, who: Pick<TestUser, 'email' | 'password'>): Promise<void> {
  await page.goto(`${base}/signin`);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect.poll(() => page.url(), { timeout: 15_000 }).toMatch(/\/today$/);
}

/** The whole page at the current width (the viewport grows to the page's height, then returns). */
export async function shootPage(page: Page, file: string, maxHeight = 8000): Promise<void> {
  const size = page.viewportSize()!;
  await page.waitForTimeout(300); // charts measure their width on resize
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: size.width, height: Math.min(Math.max(size.height, height), maxHeight) });
  await page.waitForTimeout(200);
  await page.screenshot({ path: join(SHOTS, file) });
  await page.setViewportSize(size);
}

/** The page as a desktop and as a phone show it, whole: `<name>-desktop.png` and `<name>-phone.png`. */
export async function shootBoth(page: Page, name: string): Promise<void> {
  for (const [label, size] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    await page.setViewportSize(size);
    await shootPage(page, `${name}-${label}.png`);
  }
  await page.setViewportSize(DESKTOP);
}
