import { request } from 'node:http';
import { randomInt, randomUUID } from 'node:crypto';

export interface ApiResponse<T = any> {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: T;
  text: string;
  /** The body as received (binary answers: a camera snapshot). */
  bytes: Buffer;
}

export interface RequestOptions {
  token?: string;
  headers?: Record<string, string>;
  /** Raw body (sent as is); otherwise `json` is serialised. */
  raw?: string | Buffer;
  json?: unknown;
  /** Loopback address to send from (each test user gets its own, like a distinct client). */
  from?: string;
}

/** A random loopback address, so rate limits per client address do not couple tests. */
export function randomLoopback(): string {
  return `127.${randomInt(1, 255)}.${randomInt(0, 255)}.${randomInt(1, 255)}`;
}

/** Each runtime's per-start secret for `/_local/*`, by origin (startMosaic and the integration setup fill it). */
const localSecrets = new Map<string, string>();

/** Lets `call` reach `/_local/*` of the runtime at `baseUrl` (it sends the secret by itself). */
export function registerLocalSecret(baseUrl: string, secret: string): void {
  localSecrets.set(new URL(baseUrl).origin, secret);
}

/**
 * An HTTP call to the local runtime; the answer's JSON body is parsed when there is one. Calls
 * to `/_local/*` carry the runtime's secret unless `options.headers` say otherwise.
 */
export function call(baseUrl: string, method: string, path: string, options: RequestOptions = {}): Promise<ApiResponse> {
  const url = new URL(path, baseUrl);
  const body = options.raw ?? (options.json === undefined ? undefined : JSON.stringify(options.json));
  const localSecret = url.pathname.startsWith('/_local/') ? localSecrets.get(url.origin) : undefined;
  const headers: Record<string, string> = {
    ...(localSecret ? { 'x-mosaic-local-secret': localSecret } : {}),
    ...(options.json !== undefined ? { 'content-type': 'application/json' } : {}),
    ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    // Node sends a DELETE's body unframed (no chunked encoding) unless told its length.
    ...(body !== undefined && method === 'DELETE' ? { 'content-length': String(Buffer.byteLength(body)) } : {}),
    ...options.headers,
  };
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: url.port,
        path: url.pathname + url.search,
        method,
        headers,
        localAddress: options.from,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const bytes = Buffer.concat(chunks);
          const text = bytes.toString('utf8');
          let parsed: unknown = undefined;
          if ((res.headers['content-type'] ?? '').includes('json') && text) parsed = JSON.parse(text);
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed, text, bytes });
        });
      },
    );
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

export interface TestUser {
  email: string;
  password: string;
  token: string;
  refreshToken: string;
  id: string;
  from: string;
}

/** Registers and signs in a fresh user from its own loopback address. */
export async function newUser(baseUrl: string, extra: { timezone?: string } = {}): Promise<TestUser> {
  const from = randomLoopback();
  const email = `user-${randomUUID()}@example.com`;
  const password = 'Correct-Horse-9';
  const reg = await call(baseUrl, 'POST', '/v1/auth/register', {
    from,
    json: { email, password, displayName: 'Test User', ...extra },
  });
  if (reg.status !== 202) throw new Error(`register answered ${reg.status}: ${reg.text}`);
  const login = await call(baseUrl, 'POST', '/v1/auth/login', { from, json: { email, password } });
  if (login.status !== 200) throw new Error(`login answered ${login.status}: ${login.text}`);
  return {
    email,
    password,
    token: login.body.accessToken,
    refreshToken: login.body.refreshToken,
    id: login.body.user.id,
    from,
  };
}

/** A client bound to one user. */
export function as(baseUrl: string, user: Pick<TestUser, 'token' | 'from'>) {
  const send = (method: string, path: string, options: RequestOptions = {}) =>
    call(baseUrl, method, path, { token: user.token, from: user.from, ...options });
  return {
    get: (path: string, o?: RequestOptions) => send('GET', path, o),
    post: (path: string, json?: unknown, o?: RequestOptions) => send('POST', path, { json, ...o }),
    put: (path: string, json?: unknown, o?: RequestOptions) => send('PUT', path, { json, ...o }),
    patch: (path: string, json?: unknown, o?: RequestOptions) => send('PATCH', path, { json, ...o }),
    delete: (path: string, o?: RequestOptions) => send('DELETE', path, o),
  };
}

/** Polls `read` until `done` holds (eventual consistency of consumers), or fails after `timeoutMs`. */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T;
  do {
    last = await read();
    if (done(last)) return last;
    await new Promise((r) => setTimeout(r, intervalMs));
  } while (Date.now() < deadline);
  throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(last)}`);
}

/**
 * Waits until no consumer queue holds a message (nothing waiting, nothing in flight): the
 * asynchronous work set off so far has finished, or been parked in a dead-letter queue (which
 * other tests fill on purpose). Uses the runtime's loopback-only `/_local/queues` view.
 */
export async function queuesDrained(baseUrl: string, timeoutMs = 60_000): Promise<void> {
  await eventually(
    async () => (await call(baseUrl, 'GET', '/_local/queues')).body as Record<string, { queue: Record<string, string> }>,
    (depths) =>
      Object.values(depths).every(
        ({ queue }) => Number(queue.ApproximateNumberOfMessages) + Number(queue.ApproximateNumberOfMessagesNotVisible) === 0,
      ),
    timeoutMs,
  );
}

/** The upload form `POST /v1/imports` answers for a file sent by `size`. */
export interface UploadForm {
  url: string;
  method: 'POST';
  fields: Record<string, string>;
}

/** Uploads a file through a presigned POST form (its URL relative to the API's origin), as a browser would: the file last. */
export async function postUploadForm(baseUrl: string, upload: UploadForm, body: string | Buffer, fileName = 'upload'): Promise<Response> {
  const form = new FormData();
  for (const [name, value] of Object.entries(upload.fields)) form.append(name, value);
  form.append('file', new Blob([typeof body === 'string' ? body : new Uint8Array(body)]), fileName);
  return fetch(new URL(upload.url, baseUrl), { method: upload.method, body: form });
}
