/**
 * CloudWatch pulls: Mosaic assumes a role in the monitored account (with the external id the
 * account's owner put in the role's trust policy), then reads the alarms in ALARM, notices the ones
 * it saw firing that went back to OK, and reads the chosen log groups' events that match a filter
 * pattern from a checkpoint. Pure: the AWS calls come in through `CloudWatchApi` (SDK shapes; the
 * SDK adapter is `cloudwatch-aws.ts`), and the checkpoint goes back to the caller to store.
 *
 * An alarm's identity is its ARN, the same as an alarm delivered by SNS to the CloudWatch hook,
 * so a pulled alarm and a pushed one correlate into one incident.
 */
import type { CompositeAlarm, DescribeAlarmsCommandInput, DescribeAlarmsCommandOutput, MetricAlarm } from '@aws-sdk/client-cloudwatch';
import type { FilterLogEventsCommandInput, FilterLogEventsCommandOutput, FilteredLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import type { AssumeRoleCommandInput } from '@aws-sdk/client-sts';
import { SourceError, type Connector, type ConnectorContext, type Pulled } from './connector.ts';
import type { Severity, Signal } from './model.ts';
import { alarmSignal } from './normalise/cloudwatch.ts';
import { message, title } from './normalise/read.ts';

/** The calls a pull makes, in the SDK's shapes. */
export interface CloudWatchSession {
  describeAlarms(input: DescribeAlarmsCommandInput): Promise<Pick<DescribeAlarmsCommandOutput, 'MetricAlarms' | 'CompositeAlarms' | 'NextToken'>>;
  filterLogEvents(input: FilterLogEventsCommandInput): Promise<Pick<FilterLogEventsCommandOutput, 'events' | 'nextToken'>>;
}

export interface CloudWatchApi {
  /** Assumes the role (STS AssumeRole with the external id) and returns clients of its region. */
  session(region: string, role: Required<Pick<AssumeRoleCommandInput, 'RoleArn' | 'ExternalId' | 'RoleSessionName'>>): Promise<CloudWatchSession>;
}

/** What one pull remembers for the next: the alarms seen in ALARM, and each log group's position. */
export interface CloudWatchCheckpoint {
  /** Alarm ARN → name, of the alarms last seen in ALARM (or INSUFFICIENT_DATA since). */
  firing: Record<string, string>;
  /** Log group → the newest event time read, and the ids of the events read at that time. */
  logs: Record<string, { t: number; ids: string[] }>;
}

export const CLOUDWATCH_LIMITS = {
  /** Alarms in ALARM read per pull (pages of 100). */
  alarms: 500,
  logGroups: 5,
  /** Log events read per group per pull (pages of 500); the rest waits for the next pull. */
  eventsPerGroup: 2000,
  /** Attempts of one call that CloudWatch throttles, with back-off between them. */
  attempts: 4,
  backoffMs: 500,
} as const;

/** A Lambda-ish filter when none is set: lines that say they are errors. */
export const DEFAULT_FILTER_PATTERN = '?ERROR ?Error ?FATAL ?Exception ?Traceback';

const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
const REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;

/** The error a pull or test reports as the connection's status (not retried at once). */
export class CloudWatchError extends SourceError {}

/** Checks a CloudWatch connection's config and credentials; the message names what is wrong. */
export function checkCloudWatchInput(config: Record<string, string>, credentials: Record<string, string>): string | undefined {
  if (!REGION.test(config.region ?? '')) return 'config.region must be an AWS region such as eu-west-1.';
  if (!ROLE_ARN.test(credentials.roleArn ?? '')) return 'credentials.roleArn must be an IAM role ARN (arn:aws:iam::<account>:role/<name>).';
  if (!EXTERNAL_ID.test(credentials.externalId ?? '')) return 'credentials.externalId must be the external id of the role’s trust policy (2–1224 characters).';
  if (logGroupsOf(config).length > CLOUDWATCH_LIMITS.logGroups) return `At most ${CLOUDWATCH_LIMITS.logGroups} log groups.`;
  return undefined;
}

/** `config.logGroups`: names separated by commas or new lines. */
export function logGroupsOf(config: Record<string, string>): string[] {
  return (config.logGroups ?? '')
    .split(/[,\n]/)
    .map((g) => g.trim())
    .filter(Boolean);
}

const THROTTLED = new Set(['Throttling', 'ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded', 'LimitExceededException']);
const DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'AuthorizationError']);

interface AwsError {
  name?: string;
  message?: string;
}

/** One call, retried with back-off while CloudWatch throttles; its failure said plainly. */
async function call<T>(what: string, fn: () => Promise<T>, sleep: (ms: number) => Promise<void>, explain: (e: AwsError) => string | undefined): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      const e = error as AwsError;
      if (THROTTLED.has(e.name ?? '')) {
        if (attempt < CLOUDWATCH_LIMITS.attempts) {
          await sleep(CLOUDWATCH_LIMITS.backoffMs * 2 ** (attempt - 1));
          continue;
        }
        throw new CloudWatchError(`CloudWatch throttled ${what} ${attempt} times (${e.name}); the next pull backs off.`);
      }
      throw new CloudWatchError(explain(e) ?? `${what} failed: ${e.name ?? 'Error'}: ${e.message ?? ''}`.trim());
    }
  }
}

export interface CloudWatchPullDeps {
  api: CloudWatchApi;
  now: () => Date;
  sleep: (ms: number) => Promise<void>;
}

async function open(deps: CloudWatchPullDeps, connectionId: string, config: Record<string, string>, credentials: Record<string, string>) {
  const problem = checkCloudWatchInput(config, credentials);
  if (problem) throw new CloudWatchError(problem);
  const roleArn = credentials.roleArn!;
  return call(
    'AssumeRole',
    () => deps.api.session(config.region!, { RoleArn: roleArn, ExternalId: credentials.externalId!, RoleSessionName: `mosaic-${connectionId}`.slice(0, 64) }),
    deps.sleep,
    (e) =>
      DENIED.has(e.name ?? '')
        ? `Mosaic may not assume ${roleArn} (${e.name}): the role’s trust policy must name Mosaic’s account as principal and require this external id.`
        : e.name === 'LocalRuntime' || e.name === 'InvalidClientTokenId' || e.name === 'ExpiredToken'
          ? `CloudWatch pulls run in the cloud only (${e.name}): the local runtime has no AWS account to assume the role from. Locally, alarms arrive through the CloudWatch (SNS) hook.`
          : undefined,
  );
}

const denied = (action: string) => (e: AwsError) =>
  DENIED.has(e.name ?? '') ? `The assumed role may not call ${action} (${e.name}); add it to the role’s permissions.` : undefined;

/** "Test connection": assume the role and read one page of alarms (and check each log group). */
export async function testCloudWatch(deps: CloudWatchPullDeps, connectionId: string, config: Record<string, string>, credentials: Record<string, string>): Promise<string> {
  const session = await open(deps, connectionId, config, credentials);
  const out = await call('DescribeAlarms', () => session.describeAlarms({ StateValue: 'ALARM', AlarmTypes: ['MetricAlarm', 'CompositeAlarm'], MaxRecords: 100 }), deps.sleep, denied('cloudwatch:DescribeAlarms'));
  const firing = (out.MetricAlarms?.length ?? 0) + (out.CompositeAlarms?.length ?? 0);
  const groups = logGroupsOf(config);
  for (const group of groups) {
    await call('FilterLogEvents', () => session.filterLogEvents({ logGroupName: group, startTime: deps.now().getTime() - 60_000, limit: 1 }), deps.sleep, logsError(group, config.region!));
  }
  const logs = groups.length ? `; ${groups.length} log group${groups.length > 1 ? 's' : ''} readable` : '';
  return `Assumed ${credentials.roleArn} in ${config.region}: ${firing}${out.NextToken ? '+' : ''} alarm${firing === 1 ? '' : 's'} in ALARM${logs}.`;
}

const logsError = (group: string, region: string) => (e: AwsError) =>
  e.name === 'ResourceNotFoundException' ? `Log group ${group} does not exist in ${region}.` : denied('logs:FilterLogEvents')(e);

/** An alarm from DescribeAlarms as the signal SNS would have delivered for it. */
function alarmFromApi(alarm: MetricAlarm | CompositeAlarm, state: string, now: Date): Signal {
  const arn = alarm.AlarmArn ?? '';
  const [, , , region, account] = arn.split(':');
  // Named and placed as its SNS message reads (normalise/cloudwatch.ts): a metric-math alarm by
  // its returned expression's label, an anomaly band by its metric, dimensions from its metrics.
  const metricAlarm = 'AlarmRule' in alarm ? undefined : (alarm as MetricAlarm);
  const metrics = metricAlarm?.Metrics ?? [];
  const firstStat = metrics.find((m) => m.MetricStat?.Metric?.MetricName)?.MetricStat?.Metric;
  const watched = metrics.find((m) => m.ReturnData && m.Id !== metricAlarm?.ThresholdMetricId) ?? metrics[0];
  const metric =
    metricAlarm?.MetricName ??
    (metricAlarm?.ThresholdMetricId ? firstStat?.MetricName : (watched?.MetricStat?.Metric?.MetricName ?? watched?.Label ?? watched?.Expression ?? firstStat?.MetricName)) ??
    watched?.Id;
  const namespace = metricAlarm?.Namespace ?? firstStat?.Namespace;
  const dims: Record<string, string> = {};
  for (const d of [...(metricAlarm?.Dimensions ?? []), ...metrics.flatMap((m) => m.MetricStat?.Metric?.Dimensions ?? [])]) if (d.Name && !(d.Name in dims)) dims[d.Name] = d.Value ?? '';
  return alarmSignal(
    state,
    {
      name: alarm.AlarmName ?? 'CloudWatch alarm',
      ...(arn ? { arn } : {}),
      ...(account ? { account } : {}),
      ...(region ? { region } : {}),
      ...(alarm.AlarmDescription ? { description: alarm.AlarmDescription } : {}),
      ...(alarm.StateReason ? { reason: alarm.StateReason } : {}),
      ...(alarm.StateUpdatedTimestamp ? { at: alarm.StateUpdatedTimestamp.toISOString() } : {}),
      dims,
      ...(metric ? { metric } : {}),
      ...(namespace ? { namespace } : {}),
      ...('AlarmRule' in alarm && alarm.AlarmRule !== undefined ? { rule: alarm.AlarmRule } : {}),
    },
    now.toISOString(),
  );
}

const alarmsOf = (out: Pick<DescribeAlarmsCommandOutput, 'MetricAlarms' | 'CompositeAlarms'>) => [...(out.MetricAlarms ?? []), ...(out.CompositeAlarms ?? [])];

/** The level a log line says it is at. */
function logSeverity(text: string): Severity {
  if (/\b(FATAL|CRITICAL|PANIC)\b/i.test(text)) return 'critical';
  if (/\bERROR\b|Exception|Traceback/i.test(text)) return 'high';
  // Warnings and lines that name no level: the filter pattern chose them, so they matter.
  return 'medium';
}

/** A log group's service: a Lambda's function name, else the group's last path segment. */
const serviceOf = (group: string) => group.replace(/^\/aws\/lambda\//, '').split('/').filter(Boolean).pop() ?? group;

function logSignal(group: string, event: FilteredLogEvent, now: Date): Signal {
  const text = event.message ?? '';
  return {
    source: 'cloudwatch',
    kind: 'log',
    status: 'firing',
    severity: logSeverity(text),
    title: title(text.split('\n')[0]!.trim() || group),
    message: message(text),
    service: serviceOf(group),
    resource: `${group}:${event.logStreamName ?? ''}`,
    labels: { logGroup: group, ...(event.logStreamName ? { logStream: event.logStreamName } : {}) },
    at: new Date(event.timestamp ?? now.getTime()).toISOString(),
  };
}

/**
 * One pull: alarms in ALARM (all pages, up to the limit), the resolution of those seen firing
 * before that are OK now (or deleted), and each log group's matching events since its checkpoint
 * (events at the checkpoint's own millisecond are told apart by id, so none is read twice).
 * Keys stay the same across pulls (an alarm by ARN and state-change time, an event by id).
 */
export async function pullCloudWatch(
  deps: CloudWatchPullDeps,
  connectionId: string,
  config: Record<string, string>,
  credentials: Record<string, string>,
  since: Date,
  previous: CloudWatchCheckpoint | undefined,
): Promise<{ pulled: Pulled[]; checkpoint: CloudWatchCheckpoint }> {
  const session = await open(deps, connectionId, config, credentials);
  const now = deps.now();
  const pulled: Pulled[] = [];
  const firing: Record<string, string> = {};

  let token: string | undefined;
  do {
    const out = await call(
      'DescribeAlarms',
      () => session.describeAlarms({ StateValue: 'ALARM', AlarmTypes: ['MetricAlarm', 'CompositeAlarm'], MaxRecords: 100, ...(token ? { NextToken: token } : {}) }),
      deps.sleep,
      denied('cloudwatch:DescribeAlarms'),
    );
    for (const alarm of alarmsOf(out)) {
      if (!alarm.AlarmArn || Object.keys(firing).length >= CLOUDWATCH_LIMITS.alarms) continue;
      firing[alarm.AlarmArn] = alarm.AlarmName ?? '';
      pulled.push({ key: `alarm:${alarm.AlarmArn}:${alarm.StateUpdatedTimestamp?.toISOString() ?? ''}`, signal: alarmFromApi(alarm, 'ALARM', now) });
    }
    token = Object.keys(firing).length < CLOUDWATCH_LIMITS.alarms ? out.NextToken : undefined;
  } while (token);

  // Seen firing before, not in ALARM now: OK resolves it, a deleted alarm too; INSUFFICIENT_DATA waits.
  const gone = Object.entries(previous?.firing ?? {}).filter(([arn]) => !(arn in firing));
  for (let i = 0; i < gone.length; i += 100) {
    const chunk = gone.slice(i, i + 100);
    const found = new Map<string, MetricAlarm | CompositeAlarm>();
    let next: string | undefined;
    do {
      const out = await call(
        'DescribeAlarms',
        () => session.describeAlarms({ AlarmNames: chunk.map(([, name]) => name), AlarmTypes: ['MetricAlarm', 'CompositeAlarm'], MaxRecords: 100, ...(next ? { NextToken: next } : {}) }),
        deps.sleep,
        denied('cloudwatch:DescribeAlarms'),
      );
      for (const alarm of alarmsOf(out)) if (alarm.AlarmArn) found.set(alarm.AlarmArn, alarm);
      next = out.NextToken;
    } while (next);
    for (const [arn, name] of chunk) {
      const alarm = found.get(arn);
      if (alarm?.StateValue === 'OK') {
        pulled.push({ key: `alarm:${arn}:${alarm.StateUpdatedTimestamp?.toISOString() ?? ''}`, signal: alarmFromApi(alarm, 'OK', now) });
      } else if (!alarm) {
        const signal = alarmFromApi({ AlarmArn: arn, AlarmName: name, StateReason: 'The alarm was deleted.', StateUpdatedTimestamp: now }, 'OK', now);
        pulled.push({ key: `alarm:${arn}:deleted`, signal });
      } else if (alarm.StateValue !== 'ALARM') {
        firing[arn] = name;
      }
    }
  }

  const logs: CloudWatchCheckpoint['logs'] = {};
  for (const group of logGroupsOf(config)) {
    const from = previous?.logs[group];
    const seen = new Set(from?.ids ?? []);
    let t = from?.t ?? since.getTime();
    let ids = from?.ids ?? [];
    let read = 0;
    let next: string | undefined;
    do {
      const out = await call(
        'FilterLogEvents',
        () =>
          session.filterLogEvents({
            logGroupName: group,
            filterPattern: config.filterPattern?.trim() || DEFAULT_FILTER_PATTERN,
            startTime: from?.t ?? since.getTime(),
            endTime: now.getTime(),
            limit: 500,
            ...(next ? { nextToken: next } : {}),
          }),
        deps.sleep,
        logsError(group, config.region!),
      );
      for (const event of out.events ?? []) {
        if (!event.eventId || seen.has(event.eventId)) continue;
        seen.add(event.eventId);
        read++;
        const at = event.timestamp ?? now.getTime();
        if (at > t) [t, ids] = [at, []];
        if (at === t) ids = [...ids, event.eventId];
        pulled.push({ key: `log:${group}:${event.eventId}`, signal: logSignal(group, event, now) });
      }
      next = read < CLOUDWATCH_LIMITS.eventsPerGroup ? out.nextToken : undefined;
    } while (next);
    logs[group] = { t, ids: ids.slice(-100) };
  }
  return { pulled, checkpoint: { firing, logs } };
}

function pullDeps(context: ConnectorContext): CloudWatchPullDeps {
  if (!context.cloudwatch) throw new Error('This function has no CloudWatch access (resources.monitoring)');
  return { api: context.cloudwatch, now: context.now, sleep: context.sleep };
}

/**
 * CloudWatch as a connector: read through AWS APIs (STS, CloudWatch, CloudWatch Logs), not a URL,
 * with the AWS clients from the context (only the functions that test and pull carry them, so the
 * HTTP-only code carries no AWS SDK). Its checkpoint is a `CloudWatchCheckpoint` as JSON.
 */
export const cloudwatch: Connector = {
  configFields: ['region'],
  secretField: 'roleArn',
  checkInput: ({ config, credentials }) => checkCloudWatchInput(config, credentials),
  async test({ config, credentials }, context) {
    return testCloudWatch(pullDeps(context), context.connectionId, config, credentials);
  },
  async pull({ config, credentials }, context, { since, checkpoint }) {
    const previous = checkpoint ? (JSON.parse(checkpoint) as CloudWatchCheckpoint) : undefined;
    const out = await pullCloudWatch(pullDeps(context), context.connectionId, config, credentials, since, previous);
    return { pulled: out.pulled, checkpoint: JSON.stringify(out.checkpoint) };
  },
};
