import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The web app: `web/index.html` + `web/src` → `web/dist` (served at `/` by `npm start`, deployed
 * by the web stack; without a build both fall back to `web/public`, a page saying so).
 * `npm run dev:web` serves it with hot reload and forwards `/v1` to a running `npm start`.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  plugins: [react()],
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
