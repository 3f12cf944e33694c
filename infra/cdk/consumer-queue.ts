import { Duration } from 'aws-cdk-lib';
import { Rule, type IEventBus } from 'aws-cdk-lib/aws-events';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { EVENT_SOURCE } from '../../shared/events/domain-events.ts';
import type { ConsumerDef } from '../route-types.ts';
import type { StageSettings } from './stage.ts';
import type { StageNames } from './stage-names.ts';

export interface ConsumerQueueProps {
  name: string;
  consumer: ConsumerDef;
  fn: IFunction;
  bus: IEventBus;
  stage: StageSettings;
  names: StageNames;
}

/** SQS allows up to 10 messages per batch without a batching window. */
const MAX_UNWINDOWED_BATCH = 10;

/**
 * Bus → rule (`source: mosaic`, the consumer's detail types) → queue (+ dead-letter queue) →
 * the consumer function, in batches, reporting partial failures so only failed records retry.
 */
export class ConsumerQueue extends Construct {
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly deadLetterQueueName: string;
  readonly rule: Rule;

  constructor(scope: Construct, id: string, props: ConsumerQueueProps) {
    super(scope, id);
    const { name, consumer, names } = props;
    this.deadLetterQueueName = names.deadLetterQueue(name);

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      queueName: this.deadLetterQueueName,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
      removalPolicy: props.stage.removalPolicy,
    });
    this.queue = new Queue(this, 'Queue', {
      queueName: names.queue(name),
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(consumer.visibilityTimeoutSeconds),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: consumer.maxReceiveCount },
      removalPolicy: props.stage.removalPolicy,
    });

    this.rule = new Rule(this, 'Rule', {
      ruleName: names.rule(name),
      description: `Mosaic ${props.stage.name}: ${consumer.eventTypes.join(', ')} → ${name}`,
      eventBus: props.bus,
      eventPattern: { source: [EVENT_SOURCE], detailType: [...consumer.eventTypes] },
      targets: [new SqsQueue(this.queue)],
    });

    props.fn.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: consumer.batchSize,
        reportBatchItemFailures: true,
        ...(consumer.batchSize > MAX_UNWINDOWED_BATCH ? { maxBatchingWindow: Duration.seconds(5) } : {}),
      }),
    );
  }
}
