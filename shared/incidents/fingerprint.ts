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

/**
 * Signals of one service group together across sources; without a service, alerts the source
 * grouped (its groupKey) stay together; otherwise a fingerprint is its own group.
 */
export function defaultGroupKey(signal: Signal, fingerprint: string): string {
  if (signal.service) return `svc:${signal.service.toLowerCase()}`;
  if (signal.group) return `grp:${signal.source}:${short(signal.group)}`;
  return `fp:${fingerprint}`;
}

/** Long identities (ARNs) are kept readable up to 120 characters, hashed beyond. */
function short(value: string): string {
  return value.length <= 120 ? value : `${value.slice(0, 80)}#${createHash('sha256').update(value).digest('hex').slice(0, 16)}`;
}
