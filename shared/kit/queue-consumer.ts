import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { z } from 'zod';
import type { DomainEventType } from '../../infra/route-types.ts';
import { EventDetail } from '../events/domain-events.ts';
import { logger, metrics } from './observability.ts';

/** An EventBridge event as it arrives in an SQS message body (EventBridge → SQS target). */
const BusEnvelope = z.object({
  id: z.string(),
  'detail-type': z.string(),
  source: z.string(),
  time: z.string(),
  detail: EventDetail,
});

export interface BusEvent {
  id: string;
  type: DomainEventType;
  time: string;
  detail: EventDetail & Record<string, unknown>;
}

function parseRecord(record: SQSRecord): BusEvent {
  const envelope = BusEnvelope.parse(JSON.parse(record.body));
  return {
    id: envelope.id,
    type: envelope['detail-type'] as DomainEventType,
    time: envelope.time,
    detail: envelope.detail,
  };
}

/**
 * Wraps a consumer of bus events delivered through SQS. Records are processed one by one; a
 * failing record is reported in `batchItemFailures`, so only it is retried (and, after the
 * queue's maxReceiveCount, dead-lettered) while the rest of the batch completes.
 * `fn` must be idempotent: SQS delivers at least once.
 */
export function queueConsumer(fn: (event: BusEvent) => Promise<void>) {
  return middy<SQSEvent, SQSBatchResponse, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics))
    .handler(async (event) => {
      const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
      for (const record of event.Records) {
        try {
          const busEvent = parseRecord(record);
          logger.appendKeys({ userId: busEvent.detail.userId, eventType: busEvent.type, eventId: busEvent.id });
          await fn(busEvent);
          metrics.addMetric('eventsProcessed', MetricUnit.Count, 1);
        } catch (error) {
          logger.error('event.failed', {
            messageId: record.messageId,
            receiveCount: record.attributes.ApproximateReceiveCount,
            error: error as Error,
          });
          metrics.addMetric('eventsFailed', MetricUnit.Count, 1);
          batchItemFailures.push({ itemIdentifier: record.messageId });
        } finally {
          logger.removeKeys(['userId', 'eventType', 'eventId']);
        }
      }
      return { batchItemFailures };
    });
}
