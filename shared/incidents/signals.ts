/**
 * The signals consumer's work: one batch (one delivery, or a slice of it) at a time. Confirms an
 * SNS subscription whose signature checked (only to a SubscribeURL the trust allows, checked
 * again here), mines templates for signals without a source identity, correlates every signal
 * and announces what changed on the bus.
 */
import type { EventPublisher } from '../events/domain-events.ts';
import type { DomainEvent } from '../events/catalog.ts';
import { meterReads } from '../aws/read-meter.ts';
import { correlateSignal, type CorrelateDeps, type CorrelationResult } from './correlate.ts';
import { incidentEvent } from './incident-events.ts';
import type { SignalBatch } from './model.ts';
import type { SnsTrust } from './sns.ts';
import { TemplateMiner } from './templates/miner.ts';

export interface TemplateStore {
  load(projectId: string): Promise<{ state: unknown; version: number } | undefined>;
  /** Conditional on the version loaded; false when someone saved meanwhile (the save is skipped). */
  save(projectId: string, state: unknown, expectedVersion: number): Promise<boolean>;
}

export interface SignalDeps extends CorrelateDeps {
  templates: TemplateStore;
  bus: EventPublisher;
  sns: SnsTrust;
  /** Pins the hook to the topic it confirmed. */
  pinTopic(hookId: string, topicArn: string): Promise<void>;
  /** Counts a delivery on its hook (kept off the webhook's path, which only enqueues). */
  touchHook(hookId: string, at: string, offset: number): Promise<void>;
}

export async function processBatch(deps: SignalDeps, batch: SignalBatch): Promise<CorrelationResult[]> {
  if (batch.confirmSubscription) {
    const url = new URL(batch.confirmSubscription.subscribeUrl);
    if (!deps.sns.subscribeUrlAllowed(url)) throw new Error('SubscribeURL not on an SNS host; not followed');
    await deps.sns.fetchText(url.toString());
    if (batch.hookId) await deps.pinTopic(batch.hookId, batch.confirmSubscription.topicArn);
  }
  const needTemplates = batch.signals.some((s) => !s.identity);
  let miner: TemplateMiner | undefined;
  let loaded: { state: unknown; version: number } | undefined;
  if (needTemplates) {
    loaded = await deps.templates.load(batch.projectId);
    miner = loaded ? TemplateMiner.restore(loaded.state) : new TemplateMiner();
  }
  const results: CorrelationResult[] = [];
  const events: DomainEvent[] = [];
  const offset = batch.offset ?? 0;
  // A replayed delivery is enqueued again (the webhook tells it apart only after): its signals are dropped here.
  let fresh = batch.signals.length === 0;
  for (const [i, signal] of batch.signals.entries()) {
    if (signal.kind === 'test') {
      // A sender's "test notification": kept as a signal (the hook shows it arrived), never an incident.
      const signalId = `${batch.deliveryId}#${offset + i}`;
      if (await deps.store.signalSeen(batch.projectId, signalId)) continue;
      fresh = true;
      await deps.store.recordSignal(batch.projectId, signalId, { fingerprint: 'test', signal, receivedAt: batch.receivedAt, ...(batch.rawKey ? { rawKey: batch.rawKey } : {}) });
      continue;
    }
    let templateId: string | undefined;
    let template: string | undefined;
    if (!signal.identity && miner) {
      const match = miner.add(`${signal.title} ${signal.message}`.slice(0, 2000));
      templateId = match.clusterId;
      template = match.template;
    }
    const { result } = await meterReads(() => correlateSignal(deps, {
      projectId: batch.projectId,
      signalId: `${batch.deliveryId}#${offset + i}`,
      signal,
      receivedAt: batch.receivedAt,
      ...(batch.rawKey ? { rawKey: batch.rawKey } : {}),
      ...(templateId ? { templateId } : {}),
      ...(template ? { template } : {}),
    }));
    results.push(result);
    if (!result.duplicate) fresh = true;
    if (result.incident && result.change !== 'unchanged') events.push(incidentEvent(result.change, result.incident, undefined, result.previousSeverity));
  }
  // A lost race only loses this batch's template refinements; the fingerprints already chosen stand.
  if (miner) await deps.templates.save(batch.projectId, miner.toJSON(), loaded?.version ?? 0);
  if (events.length) await deps.bus.publish(events);
  if (batch.hookId && fresh) await deps.touchHook(batch.hookId, batch.receivedAt, offset);
  return results;
}
