import { Duration } from 'aws-cdk-lib';
import { Rule, type IEventBus } from 'aws-cdk-lib/aws-events';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { EVENT_SOURCE } from '../../shared/events/event-spec.ts';
import type { ConsumerDef } from '../routes/types.ts';
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
 * the consumer function (a job queue has no rule: functions send to it), in batches, reporting partial failures so only failed records retry.
 */
export class ConsumerQueue extends Construct {
  /** The consumer's name in the route table. */
  readonly name: string;
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly deadLetterQueueName: string;
  /** The bus rule feeding the queue; none for a job queue (functions send to it directly). */
  readonly rule?: Rule;

  constructor(scope: Construct, id: string, props: ConsumerQueueProps) {
    super(scope, id);
    const { name, consumer, names } = props;
    this.name = name;
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

    if (consumer.eventTypes?.length) {
      this.rule = new Rule(this, 'Rule', {
        ruleName: names.rule(name),
        description: `Mosaic ${props.stage.name}: ${consumer.eventTypes.join(', ')} → ${name}`,
        eventBus: props.bus,
        eventPattern: { source: [EVENT_SOURCE], detailType: [...consumer.eventTypes] },
        targets: [new SqsQueue(this.queue)],
      });
    }

    props.fn.addEventSource(
      new SqsEventSource(this.queue, {
        batchSize: consumer.batchSize,
        reportBatchItemFailures: true,
        ...(consumer.maxConcurrency ? { maxConcurrency: Math.max(2, consumer.maxConcurrency) } : {}),
        ...(consumer.batchSize > MAX_UNWINDOWED_BATCH ? { maxBatchingWindow: Duration.seconds(5) } : {}),
      }),
    );
  }
}
