import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const STATIC = fileURLToPath(new URL('static', import.meta.url));
const SW_TEMPLATE = fileURLToPath(new URL('service-worker/sw.js', import.meta.url));

/**
 * Emits `/sw.js` from web/service-worker/sw.js with this build's app shell (index.html, every
 * emitted script, style and asset, and the static files but the push add-on, which the worker
 * imports itself) and a version derived from those names, so a new build is a new worker whose
 * cache replaces the old one. Built only by `vite build`: the dev server has no worker.
 */
function serviceWorker(): Plugin {
  return {
    name: 'mosaic-service-worker',
    apply: 'build',
    generateBundle(_options, bundle) {
      const built = Object.keys(bundle).filter((f) => !f.endsWith('.map') && f !== 'index.html');
      const statics = readdirSync(STATIC).filter((f) => f !== 'sw-push.js' && f !== 'sw.js');
      const shell = ['/index.html', ...[...statics, ...built].sort().map((f) => `/${f}`)];
      const template = readFileSync(SW_TEMPLATE, 'utf8');
      const version = createHash('sha256').update(template).update(shell.join('\n')).digest('hex').slice(0, 12);
      const source = template.replace('__MOSAIC_SW_VERSION__', version).replace("'__MOSAIC_SW_SHELL__'", JSON.stringify(JSON.stringify(shell)));
      this.emitFile({ type: 'asset', fileName: 'sw.js', source });
    },
  };
}

/**
 * The web app: `web/index.html` + `web/src` → `web/dist` (served at `/` by `npm start`, deployed
 * by the web stack; without a build both fall back to `web/public`, a page saying so).
 * `npm run dev:web` serves it with hot reload and forwards `/v1` to a running `npm start`.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react(), serviceWorker()],
  // Copied as is into the build. (web/public holds the page served when there is no build.)
  publicDir: 'static',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    chunkSizeWarningLimit: 600,
  },
  server: {
    proxy: { '/v1': process.env.MOSAIC_API ?? 'http://localhost:3000' },
  },
});
