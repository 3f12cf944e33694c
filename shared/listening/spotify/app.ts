import { config } from '../../config.ts';
import { ServiceUnavailableError } from '../../kit/errors.ts';
import { appSecret } from '../../secrets/app-secrets.ts';
import type { SpotifyApp } from './client.ts';
import { SANDBOX_CLIENT } from './sandbox-client.ts';


/**
 * The stage's Spotify app: the `spotify-app` secret (Secrets Manager; locally the data folder)
 * when set — real Spotify — else, in the local runtime, its Spotify sandbox; else 503.
 */
export async function spotifyApp(): Promise<SpotifyApp> {
  const secret = await appSecret('spotify-app');
  if (secret) {
    const parsed = JSON.parse(secret) as { clientId?: string; clientSecret?: string };
    if (!parsed.clientId || !parsed.clientSecret) throw new ServiceUnavailableError('The Spotify app secret needs clientId and clientSecret.');
    return { clientId: parsed.clientId, clientSecret: parsed.clientSecret, accountsUrl: 'https://accounts.spotify.com', apiUrl: 'https://api.spotify.com', sandbox: false };
  }
  if (config.SPOTIFY_SANDBOX_URL) return { ...SANDBOX_CLIENT, accountsUrl: config.SPOTIFY_SANDBOX_URL, apiUrl: config.SPOTIFY_SANDBOX_URL, sandbox: true };
  throw new ServiceUnavailableError('Spotify is not configured for this installation.');
}

/** The web app's page Spotify returns to: configured, else the caller's origin. */
export function redirectUri(origin?: string): string {
  if (config.SPOTIFY_REDIRECT_URI) return config.SPOTIFY_REDIRECT_URI;
  const allowed = config.CORS_ORIGINS.split(',').filter(Boolean);
  const base = origin && allowed.includes(origin) ? origin : allowed[0];
  if (!base) throw new ServiceUnavailableError('No web origin to return from Spotify to.');
  return `${base}/listening/connect`;
}
