/**
 * Grafana (unified alerting, `version: "1"`), Alertmanager (`version: "4"`) and Grafana's
 * legacy dashboard alerting (before 8: `ruleId`, `state`, `evalMatches`, no `alerts[]`). Each
 * alert is one signal by its own `status` (never `endsAt`: firing alerts carry a future one);
 * the identity is the alert's fingerprint, or a hash of its labels when old versions send none.
 * Unknown keys are ignored (newer versions add them).
 */
import { UnprocessableError } from '../../kit/errors.ts';
import type { Signal, SignalSource } from '../model.ts';
import { absoluteUrl, arr, instant, isObject, labels, message, obj, severityWord, sha256, str, title } from './read.ts';

function labelsHash(l: Record<string, string>): string {
  return sha256(JSON.stringify(Object.entries(l).sort(([a], [b]) => a.localeCompare(b)))).slice(0, 16);
}

export function normaliseAlerts(source: Extract<SignalSource, 'grafana' | 'alertmanager'>, body: unknown, receivedAt: string): Signal[] {
  if (!isObject(body)) throw new UnprocessableError('unrecognised_payload', `A ${source} webhook body is a JSON object.`);
  if (!Array.isArray(body.alerts)) {
    if (body.ruleId !== undefined && str(body.state)) return legacyGrafana(body, receivedAt);
    throw new UnprocessableError('unrecognised_payload', `This is not a ${source} webhook Mosaic understands: expected an "alerts" list (Grafana 8+ or Alertmanager) or Grafana's legacy dashboard alert.`);
  }
  const top = str(body.status) ?? 'firing';
  const external = str(body.externalURL);
  return arr(body.alerts)
    .filter(isObject)
    .map((alert): Signal => {
      const l = labels(alert.labels);
      const a = labels(alert.annotations);
      const status = (str(alert.status) ?? top) === 'resolved' ? 'resolved' : 'firing';
      const fingerprint = str(alert.fingerprint) ?? labelsHash(l);
      const isTest = l.alertname === 'TestAlert' || str(body.receiver) === 'test';
      const url = absoluteUrl(alert.generatorURL, external) ?? absoluteUrl(alert.panelURL) ?? absoluteUrl(alert.dashboardURL);
      return {
        source,
        kind: isTest ? 'test' : 'alert',
        status,
        severity: isTest ? 'info' : status === 'resolved' ? 'info' : severityWord(l.severity ?? l.priority, 'high'),
        // The summary usually names the alert already; else `alertname: summary`.
        title: title((a.summary && l.alertname && a.summary.includes(l.alertname) ? a.summary : [l.alertname, a.summary].filter(Boolean).join(': ')) || 'Alert'),
        message: message(a.description ?? a.message ?? a.summary ?? str(alert.valueString)),
        ...((l.service ?? l.app ?? l.job) ? { service: (l.service ?? l.app ?? l.job)! } : {}),
        ...((l.instance ?? l.pod ?? l.host) ? { resource: (l.instance ?? l.pod ?? l.host)! } : {}),
        labels: l,
        identity: fingerprint,
        ...(str(body.groupKey) ? { group: str(body.groupKey)! } : {}),
        at: (status === 'resolved' ? instant(alert.endsAt) : instant(alert.startsAt)) ?? receivedAt,
        ...(url ? { url } : {}),
      };
    });
}

/** Grafana before 8: one rule's state; paused and pending are understood and change nothing. */
function legacyGrafana(body: Record<string, unknown>, receivedAt: string): Signal[] {
  const state = str(body.state)!;
  if (state === 'paused' || state === 'pending') return [];
  const matches = arr(body.evalMatches).filter(isObject);
  const firing = state === 'alerting' || state === 'no_data';
  return [
    {
      source: 'grafana',
      kind: 'legacy_alert',
      status: firing ? 'firing' : 'resolved',
      severity: firing ? (state === 'no_data' ? 'low' : severityWord(str(obj(body.tags).severity), 'high')) : 'info',
      title: title(str(body.ruleName) ?? str(body.title) ?? 'Grafana alert'),
      message: message([str(body.message), ...matches.map((m) => `${str(m.metric) ?? ''}=${str(m.value) ?? ''}`)].filter(Boolean).join('\n')),
      labels: { state, ...labels(body.tags) },
      identity: `rule:${str(body.ruleId) ?? ''}`,
      at: receivedAt,
      ...(absoluteUrl(body.ruleUrl) ? { url: absoluteUrl(body.ruleUrl)! } : {}),
    },
  ];
}
