/// <reference types="vite/client" />
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { configureApi } from './api/client.ts';
import { App } from './app/app.tsx';
import './styles.css';
import './styles-offline-report.css';

/**
 * Where the API is: the same origin (as `npm start` serves both), unless the deployment puts a
 * `/config.json` beside the app with `{"apiUrl": "https://…"}` (CloudFront and API Gateway
 * are different origins in the cloud).
 */
async function loadConfig(): Promise<void> {
  try {
    const res = await fetch('/config.json', { headers: { accept: 'application/json' }, cache: 'no-cache' });
    if (!res.ok || !(res.headers.get('content-type') ?? '').includes('json')) return;
    const config = (await res.json()) as { apiUrl?: unknown };
    if (typeof config.apiUrl === 'string') configureApi(config.apiUrl);
  } catch {
    // No config: same origin.
  }
}

/**
 * The service worker (web/service-worker/sw.js, emitted by `vite build` as /sw.js) in every build,
 * never under the dev server (`npm run dev:web`), where a cached shell would fight hot reload.
 * (The mode, not PROD: a build run under NODE_ENV=test, as the browser tests do, is not PROD.)
 * `updateViaCache: 'none'` makes the browser check /sw.js and what it imports past the HTTP cache.
 */
function registerServiceWorker(): void {
  if (import.meta.env.MODE === 'development' || !('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/sw.js', { updateViaCache: 'none' }).catch((error: unknown) => console.warn('Service worker not registered', error));
}

await loadConfig();
registerServiceWorker();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
