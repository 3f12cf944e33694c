/**
 * Renders the app's PNG icons (web manifest, home screen) from its SVGs with the Chromium the
 * browser tests use: web/static/favicon.svg → icon-192.png, icon-512.png, apple-touch-icon.png;
 * web/icons/maskable.svg (full-bleed, the tiles inside the central safe zone) → icon-maskable-512.png.
 * The PNGs are committed; run `node bin/make-icons.ts` again after changing an SVG.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from '../test/e2e/support/browser.ts';

const ROOT = join(import.meta.dirname, '..');
const STATIC = join(ROOT, 'web/static');
const icons = [
  { svg: join(STATIC, 'favicon.svg'), out: 'icon-192.png', size: 192 },
  { svg: join(STATIC, 'favicon.svg'), out: 'icon-512.png', size: 512 },
  { svg: join(STATIC, 'favicon.svg'), out: 'apple-touch-icon.png', size: 180 },
  { svg: join(ROOT, 'web/icons/maskable.svg'), out: 'icon-maskable-512.png', size: 512 },
];

const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
try {
  const page = await browser.newPage();
  for (const icon of icons) {
    await page.setViewportSize({ width: icon.size, height: icon.size });
    const svg = readFileSync(icon.svg, 'utf8').replace('<svg ', `<svg width="${icon.size}" height="${icon.size}" `);
    await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
    await page.screenshot({ path: join(STATIC, icon.out), omitBackground: true, clip: { x: 0, y: 0, width: icon.size, height: icon.size } });
    console.log(`web/static/${icon.out} (${icon.size}×${icon.size})`);
  }
} finally {
  await browser.close();
}
