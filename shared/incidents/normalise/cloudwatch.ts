/**
 * CloudWatch alarms as SNS delivers them: the envelope's `Message` is the alarm's JSON
 * (AlarmName, AlarmArn, NewStateValue, Trigger, …), or an EventBridge "CloudWatch Alarm State
 * Change" event; anything else published to the topic is a plain notification. The alarm ARN is
 * the identity (else account + region + name), so an ALARM and its OK meet. `Region` is a
 * display name, `StateChangeTime` uses `+0000`, `Trigger` may hold `Metrics[]` instead of a
 * metric name, and `AlarmDescription` may be null.
 */
import type { Severity, Signal } from '../model.ts';
import { arr, instant, isObject, labels, message, obj, severityWord, str, title, type Json } from './read.ts';

/** A severity written into the alarm's description: `severity: critical` (or `[critical]`). */
function describedSeverity(description: string | undefined, fallback: Severity): Severity {
  const m = /severity\s*[:=]\s*([a-z0-9]+)/i.exec(description ?? '') ?? /\[(critical|high|medium|low|warning|info)\]/i.exec(description ?? '');
  return severityWord(m?.[1], fallback);
}

/** Dimensions that name a service, most specific first. */
const SERVICE_DIMENSIONS = ['ServiceName', 'FunctionName', 'ApiName', 'QueueName', 'TableName', 'DBInstanceIdentifier', 'ClusterName', 'LoadBalancer', 'AutoScalingGroupName', 'BucketName'];

/** An alarm in a state (ALARM, INSUFFICIENT_DATA, OK) as a signal; also used by the CloudWatch pull. */
export function alarmSignal(state: string, alarm: { name: string; arn?: string; account?: string; region?: string; description?: string; reason?: string; at?: string; dims: Record<string, string>; metric?: string; namespace?: string }, receivedAt: string): Signal {
  const firing = state !== 'OK';
  const service = SERVICE_DIMENSIONS.map((d) => alarm.dims[d]).find(Boolean);
  return {
    source: 'cloudwatch',
    kind: 'alarm',
    status: firing ? 'firing' : 'resolved',
    severity: state === 'ALARM' ? describedSeverity(alarm.description, 'high') : state === 'INSUFFICIENT_DATA' ? 'low' : 'info',
    title: title(alarm.name),
    message: message([alarm.reason, alarm.description].filter(Boolean).join('\n')),
    ...(service ? { service } : {}),
    ...(Object.keys(alarm.dims).length ? { resource: Object.entries(alarm.dims).map(([k, v]) => `${k}=${v}`).join(',') } : {}),
    labels: { state, ...labels({ metric: alarm.metric, namespace: alarm.namespace, account: alarm.account, region: alarm.region }) },
    identity: alarm.arn ?? `${alarm.account ?? ''}:${alarm.region ?? ''}:${alarm.name}`,
    at: instant(alarm.at) ?? receivedAt,
  };
}

/** The signals of one SNS notification (its Message and Subject). */
export function normaliseCloudWatch(envelope: Json, receivedAt: string): Signal[] {
  const raw = str(envelope.Message) ?? '';
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    parsed = undefined;
  }
  if (isObject(parsed) && str(parsed.AlarmName) && str(parsed.NewStateValue)) {
    const trigger = obj(parsed.Trigger);
    const dims: Record<string, string> = Object.fromEntries(arr(trigger.Dimensions).map((d): [string, string] => [str(obj(d).name) ?? '', str(obj(d).value) ?? '']).filter(([k]) => k));
    const metrics = arr(trigger.Metrics);
    const metric = str(trigger.MetricName) ?? (metrics.length ? str(obj(obj(obj(metrics[0]).MetricStat).Metric).MetricName) ?? str(obj(metrics[0]).Id) : undefined);
    return [
      alarmSignal(
        str(parsed.NewStateValue)!,
        {
          name: str(parsed.AlarmName)!,
          arn: str(parsed.AlarmArn),
          account: str(parsed.AWSAccountId),
          region: str(parsed.Region),
          description: str(parsed.AlarmDescription),
          reason: str(parsed.NewStateReason),
          at: str(parsed.StateChangeTime),
          dims,
          metric,
          namespace: str(trigger.Namespace),
        },
        receivedAt,
      ),
    ];
  }
  if (isObject(parsed) && parsed['detail-type'] === 'CloudWatch Alarm State Change') {
    const detail = obj(parsed.detail);
    const state = obj(detail.state);
    return [
      alarmSignal(
        str(state.value) ?? 'ALARM',
        {
          name: str(detail.alarmName) ?? 'CloudWatch alarm',
          arn: str(arr(parsed.resources)[0]),
          account: str(parsed.account),
          region: str(parsed.region),
          description: str(obj(detail.configuration).description),
          reason: str(state.reason),
          at: str(state.timestamp) ?? str(parsed.time),
          dims: {},
        },
        receivedAt,
      ),
    ];
  }
  // Any other message on the topic: a notification, fingerprinted by its template.
  const subject = str(envelope.Subject);
  return [
    {
      source: 'cloudwatch',
      kind: 'notification',
      status: 'firing',
      severity: 'medium',
      title: title(subject ?? raw.split('\n')[0] ?? 'SNS notification'),
      message: message(raw),
      labels: labels({ topic: envelope.TopicArn }),
      at: instant(envelope.Timestamp) ?? receivedAt,
    },
  ];
}
