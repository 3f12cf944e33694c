import { describe, expect, it } from 'vitest';
import { normaliseAlerts } from './alerts.ts';
import { normaliseCloudWatch } from './cloudwatch.ts';
import { instant } from './read.ts';
import { normaliseSentry } from './sentry.ts';

const at = '2026-03-01T10:00:00.000Z';

describe('normalisers', () => {
  it('reads the many time spellings', () => {
    expect(instant('2018-11-04T22:43:58.283995108+01:00')).toBe('2018-11-04T21:43:58.283Z');
    expect(instant('2021-06-23T08:41:06.622+0000')).toBe('2021-06-23T08:41:06.622Z');
    expect(instant('0001-01-01T00:00:00Z')).toBeUndefined();
    expect(instant(1566248777.677)).toBe('2019-08-19T21:06:17.677Z');
    expect(instant('soon')).toBeUndefined();
  });

  it('takes each alert by its own status, not endsAt, and tolerates missing fingerprints and extra keys', () => {
    const signals = normaliseAlerts('alertmanager', {
      version: '4',
      status: 'firing',
      numFiring: 1,
      routeLabels: {},
      alerts: [
        { status: 'firing', labels: { alertname: 'A', severity: 'warning', job: 'api' }, annotations: {}, startsAt: at, endsAt: '2099-01-01T00:00:00Z' },
        { status: 'resolved', labels: { alertname: 'B' }, annotations: { summary: 'b' }, startsAt: at, endsAt: '2026-03-01T10:05:00Z', fingerprint: 'fb' },
        { labels: { alertname: 'C' }, annotations: {} },
      ],
    }, at);
    expect(signals.map((s) => [s.status, s.severity, s.service ?? null])).toEqual([
      ['firing', 'medium', 'api'],
      ['resolved', 'info', null],
      ['firing', 'high', null],
    ]);
    expect(signals[0]!.identity).toMatch(/^[0-9a-f]{16}$/);
    expect(signals[1]!.identity).toBe('fb');
  });

  it('understands Grafana legacy alerting (alerting, ok; paused changes nothing) and refuses unknown shapes with 422', () => {
    expect(normaliseAlerts('grafana', { ruleId: 3, ruleName: 'R', state: 'ok' }, at)[0]).toMatchObject({ status: 'resolved', identity: 'rule:3' });
    expect(normaliseAlerts('grafana', { ruleId: 3, ruleName: 'R', state: 'paused' }, at)).toEqual([]);
    expect(() => normaliseAlerts('grafana', { hello: 1 }, at)).toThrow(expect.objectContaining({ status: 422 }));
  });

  it('reads CloudWatch alarms (metric math without MetricName, null description) and other topic messages', () => {
    const [s] = normaliseCloudWatch(
      { Message: JSON.stringify({ AlarmName: 'band', AlarmDescription: null, NewStateValue: 'OK', AWSAccountId: '1', Region: 'EU (Ireland)', Trigger: { Metrics: [{ Id: 'ad1' }], ThresholdMetricId: 'ad1' } }) },
      at,
    );
    expect(s).toMatchObject({ status: 'resolved', identity: '1:EU (Ireland):band', labels: { metric: 'ad1', state: 'OK' } });
    const [plain] = normaliseCloudWatch({ Message: 'Hello', TopicArn: 'arn:t' }, at);
    expect(plain).toMatchObject({ kind: 'notification', title: 'Hello' });
    expect(plain!.identity).toBeUndefined();
  });

  it('reads Sentry issue, event_alert, metric_alert and the legacy plugin; resolutions meet their issue', () => {
    const issue = normaliseSentry({ action: 'resolved', data: { issue: { id: 42, title: 'T', status: 'resolved', project: { slug: 'web' } } } }, {}, at)[0];
    expect(issue).toMatchObject({ status: 'resolved', identity: 'issue:42', service: 'web' });
    const alert = normaliseSentry({ action: 'triggered', data: { event: { issue_id: '42', title: 'T', level: 'fatal' }, triggered_rule: 'r' } }, { 'sentry-hook-resource': 'event_alert' }, at)[0];
    expect(alert).toMatchObject({ status: 'firing', identity: 'issue:42', severity: 'critical' });
    const metric = normaliseSentry({ action: 'critical', data: { metric_alert: { alert_rule: { id: 7, name: 'Errors' } }, description_text: 'a\\nb' } }, {}, at)[0];
    expect(metric).toMatchObject({ identity: 'metric_alert:7', severity: 'critical', message: 'a\nb' });
    const legacy = normaliseSentry({ id: '99', project: 'p', project_slug: 'p', culprit: 'c', level: 'warning', url: 'https://sentry.example/issues/99/', event: { title: 'E' } }, {}, at)[0];
    expect(legacy).toMatchObject({ identity: 'issue:99', severity: 'medium', service: 'p', title: 'E' });
    expect(normaliseSentry({ action: 'created', installation: { uuid: 'x' } }, { 'sentry-hook-resource': 'installation' }, at)).toEqual([]);
  });
});
