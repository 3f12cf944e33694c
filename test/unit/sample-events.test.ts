import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { toHttpApiEvent } from '../../infra/local/api-event.ts';
import { toSqsEvent } from '../../infra/local/queue-pollers.ts';
import { ScheduleInput } from '../../shared/kit/schedule-input.ts';
import { EntryChanged } from '../../shared/events/tracking.ts';
import { ROOT } from '../support/local-process.ts';

const sample = <T>(name: string): T => JSON.parse(readFileSync(join(ROOT, 'events', name), 'utf8')) as T;

/** Key paths of a JSON value (objects only), to compare shapes. */
function shape(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => shape(v, prefix ? `${prefix}.${k}` : k));
}

describe('the local runtime builds the shapes AWS sends (events/ samples)', () => {
  it('API Gateway HTTP API request', () => {
    const real = sample<APIGatewayProxyEventV2>('apigw-put-entry.json');
    const local = toHttpApiEvent(
      {
        method: 'PUT',
        url: real.rawPath,
        headers: real.headers,
        body: Buffer.from(real.body!),
        sourceIp: '127.0.0.1',
        host: 'localhost:3000',
      },
      real.routeKey,
      real.pathParameters as Record<string, string>,
    );
    // The local gateway verifies tokens in the function; it sets no authorizer context.
    const realShape = shape(real).filter((k) => !k.startsWith('requestContext.authorizer'));
    const localShape = shape(local);
    for (const key of realShape) expect(localShape).toContain(key);
  });

  it('SQS batch from an EventBridge target', () => {
    const real = sample<{ Records: Array<Record<string, unknown>> }>('sqs-entry-logged.json');
    const local = toSqsEvent(
      [{ MessageId: 'm1', ReceiptHandle: 'r1', Body: '{}', MD5OfBody: 'x', Attributes: { ApproximateReceiveCount: '1' } }],
      'arn:aws:sqs:us-east-1:000000000000:q',
      'us-east-1',
    );
    expect(shape(local.Records[0]).sort()).toEqual(shape(real.Records[0]).sort());
    const envelope = JSON.parse(real.Records[0]!.body as string);
    expect(EntryChanged.parse(envelope.detail)).toMatchObject({ status: 'done', value: 6.5 });
  });

  it('Scheduler input', () => {
    expect(ScheduleInput.parse(sample('scheduler-finalize-days.json'))).toEqual({
      schedule: 'finalize-days',
      scheduledTime: '2026-11-21T10:00:00Z',
    });
  });
});
