import { WebSocket } from 'ws';
import type { ServerMessage } from '../../shared/realtime/protocol.ts';
import { as, type TestUser } from './http-client.ts';

/** A plain `ws` client speaking the documented protocol (docs/realtime.md), collecting what it receives. */
export interface TestSocket {
  ws: WebSocket;
  messages: ServerMessage[];
  /** Resolves with the first message (already received or coming) that matches, or fails after `timeoutMs`. */
  next(match: (m: ServerMessage) => boolean, timeoutMs?: number): Promise<ServerMessage>;
  /** Resolves with the close code and reason. */
  closed: Promise<{ code: number; reason: string }>;
}

/** Opens a WebSocket offering `protocols`; rejects with the HTTP status when the upgrade is refused. */
export function openSocket(url: string, protocols: string[]): Promise<TestSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, protocols);
    const messages: ServerMessage[] = [];
    const waiters: Array<{ match: (m: ServerMessage) => boolean; done: (m: ServerMessage) => void }> = [];
    ws.on('message', (data) => {
      const m = JSON.parse((data as Buffer).toString('utf8')) as ServerMessage;
      messages.push(m);
      for (const w of [...waiters]) if (w.match(m)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.done(m);
      }
    });
    const closed = new Promise<{ code: number; reason: string }>((r) => ws.once('close', (code, reason) => r({ code, reason: String(reason) })));
    ws.once('unexpected-response', (_req, res) => reject(Object.assign(new Error(`upgrade refused: ${res.statusCode}`), { status: res.statusCode })));
    ws.once('error', reject);
    ws.once('open', () =>
      resolve({
        ws,
        messages,
        closed,
        next(match, timeoutMs = 15_000) {
          const seen = messages.find(match);
          if (seen) return Promise.resolve(seen);
          return new Promise((done, fail) => {
            const timer = setTimeout(() => fail(new Error(`no matching message within ${timeoutMs} ms; got ${JSON.stringify(messages)}`)), timeoutMs);
            waiters.push({ match, done: (m) => (clearTimeout(timer), done(m)) });
          });
        },
      }),
    );
  });
}

/** Gets a ticket for `user` and opens the WebSocket with it, as the web app does. */
export async function connectAs(base: string, user: Pick<TestUser, 'token' | 'from'>): Promise<TestSocket> {
  const res = await as(base, user).post('/v1/realtime/tickets');
  if (res.status !== 201) throw new Error(`ticket answered ${res.status}: ${res.text}`);
  return openSocket(res.body.url, res.body.protocols);
}
