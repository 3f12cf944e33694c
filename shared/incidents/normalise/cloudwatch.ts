/**
 * CloudWatch alarms as SNS delivers them: the envelope's `Message` is the alarm's JSON
 * (AlarmName, AlarmArn, NewStateValue, Trigger, …), or an EventBridge event (a "CloudWatch Alarm
 * State Change", or any other event a rule sends to the topic); anything else published to the
 * topic is a plain notification. The alarm ARN is the identity (else account + region + name),
 * so an ALARM and its OK meet. `Region` is a display name, `StateChangeTime` uses `+0000`,
 * `AlarmDescription` may be null, and the alarm may be a single metric (`Trigger.MetricName`),
 * metric math or an anomaly band (`Trigger.Metrics[]`, `ThresholdMetricId`) or a composite
 * (`AlarmRule`, `TriggeringChildren`, no `Trigger`). A multi-time-series alarm (Metrics Insights
 * `GROUP BY`, a log alarm with `BY`) also notifies per contributor (`AlarmContributorId`,
 * `AlarmContributorAttributes`): each contributor is its own identity, so one series' OK does not
 * resolve another's ALARM.
 */
import type { Severity, Signal } from '../model.ts';
import { absoluteUrl, arr, instant, isObject, labels, message, obj, severityWord, str, title, type Json } from './read.ts';

/** A severity written into the alarm's description: `severity: critical` (or `[critical]`). */
function describedSeverity(description: string | undefined, fallback: Severity): Severity {
  const m = /severity\s*[:=]\s*([a-z0-9]+)/i.exec(description ?? '') ?? /\[(critical|high|medium|low|warning|info)\]/i.exec(description ?? '');
  return severityWord(m?.[1], fallback);
}

/** Dimensions that name a service, most specific first. */
const SERVICE_DIMENSIONS = ['ServiceName', 'FunctionName', 'ApiName', 'QueueName', 'TableName', 'DBInstanceIdentifier', 'ClusterName', 'LoadBalancer', 'AutoScalingGroupName', 'BucketName'];

/** An alarm's name from its ARN (`arn:aws:cloudwatch:<region>:<account>:alarm:<name>`), else the text as it is. */
const alarmNameOf = (arnOrName: string) => arnOrName.split(':alarm:')[1] ?? arnOrName;

/** The consoles of AWS's partitions, by the partition an ARN names. */
const CONSOLES: Record<string, string> = {
  aws: 'https://console.aws.amazon.com',
  'aws-cn': 'https://console.amazonaws.cn',
  'aws-us-gov': 'https://console.amazonaws-us-gov.com',
};

/** The alarm's page in the CloudWatch console, from its ARN (`arn:<partition>:cloudwatch:<region>:…:alarm:<name>`). */
function consoleUrlOf(arn: string | undefined): string | undefined {
  const m = /^arn:([a-z-]+):cloudwatch:([a-z0-9-]+):\d*:alarm:(.+)$/.exec(arn ?? '');
  const origin = m && CONSOLES[m[1]!];
  return origin ? `${origin}/cloudwatch/home?region=${m[2]}#alarmsV2:alarm/${encodeURIComponent(m[3]!)}` : undefined;
}

/** The region code an ARN names (`arn:aws:cloudwatch:eu-west-1:…` → `eu-west-1`). */
const regionOfArn = (arn: string | undefined) => /^arn:[a-z-]+:[a-z0-9-]+:([a-z0-9-]+):/.exec(arn ?? '')?.[1];

/** The last part of an ARN (`…:instance/i-0abc` → `i-0abc`, `…:db:orders` → `orders`). */
const shortName = (arn: string | undefined) => arn?.split(/[/:]/).pop() || undefined;

/** AWS Health's event categories, as severities: an issue is someone's outage, the rest is notice. */
const HEALTH_SEVERITY: Record<string, Severity> = { issue: 'high', investigation: 'high', scheduledChange: 'low', accountNotification: 'info' };

/**
 * An AWS Health event (EventBridge `aws.health`): named by its event type ("EC2 instance store
 * drive performance degraded"), its description as the message; the event's ARN is the identity,
 * so its `closed` status resolves what its `open` fired.
 */
function healthSignal(event: Json, topic: string | undefined, receivedAt: string): Signal {
  const detail = obj(event.detail);
  const code = str(detail.eventTypeCode) ?? 'event';
  const words = code.replace(/^AWS_/, '').split('_');
  const named = [words[0], ...words.slice(1).map((w) => w.toLowerCase())].join(' ');
  const described = str(obj(arr(detail.eventDescription)[0]).latestDescription);
  const entity = str(obj(arr(detail.affectedEntities)[0]).entityValue) ?? shortName(str(arr(event.resources)[0]));
  const identity = str(detail.eventArn);
  return {
    source: 'cloudwatch',
    kind: 'health',
    status: str(detail.statusCode) === 'closed' ? 'resolved' : 'firing',
    severity: HEALTH_SEVERITY[str(detail.eventTypeCategory) ?? ''] ?? 'medium',
    title: title(`AWS Health: ${named}`),
    message: message(described ?? code),
    ...(str(detail.service) ? { service: str(detail.service)! } : {}),
    ...(entity ? { resource: entity } : {}),
    labels: labels({ topic, eventSource: 'aws.health', eventTypeCode: code, category: detail.eventTypeCategory, account: event.account, region: event.region }),
    ...(identity ? { identity: entity ? `${identity}#${entity}` : identity } : {}),
    at: instant(event.time) ?? receivedAt,
  };
}

/**
 * An RDS event notification (`Source ID`, `Event Message`, `Identifier Link`, `Event ID`): named
 * by the database and what happened ("orders-db: DB instance restarted"); its database is the
 * service, as a CloudWatch alarm on it (`DBInstanceIdentifier`) names it, so the two group.
 */
function rdsSignal(event: Json, topic: string | undefined, receivedAt: string): Signal {
  const sourceId = str(event['Source ID'])!;
  const what = str(event['Event Message'])!;
  // "2026-11-29 19:58:03.123" is UTC without saying so.
  const time = str(event['Event Time'])?.replace(' ', 'T');
  const url = absoluteUrl(event['Identifier Link']);
  return {
    source: 'cloudwatch',
    kind: 'event',
    status: 'firing',
    severity: 'medium',
    title: title(`${sourceId}: ${what}`),
    message: message(what),
    service: sourceId,
    resource: str(event['Source ARN']) ?? sourceId,
    labels: labels({ topic, eventSource: str(event['Event Source']), eventId: /RDS-EVENT-\d+/.exec(str(event['Event ID']) ?? '')?.[0] }),
    at: instant(time && !/[zZ]|[+-]\d{2}:?\d{2}$/.test(time) ? `${time}Z` : time) ?? receivedAt,
    ...(url ? { url } : {}),
  };
}

/** What an alarm notification (SNS, EventBridge) or DescribeAlarms says about one alarm. */
export interface AlarmFacts {
  name: string;
  arn?: string;
  account?: string;
  region?: string;
  description?: string;
  reason?: string;
  at?: string;
  dims: Record<string, string>;
  metric?: string;
  namespace?: string;
  /** A composite alarm's rule (`ALARM(a) OR ALARM(b)`). */
  rule?: string;
  /** The child alarms (names) that moved a composite alarm. */
  children?: string[];
  /** One contributor (time series) of a multi-time-series alarm: its id and attributes. */
  contributor?: { id: string; attributes: Record<string, string> };
}

/** An alarm in a state (ALARM, INSUFFICIENT_DATA, OK) as a signal; also used by the CloudWatch pull. */
export function alarmSignal(state: string, alarm: AlarmFacts, receivedAt: string): Signal {
  const firing = state !== 'OK';
  const contributor = alarm.contributor;
  const dims = contributor ? { ...alarm.dims, ...contributor.attributes } : alarm.dims;
  const service = SERVICE_DIMENSIONS.map((d) => dims[d]).find(Boolean);
  const series = contributor ? Object.entries(contributor.attributes).map(([k, v]) => `${k}=${v}`).join(', ') || contributor.id : undefined;
  const identity = alarm.arn ?? `${alarm.account ?? ''}:${alarm.region ?? ''}:${alarm.name}`;
  const children = alarm.children?.length ? `Triggered by: ${alarm.children.join(', ')}` : undefined;
  const url = consoleUrlOf(alarm.arn);
  return {
    source: 'cloudwatch',
    kind: 'alarm',
    status: firing ? 'firing' : 'resolved',
    severity: state === 'ALARM' ? describedSeverity(alarm.description, 'high') : state === 'INSUFFICIENT_DATA' ? 'low' : 'info',
    title: title(series ? `${alarm.name} (${series})` : alarm.name),
    message: message([alarm.reason, children, alarm.description].filter(Boolean).join('\n')),
    ...(service ? { service } : {}),
    ...(Object.keys(dims).length ? { resource: Object.entries(dims).map(([k, v]) => `${k}=${v}`).join(',') } : {}),
    labels: { state, ...labels({ metric: alarm.metric, namespace: alarm.namespace, account: alarm.account, region: alarm.region, rule: alarm.rule, ...(alarm.rule !== undefined ? { type: 'composite' } : {}) }) },
    identity: contributor ? `${identity}#contributor:${contributor.id}` : identity,
    at: instant(alarm.at) ?? receivedAt,
    ...(url ? { url } : {}),
  };
}

interface MetricFacts {
  dims: Record<string, string>;
  metric?: string;
  namespace?: string;
}

/** A dimension list (`[{name, value}]`, either casing) or map (EventBridge's `{k: v}`). */
function dimensionsOf(v: unknown): Record<string, string> {
  if (Array.isArray(v)) {
    return Object.fromEntries(
      v
        .filter(isObject)
        .map((d): [string, string] => [str(d.name) ?? str(d.Name) ?? '', str(d.value) ?? str(d.Value) ?? ''])
        .filter(([k]) => k),
    );
  }
  return labels(v);
}

/**
 * The metric an alarm watches, from an SNS `Trigger`: one metric (`MetricName`, `Dimensions`),
 * or metric math and anomaly bands (`Metrics[]`: the metrics' `MetricStat`s carry the names and
 * dimensions). Named as an operator knows it: an anomaly band by the metric it watches, a math
 * expression by its label (`Error rate`), else the metric's own name.
 */
function triggerMetric(trigger: Json): MetricFacts {
  const metrics = arr(trigger.Metrics).filter(isObject);
  if (!metrics.length) return { dims: dimensionsOf(trigger.Dimensions), metric: str(trigger.MetricName), namespace: str(trigger.Namespace) };
  const statOf = (m: Json) => obj(obj(m.MetricStat).Metric);
  const stats = metrics.map(statOf).filter((m) => str(m.MetricName));
  // The first metric's dimensions win where several name the same one.
  const dims = Object.assign({}, ...[...stats].reverse().map((m) => dimensionsOf(m.Dimensions))) as Record<string, string>;
  // An anomaly band names its band's id (SNS), or shows only as the band's expression (EventBridge).
  const band = str(trigger.ThresholdMetricId) !== undefined || metrics.some((m) => /^\s*ANOMALY_DETECTION_BAND\(/i.test(str(m.Expression) ?? ''));
  const watched = metrics.find((m) => m.ReturnData === true && !(band && str(m.Id) === str(trigger.ThresholdMetricId))) ?? metrics[0]!;
  const metric = band ? str(stats[0]?.MetricName) : (str(statOf(watched).MetricName) ?? str(watched.Label) ?? str(watched.Expression) ?? str(stats[0]?.MetricName));
  return { dims, metric: metric ?? str(watched.Id), namespace: str(stats[0]?.Namespace) ?? str(trigger.Namespace) };
}

/**
 * The same from an EventBridge alarm event's `configuration.metrics[]` (lower-case keys, map
 * dimensions), read by the same rule as the SNS message's, so that an alarm is labelled alike
 * whichever way it arrives.
 */
function eventBridgeMetric(configuration: Json): MetricFacts {
  const metrics = arr(configuration.metrics).filter(isObject).map((m) => {
    const metric = obj(obj(m.metricStat).metric);
    return {
      Id: m.id,
      Expression: m.expression,
      Label: m.label,
      ReturnData: m.returnData,
      MetricStat: { Metric: { MetricName: metric.name, Namespace: metric.namespace, Dimensions: metric.dimensions } },
    };
  });
  const facts = triggerMetric({ Metrics: metrics, ThresholdMetricId: configuration.thresholdMetricId });
  return { dims: facts.dims, ...(facts.metric ? { metric: facts.metric } : {}), ...(facts.namespace ? { namespace: facts.namespace } : {}) };
}

/** A composite alarm's triggering children: `[{Arn, State}]` as sent, or bare ARNs as documented. */
const childrenOf = (v: unknown) =>
  arr(v)
    .map((c) => str(c) ?? str(obj(c).Arn) ?? str(obj(c).arn))
    .filter((c): c is string => !!c)
    .map(alarmNameOf)
    .slice(0, 10);

/** EventBridge events about alarms that are not state changes: nothing to correlate. */
const ALARM_EVENTS_WITHOUT_STATE = new Set(['CloudWatch Alarm Configuration Change']);

/** Fields that name a JSON message published to the topic by something other than CloudWatch. */
const JSON_TITLE_KEYS = ['subject', 'Subject', 'title', 'Title', 'notificationType', 'eventType', 'event', 'message', 'Message'];

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
    const composite = str(parsed.AlarmRule) !== undefined;
    const { dims, metric, namespace } = composite ? { dims: {}, metric: undefined, namespace: undefined } : triggerMetric(obj(parsed.Trigger));
    return [
      alarmSignal(
        str(parsed.NewStateValue)!,
        {
          name: str(parsed.AlarmName)!,
          arn: str(parsed.AlarmArn),
          account: str(parsed.AWSAccountId),
          // The code, as EventBridge events give it (the message's Region is its long name, "EU (Ireland)").
          region: regionOfArn(str(parsed.AlarmArn)) ?? str(parsed.Region),
          description: str(parsed.AlarmDescription),
          reason: str(parsed.NewStateReason),
          at: str(parsed.StateChangeTime),
          dims,
          metric,
          namespace,
          ...(composite ? { rule: str(parsed.AlarmRule)!, children: childrenOf(parsed.TriggeringChildren) } : {}),
          ...(str(parsed.AlarmContributorId) ? { contributor: { id: str(parsed.AlarmContributorId)!, attributes: labels(parsed.AlarmContributorAttributes) } } : {}),
        },
        receivedAt,
      ),
    ];
  }
  const detailType = isObject(parsed) ? str(parsed['detail-type']) : undefined;
  if (isObject(parsed) && (detailType === 'CloudWatch Alarm State Change' || detailType === 'CloudWatch Alarm Contributor State Change')) {
    const detail = obj(parsed.detail);
    const contributor = obj(detail.alarmContributor);
    const state = obj(detail.state);
    const configuration = obj(detail.configuration);
    const rule = str(configuration.alarmRule);
    let children: string[] = [];
    try {
      children = childrenOf(obj(JSON.parse(str(state.reasonData) ?? '{}')).triggeringAlarms);
    } catch {
      // reasonData is free-form for metric alarms.
    }
    return [
      alarmSignal(
        str(state.value) ?? 'ALARM',
        {
          name: str(detail.alarmName) ?? 'CloudWatch alarm',
          arn: str(arr(parsed.resources)[0]),
          account: str(parsed.account),
          region: str(parsed.region),
          description: str(configuration.description),
          reason: str(state.reason),
          at: str(state.timestamp) ?? str(parsed.time),
          ...(rule !== undefined ? { dims: {}, rule, children } : eventBridgeMetric(configuration)),
          ...(str(contributor.id) ? { contributor: { id: str(contributor.id)!, attributes: labels(contributor.attributes) } } : {}),
        },
        receivedAt,
      ),
    ];
  }
  if (detailType && ALARM_EVENTS_WITHOUT_STATE.has(detailType)) return [];
  if (isObject(parsed) && detailType && str(parsed.source) === 'aws.health') return [healthSignal(parsed, str(envelope.TopicArn), receivedAt)];
  if (isObject(parsed) && detailType && str(parsed.source)) {
    // Another EventBridge event sent to the topic (EC2 state changes, …).
    const resource = shortName(str(arr(parsed.resources)[0]));
    return [
      {
        source: 'cloudwatch',
        kind: 'event',
        status: 'firing',
        severity: 'medium',
        title: title(detailType),
        message: message(JSON.stringify(parsed.detail ?? {})),
        ...(resource ? { resource } : {}),
        labels: labels({ topic: envelope.TopicArn, eventSource: parsed.source, account: parsed.account, region: parsed.region, resource: arr(parsed.resources)[0] }),
        at: instant(parsed.time) ?? instant(envelope.Timestamp) ?? receivedAt,
      },
    ];
  }
  if (isObject(parsed) && str(parsed['Source ID']) && str(parsed['Event Message'])) return [rdsSignal(parsed, str(envelope.TopicArn), receivedAt)];
  // Any other message on the topic: a notification, fingerprinted by its template. String
  // message attributes become labels; a `severity` attribute sets the severity.
  const attributes = Object.fromEntries(
    Object.entries(obj(envelope.MessageAttributes))
      .filter(([, a]) => isObject(a) && str(a.Type) === 'String')
      .map(([k, a]) => [k, str(obj(a).Value)]),
  );
  // A JSON message from another service (SES, Budgets, an app): its own subject-like field names it.
  const named = isObject(parsed) ? JSON_TITLE_KEYS.map((k) => str(parsed[k])).find((v) => v?.trim()) : undefined;
  const headline = str(envelope.Subject)?.trim() || named || raw.trim().split('\n')[0]?.trim() || 'SNS notification';
  return [
    {
      source: 'cloudwatch',
      kind: 'notification',
      status: 'firing',
      severity: severityWord(attributes.severity, 'medium'),
      title: title(headline),
      message: message(raw),
      labels: labels({ ...attributes, topic: envelope.TopicArn }),
      at: instant(envelope.Timestamp) ?? receivedAt,
    },
  ];
}
