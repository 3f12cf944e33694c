import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { SANDBOX_CLIENT } from '../../shared/listening/spotify/sandbox-client.ts';

/**
 * The Spotify sandbox of the local runtime: Spotify's accounts service (authorize with PKCE,
 * token, refresh) and the two Web API calls Mosaic makes (`GET /v1/me`,
 * `GET /v1/me/player/recently-played` with `after`/`before`), in their real shapes, over a
 * generated but plausible listening life per sandbox account (sessions in the morning and the
 * evening, albums played through, favourite artists). Tokens are signed, not stored, so they
 * outlive a restart. Test controls under `/sandbox/…` revoke a grant, expire tokens and inject
 * 429/5xx answers. Differences from Spotify: consent needs no login (the account is named by
 * `sandbox_user`, else derived from the PKCE challenge), and `before` pages back further than
 * Spotify's 50 plays, so the initial sync's stop conditions can be exercised.
 */

export interface SpotifySandbox {
  url: string;
  close(): Promise<void>;
}

interface Fault {
  status: number;
  count: number;
  retryAfter?: number;
}

const ACCESS_TTL_S = 3600;
/** How far back a sandbox account's life goes. */
const LIFE_DAYS = 30;

// A tiny deterministic PRNG (mulberry32) seeded by strings.
function rng(seed: string): () => number {
  let a = createHash('sha256').update(seed).digest().readUInt32LE(0);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = ['Amber', 'Harbour', 'Velvet', 'Northern', 'Paper', 'Silver', 'Quiet', 'Electric', 'Hollow', 'Golden', 'Winter', 'Neon', 'Coral', 'Static', 'Lantern', 'Echo', 'Morning', 'Wild', 'Glass', 'Distant'];
const NOUNS = ['Tides', 'Lights', 'Rivers', 'Foxes', 'Machines', 'Gardens', 'Signals', 'Parade', 'Orchard', 'Satellites', 'Birds', 'Hearts', 'Waves', 'Canyons', 'Rooms'];

interface CatalogTrack {
  id: string;
  name: string;
  durationMs: number;
  trackNumber: number;
  album: { id: string; name: string; releaseDate: string };
  artist: { id: string; name: string };
}

function spotifyId(seed: string): string {
  const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
  const bytes = createHash('sha256').update(seed).digest();
  return Array.from({ length: 22 }, (_, i) => alphabet[bytes[i]! % 62]).join('');
}

/** A listener's catalogue: 30 artists, 3 albums each, 8–12 tracks per album. */
function catalog(user: string): CatalogTrack[][] {
  const random = rng(`catalog:${user}`);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const albums: CatalogTrack[][] = [];
  for (let a = 0; a < 30; a++) {
    const artist = { id: spotifyId(`${user}:artist:${a}`), name: `${random() < 0.4 ? 'The ' : ''}${pick(WORDS)} ${pick(NOUNS)}` };
    for (let b = 0; b < 3; b++) {
      const album = { id: spotifyId(`${user}:album:${a}:${b}`), name: `${pick(WORDS)} ${pick(NOUNS)}`, releaseDate: `${2000 + Math.floor(random() * 25)}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}` };
      const count = 8 + Math.floor(random() * 5);
      albums.push(
        Array.from({ length: count }, (_, t) => ({
          id: spotifyId(`${user}:track:${a}:${b}:${t}`),
          name: `${pick(WORDS)} ${pick(NOUNS)}`,
          durationMs: 150_000 + Math.floor(random() * 180_000),
          trackNumber: t + 1,
          album,
          artist,
        })),
      );
    }
  }
  return albums;
}

const catalogs = new Map<string, CatalogTrack[][]>();

interface LifePlay {
  playedAt: number;
  track: CatalogTrack;
  context: string | null;
}

/** The plays of one day (UTC): deterministic per account and day. */
function dayPlays(user: string, day: number): LifePlay[] {
  let albums = catalogs.get(user);
  if (!albums) catalogs.set(user, (albums = catalog(user)));
  const random = rng(`day:${user}:${day}`);
  const plays: LifePlay[] = [];
  // A favourite few artists get most of the plays (Zipf-like).
  const favourite = () => albums[Math.min(albums.length - 1, Math.floor(albums.length * random() ** 1.6))]!;
  const sessions: Array<[number, number]> = [];
  if (random() < 0.7) sessions.push([7 + random() * 2, 4 + Math.floor(random() * 10)]);
  if (random() < 0.4) sessions.push([12 + random(), 3 + Math.floor(random() * 6)]);
  if (random() < 0.85) sessions.push([18 + random() * 4, 6 + Math.floor(random() * 18)]);
  for (const [hour, count] of sessions) {
    let at = day * 86_400_000 + Math.floor(hour * 3_600_000);
    let album = favourite();
    let index = Math.floor(random() * album.length);
    for (let i = 0; i < count; i++) {
      if (index >= album.length || random() < 0.25) {
        album = favourite();
        index = Math.floor(random() * album.length);
      }
      const track = album[index++]!;
      at += track.durationMs;
      plays.push({ playedAt: at, track, context: random() < 0.6 ? `spotify:album:${track.album.id}` : null });
    }
  }
  return plays;
}

/** Plays with `from < playedAt < to`, newest first, at most `limit` — from the end nearest `anchor`. */
function lifeBetween(user: string, from: number, to: number, limit: number, anchor: 'newest' | 'oldest', createdAt: number): LifePlay[] {
  const start = Math.max(from, createdAt - LIFE_DAYS * 86_400_000);
  const out: LifePlay[] = [];
  if (anchor === 'newest') {
    for (let day = Math.floor(to / 86_400_000); day >= Math.floor(start / 86_400_000) && out.length < limit; day--) {
      const plays = dayPlays(user, day).filter((p) => p.playedAt > start && p.playedAt < to).reverse();
      out.push(...plays.slice(0, limit - out.length));
    }
    return out;
  }
  for (let day = Math.floor(start / 86_400_000); day <= Math.floor(to / 86_400_000) && out.length < limit; day++) {
    const plays = dayPlays(user, day).filter((p) => p.playedAt > start && p.playedAt < to);
    out.push(...plays.slice(0, limit - out.length));
  }
  return out.reverse();
}

function trackObject(t: CatalogTrack) {
  const artist = { external_urls: { spotify: `https://open.spotify.com/artist/${t.artist.id}` }, href: `https://api.spotify.com/v1/artists/${t.artist.id}`, id: t.artist.id, name: t.artist.name, type: 'artist', uri: `spotify:artist:${t.artist.id}` };
  return {
    album: {
      album_type: 'album',
      artists: [artist],
      external_urls: { spotify: `https://open.spotify.com/album/${t.album.id}` },
      href: `https://api.spotify.com/v1/albums/${t.album.id}`,
      id: t.album.id,
      images: [],
      name: t.album.name,
      release_date: t.album.releaseDate,
      release_date_precision: 'day',
      total_tracks: 12,
      type: 'album',
      uri: `spotify:album:${t.album.id}`,
    },
    artists: [artist],
    disc_number: 1,
    duration_ms: t.durationMs,
    explicit: false,
    external_ids: {},
    external_urls: { spotify: `https://open.spotify.com/track/${t.id}` },
    href: `https://api.spotify.com/v1/tracks/${t.id}`,
    id: t.id,
    is_local: false,
    name: t.name,
    popularity: 40,
    track_number: t.trackNumber,
    type: 'track',
    uri: `spotify:track:${t.id}`,
  };
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/html; charset=utf-8' : 'application/json', ...headers });
  res.end(text);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Starts the sandbox on a free port of this machine. */
export async function startSpotifySandbox(dataDir: string, host = '127.0.0.1'): Promise<SpotifySandbox> {
  const keyFile = join(dataDir, 'spotify-sandbox.key');
  if (!existsSync(keyFile)) writeFileSync(keyFile, randomBytes(32).toString('hex'), { mode: 0o600 });
  const key = readFileSync(keyFile, 'utf8').trim();
  const sign = (payload: object) => {
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    return `${body}.${createHmac('sha256', key).update(body).digest('base64url')}`;
  };
  const verify = <T>(token: string | undefined): T | undefined => {
    const [body, mac] = (token ?? '').split('.');
    if (!body || !mac) return undefined;
    const expected = createHmac('sha256', key).update(body).digest();
    const given = Buffer.from(mac, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as T;
  };
  const usedCodes = new Set<string>();
  /** When each account revoked Mosaic: grants issued before are refused. */
  const revokedAt = new Map<string, number>();
  const isRevoked = (user: string, issuedAt: number) => (revokedAt.get(user) ?? -1) >= issuedAt;
  const expiredBefore = new Map<string, number>();
  const faults = new Map<string, Fault[]>();
  /** When each sandbox account was first authorised: its life goes back LIFE_DAYS from then. */
  const created = new Map<string, number>();

  const server: Server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => send(res, 500, { error: { status: 500, message: String(error) } }));
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sandbox');
    const now = Date.now();
    if (req.method === 'GET' && url.pathname === '/authorize') {
      const q = url.searchParams;
      if (q.get('client_id') !== SANDBOX_CLIENT.clientId || q.get('response_type') !== 'code' || !q.get('redirect_uri')) return send(res, 400, 'INVALID_CLIENT: Invalid client or request');
      if (q.get('code_challenge_method') !== 'S256' || !q.get('code_challenge')) return send(res, 400, 'code_challenge required (S256)');
      const decide = (decision: string) => `/authorize/decide?${new URLSearchParams({ ...Object.fromEntries(q), decision }).toString()}`;
      return send(
        res,
        200,
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Spotify sandbox – authorise Mosaic</title>
<style>body{font-family:system-ui;background:#121212;color:#fff;display:grid;place-items:center;min-height:100vh;margin:0}main{max-width:26rem;padding:2rem;background:#1e1e1e;border-radius:12px}a{display:inline-block;margin:.5rem .5rem 0 0;padding:.7rem 1.4rem;border-radius:99px;text-decoration:none;font-weight:600}.ok{background:#1ed760;color:#000}.no{border:1px solid #888;color:#fff}</style></head>
<body><main><h1>Spotify sandbox</h1><p>Mosaic asks to read: <strong>${escapeHtml(q.get('scope') ?? '')}</strong></p><p>This is the local stand-in for Spotify's consent page; the account has a generated listening history.</p>
<a class="ok" href="${escapeHtml(decide('allow'))}">Agree</a><a class="no" href="${escapeHtml(decide('deny'))}">Cancel</a></main></body></html>`,
      );
    }
    if (req.method === 'GET' && url.pathname === '/authorize/decide') {
      const q = url.searchParams;
      const redirect = new URL(q.get('redirect_uri') ?? '');
      const state = q.get('state');
      if (q.get('decision') !== 'allow') {
        redirect.searchParams.set('error', 'access_denied');
        if (state) redirect.searchParams.set('state', state);
        return send(res, 302, '', { location: redirect.toString() });
      }
      const challenge = q.get('code_challenge') ?? '';
      const user = q.get('sandbox_user') ?? `sandbox-${createHash('sha256').update(challenge).digest('hex').slice(0, 10)}`;
      if (!created.has(user)) created.set(user, now);
      const code = sign({ k: 'code', u: user, ch: challenge, r: q.get('redirect_uri'), e: now + 60_000, n: randomBytes(6).toString('hex') });
      redirect.searchParams.set('code', code);
      if (state) redirect.searchParams.set('state', state);
      return send(res, 302, '', { location: redirect.toString() });
    }
    if (req.method === 'POST' && url.pathname === '/api/token') {
      const basic = Buffer.from((req.headers.authorization ?? '').replace(/^Basic /, ''), 'base64').toString('utf8');
      if (basic !== `${SANDBOX_CLIENT.clientId}:${SANDBOX_CLIENT.clientSecret}`) return send(res, 401, { error: 'invalid_client', error_description: 'Invalid client' });
      const form = new URLSearchParams(await readBody(req));
      const grant = form.get('grant_type');
      if (grant === 'authorization_code') {
        const code = verify<{ k: string; u: string; ch: string; r: string; e: number }>(form.get('code') ?? '');
        if (!code || code.k !== 'code' || code.e < now || usedCodes.has(form.get('code')!)) return send(res, 400, { error: 'invalid_grant', error_description: 'Invalid authorization code' });
        if (code.r !== form.get('redirect_uri')) return send(res, 400, { error: 'invalid_grant', error_description: 'Invalid redirect URI' });
        if (createHash('sha256').update(form.get('code_verifier') ?? '').digest('base64url') !== code.ch) return send(res, 400, { error: 'invalid_grant', error_description: 'code_verifier was incorrect' });
        usedCodes.add(form.get('code')!);
        const g = randomBytes(8).toString('hex');
        return send(res, 200, {
          access_token: sign({ k: 'access', u: code.u, g, i: now, e: now + ACCESS_TTL_S * 1000 }),
          token_type: 'Bearer',
          scope: 'user-read-recently-played user-read-private',
          expires_in: ACCESS_TTL_S,
          refresh_token: sign({ k: 'refresh', u: code.u, g, i: now }),
        });
      }
      if (grant === 'refresh_token') {
        const refresh = verify<{ k: string; u: string; g: string; i: number }>(form.get('refresh_token') ?? '');
        if (!refresh || refresh.k !== 'refresh' || isRevoked(refresh.u, refresh.i)) return send(res, 400, { error: 'invalid_grant', error_description: 'Refresh token revoked' });
        return send(res, 200, { access_token: sign({ k: 'access', u: refresh.u, g: refresh.g, i: now, e: now + ACCESS_TTL_S * 1000 }), token_type: 'Bearer', scope: 'user-read-recently-played user-read-private', expires_in: ACCESS_TTL_S });
      }
      return send(res, 400, { error: 'unsupported_grant_type', error_description: `grant_type ${grant ?? ''} is not supported` });
    }
    if (url.pathname.startsWith('/v1/')) {
      const token = verify<{ k: string; u: string; g: string; i: number; e: number }>((req.headers.authorization ?? '').replace(/^Bearer /, ''));
      if (!token || token.k !== 'access') return send(res, 401, { error: { status: 401, message: 'Invalid access token' } });
      if (token.e < now || token.i < (expiredBefore.get(token.u) ?? 0) || isRevoked(token.u, token.i)) return send(res, 401, { error: { status: 401, message: 'The access token expired' } });
      const queue = faults.get(token.u);
      const fault = queue?.[0];
      if (fault) {
        if (--fault.count <= 0) queue.shift();
        return send(res, fault.status, { error: { status: fault.status, message: fault.status === 429 ? 'API rate limit exceeded' : 'Server error' } }, fault.status === 429 ? { 'retry-after': String(fault.retryAfter ?? 1) } : {});
      }
      if (req.method === 'GET' && url.pathname === '/v1/me') {
        return send(res, 200, { country: 'SE', display_name: `Sandbox ${token.u.slice(-4)}`, explicit_content: { filter_enabled: false, filter_locked: false }, external_urls: { spotify: `https://open.spotify.com/user/${token.u}` }, followers: { href: null, total: 0 }, href: `https://api.spotify.com/v1/users/${token.u}`, id: token.u, images: [], product: 'premium', type: 'user', uri: `spotify:user:${token.u}` });
      }
      if (req.method === 'GET' && url.pathname === '/v1/me/player/recently-played') {
        const q = url.searchParams;
        const limit = Math.min(50, Math.max(1, Number(q.get('limit') ?? 20)));
        if (q.has('after') && q.has('before')) return send(res, 400, { error: { status: 400, message: 'Only one of after and before may be given' } });
        const createdAt = created.get(token.u) ?? now;
        const after = q.has('after') ? Number(q.get('after')) : undefined;
        const before = q.has('before') ? Number(q.get('before')) : undefined;
        const plays = after !== undefined ? lifeBetween(token.u, after, now, limit, 'oldest', createdAt) : lifeBetween(token.u, 0, Math.min(before ?? now, now), limit, 'newest', createdAt);
        const href = `${url.origin}${url.pathname}?${q.toString()}`;
        const oldest = plays.at(-1);
        return send(res, 200, {
          items: plays.map((p) => ({ track: trackObject(p.track), played_at: new Date(p.playedAt).toISOString(), context: p.context ? { type: 'album', uri: p.context, href: null, external_urls: {} } : null })),
          next: oldest ? `${url.origin}${url.pathname}?before=${oldest.playedAt}&limit=${limit}` : null,
          cursors: plays.length ? { after: String(plays[0]!.playedAt), before: String(oldest!.playedAt) } : null,
          limit,
          href,
        });
      }
      return send(res, 404, { error: { status: 404, message: 'Service not found' } });
    }
    // Test controls.
    if (req.method === 'POST' && url.pathname.startsWith('/sandbox/')) {
      const body = JSON.parse((await readBody(req)) || '{}') as { user: string; status?: number; count?: number; retryAfter?: number };
      if (url.pathname === '/sandbox/revoke') {
        // Every grant the account gave so far (a later consent is a new grant).
        revokedAt.set(body.user, now);
        return send(res, 200, { ok: true });
      }
      if (url.pathname === '/sandbox/expire') {
        expiredBefore.set(body.user, now + 1);
        return send(res, 200, { ok: true });
      }
      if (url.pathname === '/sandbox/faults') {
        const list = faults.get(body.user) ?? [];
        list.push({ status: body.status ?? 429, count: body.count ?? 1, retryAfter: body.retryAfter });
        faults.set(body.user, list);
        return send(res, 200, { ok: true });
      }
    }
    return send(res, 404, { error: { status: 404, message: 'Not found' } });
  }
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://localhost:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
