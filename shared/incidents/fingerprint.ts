import { createHash } from 'node:crypto';
import type { Signal } from './model.ts';

/**
 * A signal's fingerprint: the source's own identity when it has one (so a firing and its
 * resolution meet), else the message's template id and the service (`templateId` from the
 * project's template miner).
 */
export function fingerprintOf(signal: Signal, templateId?: string): string {
  if (signal.identity) return `${signal.source}:${short(signal.identity)}`;
  return `tpl:${templateId ?? short(signal.title)}:${signal.service ?? ''}`;
}

/** Signals of one service group together across sources; without a service, a fingerprint is its own group. */
export function defaultGroupKey(signal: Signal, fingerprint: string): string {
  return signal.service ? `svc:${signal.service.toLowerCase()}` : `fp:${fingerprint}`;
}

/** Long identities (ARNs) are kept readable up to 120 characters, hashed beyond. */
function short(value: string): string {
  return value.length <= 120 ? value : `${value.slice(0, 80)}#${createHash('sha256').update(value).digest('hex').slice(0, 16)}`;
}
