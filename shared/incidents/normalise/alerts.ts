/**
 * Grafana (unified alerting, `version: "1"`), Alertmanager (`version: "4"`) and Grafana's
 * legacy dashboard alerting (before 8: `ruleId`, `state`, `evalMatches`, no `alerts[]`). Each
 * alert is one signal by its own `status` (never `endsAt`: firing alerts carry a future one);
 * the identity is the alert's fingerprint, or a hash of its labels when old versions send none.
 * Unknown keys are ignored (newer versions add them), and so are missing optional labels.
 */
import { UnprocessableError } from '../../kit/errors.ts';
import type { Severity, Signal, SignalSource } from '../model.ts';
import { absoluteUrl, arr, instant, isObject, labels, message, obj, severityWord, sha256, str, title, type Json } from './read.ts';

function labelsHash(l: Record<string, string>): string {
  return sha256(JSON.stringify(Object.entries(l).sort(([a], [b]) => a.localeCompare(b)))).slice(0, 16);
}

/** Labels that name the service, and the resource (host, pod, …), most specific first. */
const SERVICE_LABELS = ['service', 'service_name', 'app', 'app_kubernetes_io_name', 'application', 'job'];
const RESOURCE_LABELS = ['instance', 'pod', 'host', 'hostname', 'node', 'container'];
const firstOf = (l: Record<string, string>, keys: string[]) => keys.map((k) => l[k]).find(Boolean);

/**
 * Grafana's own alerts about a rule that could not be evaluated (`DatasourceNoData`,
 * `DatasourceError`): named after the rule (its `rulename` label), not after the stand-in name.
 */
const GRAFANA_STATE_ALERTS: Record<string, { suffix: string; severity: Severity }> = {
  DatasourceNoData: { suffix: 'no data', severity: 'low' },
  DatasourceError: { suffix: 'data source error', severity: 'medium' },
};

/** A title an operator recognises: the summary when it names the alert already, else `alertname: summary`. */
function alertTitle(l: Record<string, string>, a: Record<string, string>, common: Record<string, string>): string {
  const special = l.alertname ? GRAFANA_STATE_ALERTS[l.alertname] : undefined;
  if (special) return `${l.rulename ?? l.alertname}: ${special.suffix}`;
  const name = l.alertname ?? common.alertname;
  if (a.summary && name && a.summary.includes(name)) return a.summary;
  const text = [name, a.summary].filter(Boolean).join(': ');
  if (text) return text;
  // No alertname and no summary (both optional): the description's first line, else the labels.
  const described = (a.description ?? a.message)?.split('\n')[0];
  if (described) return described;
  const pairs = Object.entries(l).slice(0, 4).map(([k, v]) => `${k}=${v}`).join(', ');
  return pairs ? `Alert {${pairs}}` : 'Alert';
}

export function normaliseAlerts(source: Extract<SignalSource, 'grafana' | 'alertmanager'>, body: unknown, receivedAt: string): Signal[] {
  const sender = source === 'grafana' ? 'Grafana' : 'Alertmanager';
  if (!isObject(body)) throw new UnprocessableError('unrecognised_payload', `${sender}'s webhook body is a JSON object.`);
  if (!Array.isArray(body.alerts)) {
    if (isObject(body.alert_group)) {
      throw new UnprocessableError('unrecognised_payload', `This looks like a Grafana OnCall (IRM) outgoing webhook, which Mosaic does not read: point a Grafana alerting contact point (webhook) or an Alertmanager receiver at this hook instead.`);
    }
    if (str(body.state) && (body.ruleId !== undefined || (str(body.ruleName) && Array.isArray(body.evalMatches)))) return legacyGrafana(body, receivedAt);
    throw new UnprocessableError('unrecognised_payload', `This is not ${sender === 'Grafana' ? 'a Grafana' : 'an Alertmanager'} webhook Mosaic understands: expected an "alerts" list (Grafana 8+ or Alertmanager) or Grafana's legacy dashboard alert.`);
  }
  const top = str(body.status) ?? 'firing';
  const external = str(body.externalURL);
  const common = labels(body.commonLabels);
  return arr(body.alerts)
    .filter(isObject)
    .map((alert): Signal => {
      const l = labels(alert.labels);
      const a = labels(alert.annotations);
      const status = (str(alert.status) ?? top) === 'resolved' ? 'resolved' : 'firing';
      const fingerprint = str(alert.fingerprint) ?? labelsHash(l);
      // Grafana's "Test" button sends an alert named TestAlert. The receiver's name is the user's
      // choice (a contact point called "test" still carries real alerts), so it decides nothing.
      const isTest = l.alertname === 'TestAlert';
      const special = l.alertname ? GRAFANA_STATE_ALERTS[l.alertname] : undefined;
      // Grafana's externalURL is the server its relative links belong to. Alertmanager's is
      // Alertmanager's own page, and a relative generatorURL there belongs to a Prometheus whose
      // address the payload does not give, so the alert links to Alertmanager instead.
      const url =
        source === 'grafana'
          ? (absoluteUrl(alert.generatorURL, external) ?? absoluteUrl(alert.panelURL) ?? absoluteUrl(alert.dashboardURL))
          : (absoluteUrl(alert.generatorURL) ?? absoluteUrl(external));
      const service = firstOf(l, SERVICE_LABELS);
      const resource = firstOf(l, RESOURCE_LABELS);
      return {
        source,
        kind: isTest ? 'test' : 'alert',
        status,
        severity: isTest || status === 'resolved' ? 'info' : severityWord(l.severity ?? l.priority, special?.severity ?? 'high'),
        title: title(alertTitle(l, a, common)),
        // DatasourceError puts the error into an `Error` annotation.
        message: message(a.description ?? a.message ?? a.Error ?? a.summary ?? str(alert.valueString)),
        ...(service ? { service } : {}),
        ...(resource ? { resource } : {}),
        labels: l,
        identity: fingerprint,
        ...(str(body.groupKey) ? { group: str(body.groupKey)! } : {}),
        at: (status === 'resolved' ? instant(alert.endsAt) : instant(alert.startsAt)) ?? receivedAt,
        ...(url ? { url } : {}),
      };
    });
}

/** The states Grafana's legacy alerting sends; paused and pending change nothing. */
const LEGACY_STATES = new Set(['alerting', 'no_data', 'ok', 'paused', 'pending']);

/** Grafana before 8: one rule's state. Its test notification is rule 0, "Test notification". */
function legacyGrafana(body: Json, receivedAt: string): Signal[] {
  const state = str(body.state)!;
  if (!LEGACY_STATES.has(state)) {
    throw new UnprocessableError('unrecognised_payload', `Grafana legacy alert state "${state.slice(0, 40)}" is not one Mosaic understands: expected alerting, no_data, ok, paused or pending.`);
  }
  if (state === 'paused' || state === 'pending') return [];
  const matches = arr(body.evalMatches).filter(isObject);
  const firing = state === 'alerting' || state === 'no_data';
  const ruleId = str(body.ruleId);
  const isTest = (ruleId === '0' || ruleId === undefined) && str(body.ruleName) === 'Test notification';
  const url = absoluteUrl(body.ruleUrl);
  return [
    {
      source: 'grafana',
      kind: isTest ? 'test' : 'legacy_alert',
      status: firing ? 'firing' : 'resolved',
      severity: isTest || !firing ? 'info' : state === 'no_data' ? 'low' : severityWord(str(obj(body.tags).severity), 'high'),
      title: title(str(body.ruleName) ?? str(body.title) ?? 'Grafana alert'),
      message: message([str(body.message), ...matches.map((m) => `${str(m.metric) ?? ''}=${str(m.value) ?? ''}`)].filter(Boolean).join('\n')),
      labels: { state, ...labels(body.tags) },
      // Old versions without a rule id: the rule's URL (else its name) stands for it.
      identity: `rule:${ruleId ?? url ?? str(body.ruleName) ?? ''}`,
      at: receivedAt,
      ...(url ? { url } : {}),
    },
  ];
}
