/**
 * Mosaic watches itself, locally: the runtime raises the alarms the ops stack makes in the cloud
 * — a dead letter arrives in a consumer's queue, the API's 5xx answers cross their threshold —
 * and delivers them, as SNS would, as signed CloudWatch alarm notifications (ALARM, then OK) to
 * the system project's CloudWatch hook, through the same HTTP path any hook takes.
 */
import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { LocalSns } from './sns-local.ts';

/** 5xx answers within a minute that raise the API alarm (the cloud alarm: above zero per period). */
export const API_5XX_THRESHOLD = 5;
const ACCOUNT = '000000000000';
const REGION = 'us-east-1';

export interface SelfWatchOptions {
  hookUrl: string;
  sns: LocalSns;
  sqs: SQSClient;
  deadLetterQueues: Record<string, string>;
  stage: string;
  intervalMs?: number;
  log?: (line: string) => void;
}

function alarmMessage(name: string, description: string, state: 'ALARM' | 'OK', reason: string, dimensions: Array<{ name: string; value: string }>, metric: string, namespace: string) {
  return JSON.stringify({
    AlarmName: name,
    AlarmDescription: description,
    AWSAccountId: ACCOUNT,
    NewStateValue: state,
    NewStateReason: reason,
    StateChangeTime: new Date().toISOString().replace('Z', '+0000'),
    Region: 'US East (N. Virginia)',
    AlarmArn: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${name}`,
    OldStateValue: state === 'ALARM' ? 'OK' : 'ALARM',
    Trigger: { MetricName: metric, Namespace: namespace, Statistic: 'SUM', Dimensions: dimensions, Period: 60, EvaluationPeriods: 1, ComparisonOperator: 'GreaterThanThreshold', Threshold: 0 },
  });
}

export function startSelfWatch(options: SelfWatchOptions) {
  const topicArn = `arn:aws:sns:${REGION}:${ACCOUNT}:mosaic-${options.stage}-alarms`;
  const states = new Map<string, 'ALARM' | 'OK'>();
  const errors: number[] = [];
  const deliver = async (name: string, state: 'ALARM' | 'OK', message: string) => {
    if ((states.get(name) ?? 'OK') === state) return;
    states.set(name, state);
    const envelope = options.sns.envelope({ message, subject: `${state}: "${name}" in US East (N. Virginia)`, topicArn });
    const status = await options.sns.deliver(options.hookUrl, envelope).catch(() => 0);
    options.log?.(`[self-watch] ${name} → ${state} (hook answered ${status})`);
  };
  const check = async () => {
    for (const [consumer, url] of Object.entries(options.deadLetterQueues)) {
      const attrs = (await options.sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] }))).Attributes;
      const depth = Number(attrs?.ApproximateNumberOfMessages ?? '0');
      const name = `mosaic-${options.stage}-${consumer}-dlq-messages`;
      const description = `severity: high. Messages waiting in the dead-letter queue of ${consumer}: events a consumer gave up on`;
      await deliver(name, depth > 0 ? 'ALARM' : 'OK', alarmMessage(name, description, depth > 0 ? 'ALARM' : 'OK', `${depth} message(s) in the dead-letter queue`, [{ name: 'QueueName', value: `${consumer}-dlq` }], 'ApproximateNumberOfMessagesVisible', 'AWS/SQS'));
    }
    const since = Date.now() - 60_000;
    while (errors.length && errors[0]! < since) errors.shift();
    const name = `mosaic-${options.stage}-api-5xx`;
    const firing = errors.length >= API_5XX_THRESHOLD;
    if (firing || states.get(name) === 'ALARM') {
      await deliver(name, firing ? 'ALARM' : 'OK', alarmMessage(name, 'severity: critical. The API answered 5xx (function errors, timeouts)', firing ? 'ALARM' : 'OK', `${errors.length} 5xx answers in the last minute`, [{ name: 'ApiName', value: `mosaic-${options.stage}` }], '5xx', 'AWS/ApiGateway'));
    }
  };
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    check()
      .catch((error: unknown) => options.log?.(`[self-watch] check failed: ${(error as Error).message}`))
      .finally(() => (running = false));
  }, options.intervalMs ?? 5000);
  timer.unref();
  return {
    /** Counts an API answer (the gateway calls this for each). */
    answered(status: number) {
      if (status >= 500) errors.push(Date.now());
    },
    stop: () => clearInterval(timer),
  };
}
