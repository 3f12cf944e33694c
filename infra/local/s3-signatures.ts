import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * Signature Version 4 checks for the local S3. s3rver lets unsigned requests through and does not
 * compute V4 signatures at all (it only looks the access key up), so the stand-ins process puts
 * this check in front of it: every request but a CORS preflight must carry a valid SigV4
 * signature — in the Authorization header (the SDK's requests) or in the query (presigned URLs,
 * unexpired) — made with the installation's secret access key. Payload hashes are taken as
 * declared (as s3rver does); the signature covers them.
 */

export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** A request as it reached the server: method, raw target (path and query as sent), headers. */
export interface SignedRequest {
  method: string;
  target: string;
  headers: IncomingHttpHeaders;
}

export type Verdict = { ok: true } | { ok: false; code: 'AccessDenied' | 'SignatureDoesNotMatch' | 'InvalidAccessKeyId'; message: string };

const ALGORITHM = 'AWS4-HMAC-SHA256';
/** S3 refuses header-signed requests whose x-amz-date is more than 15 minutes off. */
const MAX_SKEW_MS = 15 * 60_000;
/** S3's longest presigned URL life: 7 days. */
const MAX_EXPIRES_SECONDS = 7 * 24 * 3600;

const denied = (message: string): Verdict => ({ ok: false, code: 'AccessDenied', message });

/** RFC 3986 encoding, as SigV4 wants it (encodeURIComponent leaves !'()* alone). */
function escapeUri(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function decode(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

/** Query parameters in order, decoded; a bare `key` (no `=`) has the value null. */
function parseQuery(query: string): Array<[string, string | null]> | undefined {
  const out: Array<[string, string | null]> = [];
  for (const part of query.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const key = decode(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? null : decode(part.slice(eq + 1));
    if (key === undefined || value === undefined) return undefined;
    out.push([key, value]);
  }
  return out;
}

/** The canonical query string: encoded, sorted, without the signature; bare keys are left out (as the SDK does). */
function canonicalQuery(params: Array<[string, string | null]>): string {
  return params
    .filter(([key, value]) => value !== null && key !== 'X-Amz-Signature')
    .map(([key, value]) => [escapeUri(key), escapeUri(value!)] as const)
    .sort(([ka, va], [kb, vb]) => (ka === kb ? (va < vb ? -1 : va > vb ? 1 : 0) : ka < kb ? -1 : 1))
    .map(([key, value]) => `${key}=${value}`)
    .join('&');
}

function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  if (value === undefined) return undefined;
  return (Array.isArray(value) ? value.join(',') : value).replace(/[\r\n]/g, ' ').replace(/[ \t]+/g, ' ').trim();
}

/** `20240102T030405Z` → epoch ms, or NaN. */
function parseAmzDate(value: string | undefined): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? '');
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : Number.NaN;
}

interface Parts {
  credential: string;
  signedHeaders: string;
  signature: string;
  amzDate: string | undefined;
  payloadHash: string;
}

function signatureOf(secret: string, request: SignedRequest, path: string, query: string, parts: Parts, scope: string[]): string {
  const names = parts.signedHeaders.split(';');
  const canonicalHeaders = names.map((name) => `${name}:${headerValue(request.headers, name) ?? ''}\n`).join('');
  const canonicalRequest = [request.method, path, query, canonicalHeaders, parts.signedHeaders, parts.payloadHash].join('\n');
  const stringToSign = [ALGORITHM, parts.amzDate, scope.join('/'), createHash('sha256').update(canonicalRequest).digest('hex')].join('\n');
  let key: Buffer = Buffer.from(`AWS4${secret}`);
  for (const part of scope) key = createHmac('sha256', key).update(part).digest();
  return createHmac('sha256', key).update(stringToSign).digest('hex');
}

/** Whether a request to the local S3 carries a valid SigV4 signature of `credentials`. */
export function verifySignature(request: SignedRequest, credentials: S3Credentials, nowMs = Date.now()): Verdict {
  const q = request.target.indexOf('?');
  const path = q < 0 ? request.target : request.target.slice(0, q);
  const params = parseQuery(q < 0 ? '' : request.target.slice(q + 1));
  if (!params) return denied('The query string is not valid.');
  const param = (name: string) => params.find(([key]) => key === name)?.[1] ?? undefined;
  const authorization = headerValue(request.headers, 'authorization');

  let parts: Parts;
  if (authorization !== undefined) {
    const m = /^AWS4-HMAC-SHA256 Credential=([^,\s]+),\s*SignedHeaders=([^,\s]+),\s*Signature=([0-9a-f]{64})$/.exec(authorization);
    if (!m) return denied('Only AWS Signature Version 4 is accepted.');
    const payloadHash = headerValue(request.headers, 'x-amz-content-sha256');
    if (!payloadHash) return denied('Missing x-amz-content-sha256.');
    parts = { credential: m[1]!, signedHeaders: m[2]!, signature: m[3]!, amzDate: headerValue(request.headers, 'x-amz-date'), payloadHash };
    const at = parseAmzDate(parts.amzDate);
    if (Number.isNaN(at) || Math.abs(nowMs - at) > MAX_SKEW_MS) return denied('The request time is missing or too far from the server time.');
  } else if (param('X-Amz-Signature') !== undefined) {
    if (param('X-Amz-Algorithm') !== ALGORITHM) return denied('Only AWS Signature Version 4 is accepted.');
    const expires = Number(param('X-Amz-Expires'));
    parts = {
      credential: param('X-Amz-Credential') ?? '',
      signedHeaders: param('X-Amz-SignedHeaders') ?? '',
      signature: param('X-Amz-Signature') ?? '',
      amzDate: param('X-Amz-Date'),
      payloadHash: param('X-Amz-Content-Sha256') ?? 'UNSIGNED-PAYLOAD',
    };
    const at = parseAmzDate(parts.amzDate);
    if (!Number.isInteger(expires) || expires < 1 || expires > MAX_EXPIRES_SECONDS) return denied('X-Amz-Expires is not valid.');
    if (Number.isNaN(at) || at - nowMs > MAX_SKEW_MS) return denied('X-Amz-Date is not valid.');
    if (nowMs > at + expires * 1000) return denied('Request has expired.');
  } else {
    return denied('Anonymous requests are refused: use a presigned URL or a signed request.');
  }

  const scope = parts.credential.split('/');
  const [accessKeyId, ...rest] = scope;
  if (accessKeyId !== credentials.accessKeyId)
    return { ok: false, code: 'InvalidAccessKeyId', message: 'The access key id does not exist in our records.' };
  if (rest.length !== 4 || rest[0] !== parts.amzDate?.slice(0, 8) || rest[2] !== 's3' || rest[3] !== 'aws4_request')
    return denied('The credential scope is not valid.');
  if (!parts.signedHeaders.split(';').includes('host')) return denied('The host header must be signed.');

  const expected = Buffer.from(signatureOf(credentials.secretAccessKey, request, path, canonicalQuery(params), parts, rest));
  const given = Buffer.from(parts.signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, code: 'SignatureDoesNotMatch', message: 'The request signature we calculated does not match the signature you provided.' };
  }
  return { ok: true };
}

/** S3's XML error body. */
export function s3ErrorXml(code: string, message: string): string {
  const esc = (s: string) => s.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${esc(code)}</Code><Message>${esc(message)}</Message></Error>`;
}

/** A verdict on a browser POST upload: S3's code and HTTP status when refused. */
export type PostVerdict = { ok: true } | { ok: false; status: number; code: string; message: string };

type PolicyCondition = Record<string, string> | [string, string | number, string | number];

/**
 * Checks a browser POST upload (S3's POST Object with a SigV4-signed policy) as S3 does:
 * the policy's signature with the installation's secret, its expiration, and every condition —
 * `eq`, `starts-with` and `content-length-range` against the file's size — with every form field
 * (but the signature, the policy, the file and `x-ignore-*`) covered by a condition.
 * `fields` are the form's text fields by lower-cased name.
 */
export function verifyPostPolicy(
  bucket: string,
  fields: Readonly<Record<string, string>>,
  fileBytes: number,
  credentials: S3Credentials,
  nowMs = Date.now(),
): PostVerdict {
  const denied = (message: string): PostVerdict => ({ ok: false, status: 403, code: 'AccessDenied', message });
  const policyB64 = fields.policy;
  if (!policyB64) return denied('Bucket POST must contain a policy.');
  if (fields['x-amz-algorithm'] !== ALGORITHM) return denied('Only AWS Signature Version 4 is accepted.');
  const scope = (fields['x-amz-credential'] ?? '').split('/');
  const [accessKeyId, ...rest] = scope;
  if (accessKeyId !== credentials.accessKeyId) return { ok: false, status: 403, code: 'InvalidAccessKeyId', message: 'The access key id does not exist in our records.' };
  if (rest.length !== 4 || rest[0] !== fields['x-amz-date']?.slice(0, 8) || rest[2] !== 's3' || rest[3] !== 'aws4_request')
    return denied('The credential scope is not valid.');
  let key: Buffer = Buffer.from(`AWS4${credentials.secretAccessKey}`);
  for (const part of rest) key = createHmac('sha256', key).update(part).digest();
  const expected = Buffer.from(createHmac('sha256', key).update(policyB64).digest('hex'));
  const given = Buffer.from(fields['x-amz-signature'] ?? '');
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, status: 403, code: 'SignatureDoesNotMatch', message: 'The request signature we calculated does not match the signature you provided.' };

  let policy: { expiration?: string; conditions?: PolicyCondition[] };
  try {
    policy = JSON.parse(Buffer.from(policyB64, 'base64').toString('utf8')) as typeof policy;
  } catch {
    return denied('The policy is not valid JSON.');
  }
  const expiration = Date.parse(policy.expiration ?? '');
  if (Number.isNaN(expiration) || nowMs > expiration) return denied('Invalid according to Policy: Policy expired.');

  const value = (name: string) => (name === 'bucket' ? bucket : fields[name]);
  const covered = new Set<string>(['bucket']);
  for (const condition of policy.conditions ?? []) {
    if (!Array.isArray(condition)) {
      for (const [name, wanted] of Object.entries(condition)) {
        covered.add(name.toLowerCase());
        if (value(name.toLowerCase()) !== wanted) return denied(`Invalid according to Policy: Policy Condition failed: ["eq", "$${name}", "${wanted}"]`);
      }
      continue;
    }
    const [op, a, b] = condition;
    if (op === 'content-length-range') {
      if (fileBytes > Number(b)) return { ok: false, status: 400, code: 'EntityTooLarge', message: 'Your proposed upload exceeds the maximum allowed size' };
      if (fileBytes < Number(a)) return { ok: false, status: 400, code: 'EntityTooSmall', message: 'Your proposed upload is smaller than the minimum allowed size' };
      continue;
    }
    const name = String(a).replace(/^\$/, '').toLowerCase();
    covered.add(name);
    const actual = value(name) ?? '';
    const ok = op === 'eq' ? actual === String(b) : op === 'starts-with' ? actual.startsWith(String(b)) : false;
    if (!ok) return denied(`Invalid according to Policy: Policy Condition failed: ${JSON.stringify(condition)}`);
  }
  for (const name of Object.keys(fields)) {
    if (['policy', 'x-amz-signature', 'file'].includes(name) || name.startsWith('x-ignore-')) continue;
    if (!covered.has(name)) return denied(`Invalid according to Policy: Extra input fields: ${name}`);
  }
  return { ok: true };
}
