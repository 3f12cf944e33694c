/** Careful reads of untrusted JSON: every source's payload is read through these. */
import { createHash } from 'node:crypto';
import { TEXT_LIMITS } from '../limits.ts';
import type { Severity } from '../model.ts';

export type Json = Record<string, unknown>;

export const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
export const obj = (v: unknown): Json => (isObject(v) ? v : {});
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

/** A string (numbers too: ids arrive as either), or undefined. */
export function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

export const clip = (text: string | undefined, max: number) => (text ?? '').slice(0, max);
export const title = (text: string | undefined) => clip(text, TEXT_LIMITS.title);
export const message = (text: string | undefined) => clip(text, TEXT_LIMITS.message);

/** String labels only (other values are dropped), at most 40. */
export function labels(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, value] of Object.entries(obj(v)).slice(0, 40)) {
    const s = str(value);
    if (s !== undefined) out[k.slice(0, 100)] = s.slice(0, 500);
  }
  return out;
}

/**
 * An ISO 8601 instant from the many spellings sources use: nanoseconds, `+0100` offsets,
 * Unix seconds. Go's zero time (`0001-01-01…`) and junk are undefined.
 */
export function instant(v: unknown): string | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return new Date(v > 1e12 ? v : v * 1000).toISOString();
  const s = str(v);
  if (!s || s.startsWith('0001-01-01')) return undefined;
  const fixed = s.replace(/(\.\d{3})\d+/, '$1').replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const ms = Date.parse(fixed);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** Incident levels by their number (`P0`, `SEV-1`, `S2`, …): 0 and 1 are the worst. */
const RANKED_LEVELS: Severity[] = ['critical', 'critical', 'high', 'medium', 'low', 'info'];

/**
 * A severity from the words sources use (Sentry levels, Prometheus `severity` labels, …) and
 * the numbered levels teams label alerts with (`P0`–`P5`, `SEV1`, `sev-2`, `S3`).
 */
export function severityWord(word: string | undefined, fallback: Severity): Severity {
  const text = (word ?? '').toLowerCase();
  const ranked = /^(?:p|sev|s)[\s_-]?(\d)$/.exec(text);
  if (ranked) return RANKED_LEVELS[Math.min(Number(ranked[1]), RANKED_LEVELS.length - 1)]!;
  switch (text) {
    case 'fatal':
    case 'critical':
    case 'crit':
    case 'emergency':
    case 'page':
      return 'critical';
    case 'error':
    case 'err':
    case 'high':
    case 'major':
      return 'high';
    case 'warning':
    case 'warn':
    case 'medium':
    case 'minor':
      return 'medium';
    case 'low':
      return 'low';
    case 'info':
    case 'informational':
    case 'debug':
    case 'none':
      return 'info';
    default:
      return fallback;
  }
}

export const sha256 = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

/**
 * An absolute http(s) URL, or one made absolute against `base`; undefined when neither works or
 * the scheme is another (a payload's `javascript:` link must never reach a page as a link).
 */
export function absoluteUrl(v: unknown, base?: string): string | undefined {
  const s = str(v);
  if (!s) return undefined;
  try {
    const url = new URL(s, base || undefined);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}
