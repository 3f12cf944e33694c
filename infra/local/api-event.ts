import { randomFillSync } from 'node:crypto';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

/** Content types API Gateway (HTTP API) passes as text; anything else arrives base64-encoded. */
const TEXT_TYPES = /^(text\/|application\/(json|xml|javascript|x-www-form-urlencoded)|application\/[\w.+-]+\+(json|xml))/i;

export interface IncomingHttpRequest {
  method: string;
  /** Path and query as received, e.g. `/v1/activities?limit=5`. */
  url: string;
  /** Headers as a record, or as Node's `rawHeaders` (name, value, name, value, …). */
  headers: Record<string, string | string[] | undefined> | string[];
  body: Buffer;
  sourceIp: string;
  host: string;
}

// Request ids come from a pool of random bytes refilled a few KiB at a time: one
// `randomFillSync` per 341 requests instead of one `randomBytes` call each.
const ID_BYTES = 12;
const idPool = Buffer.alloc(ID_BYTES * 341);
let idOffset = idPool.length;

/** An API Gateway request id, shaped like the real ones (base64 of 12 random bytes). */
export function newRequestId(): string {
  if (idOffset + ID_BYTES > idPool.length) {
    randomFillSync(idPool);
    idOffset = 0;
  }
  const id = idPool.toString('base64', idOffset, idOffset + ID_BYTES);
  idOffset += ID_BYTES;
  return id;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
let clfSecond = Number.NaN;
let clfText = '';

/** The request time as API Gateway writes it (`21/Nov/2026:10:11:12 +0000`), built once a second. */
function clf(date: Date): string {
  const second = Math.floor(date.getTime() / 1000);
  if (second === clfSecond) return clfText;
  const p = (n: number) => String(n).padStart(2, '0');
  clfSecond = second;
  clfText = `${p(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:${p(date.getUTCHours())}:${p(date.getUTCMinutes())}:${p(date.getUTCSeconds())} +0000`;
  return clfText;
}

/** A path that needs no normalising: no dot or empty segments, only URL path characters. */
const PLAIN_PATH = /^(?:\/(?!\.{1,2}(?:\/|$))[\w\-.~%!$&'()*+,;=:@]+)*\/?$/;

/**
 * Path and query string of a request target. Plain paths (all of the API's) are taken as they
 * are, without building a URL object per request; anything else goes through the WHATWG URL
 * parser to be normalised.
 */
export function splitTarget(target: string): { path: string; query: string } {
  const q = target.indexOf('?');
  const path = q < 0 ? target : target.slice(0, q);
  if (path.length > 0 && PLAIN_PATH.test(path) && !target.includes('#')) return { path, query: q < 0 ? '' : target.slice(q + 1) };
  const url = new URL(target, 'http://localhost');
  return { path: url.pathname, query: url.search.slice(1) };
}

/** Lower-cased headers, repeated ones comma-joined as API Gateway joins them, and the cookies apart. */
function eventHeaders(headers: IncomingHttpRequest['headers']): { headers: Record<string, string>; cookies?: string[] } {
  const out: Record<string, string> = {};
  let cookie: string | undefined;
  const add = (name: string, value: string) => {
    const key = name.toLowerCase();
    if (key === 'cookie') cookie = cookie === undefined ? value : `${cookie}; ${value}`;
    else out[key] = key in out ? `${out[key]},${value}` : value;
  };
  if (Array.isArray(headers)) {
    for (let i = 0; i + 1 < headers.length; i += 2) add(headers[i]!, headers[i + 1]!);
  } else {
    for (const [name, value] of Object.entries(headers)) {
      if (value === undefined) continue;
      if (Array.isArray(value)) for (const v of value) add(name, v);
      else add(name, value);
    }
  }
  return { headers: out, cookies: cookie?.split(/;\s*/).filter(Boolean) };
}

/**
 * Builds the API Gateway HTTP API (payload format 2.0) event for a request, as the real service
 * would: lower-cased headers with repeated values comma-joined, cookies split out, repeated query
 * parameters comma-joined, URL-decoded path parameters, base64 bodies for binary content types.
 */
export function toHttpApiEvent(
  request: IncomingHttpRequest,
  routeKey: string,
  pathParameters: Record<string, string> | undefined,
  now: Date = new Date(),
): APIGatewayProxyEventV2 {
  const { path, query: rawQuery } = splitTarget(request.url);
  const { headers, cookies } = eventHeaders(request.headers);
  let query: Record<string, string> | undefined;
  if (rawQuery) {
    for (const [k, v] of new URLSearchParams(rawQuery)) {
      query ??= {};
      query[k] = k in query ? `${query[k]},${v}` : v;
    }
  }
  const contentType = headers['content-type'] ?? '';
  const hasBody = request.body.length > 0;
  const isText = !hasBody || TEXT_TYPES.test(contentType);
  const dot = request.host.indexOf('.');
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: rawQuery,
    ...(cookies ? { cookies } : {}),
    headers,
    ...(query ? { queryStringParameters: query } : {}),
    ...(pathParameters && Object.keys(pathParameters).length ? { pathParameters } : {}),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: request.host,
      domainPrefix: dot < 0 ? request.host : request.host.slice(0, dot),
      http: {
        method: request.method,
        path,
        protocol: 'HTTP/1.1',
        sourceIp: request.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: newRequestId(),
      routeKey,
      stage: '$default',
      time: clf(now),
      timeEpoch: now.getTime(),
    },
    ...(hasBody ? { body: isText ? request.body.toString('utf8') : request.body.toString('base64') } : {}),
    isBase64Encoded: hasBody && !isText,
  };
}

export interface OutgoingHttpResponse {
  statusCode: number;
  headers: Record<string, string | string[]>;
  /** Bytes, or text sent as UTF-8 (a function's JSON answer, not converted twice on its way out). */
  body: Buffer | string;
}

/**
 * Turns a Lambda result into the HTTP response API Gateway would send. A string or object
 * without `statusCode` is a 200 JSON body, as payload format 2.0 infers.
 */
export function fromHttpApiResult(result: APIGatewayProxyStructuredResultV2 | string | object | undefined): OutgoingHttpResponse {
  if (result === undefined || result === null) return { statusCode: 200, headers: {}, body: Buffer.alloc(0) };
  if (typeof result === 'string' || !('statusCode' in result)) {
    return {
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      body: typeof result === 'string' ? result : JSON.stringify(result),
    };
  }
  const r = result;
  const headers: Record<string, string | string[]> = {};
  for (const [k, v] of Object.entries(r.headers ?? {})) headers[k.toLowerCase()] = String(v);
  if (r.cookies?.length) headers['set-cookie'] = r.cookies;
  const body = r.body === undefined ? '' : r.isBase64Encoded ? Buffer.from(r.body, 'base64') : r.body;
  return { statusCode: r.statusCode ?? 200, headers, body };
}
