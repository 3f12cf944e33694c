import type { ReactNode } from 'react';
import type { Hook, Incident, Severity } from '../../api/types.ts';
import { Chip, type Tone } from '../../components/ui.tsx';

export const SEVERITY_TONE: Record<Severity, Tone> = { critical: 'danger', high: 'danger', medium: 'warn', low: 'info', info: 'muted' };
export const SEVERITY_ORDER: Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

export function SeverityChip({ severity }: { severity: Severity }) {
  return <Chip tone={SEVERITY_TONE[severity]}>{severity}</Chip>;
}

const STATE_TONE: Record<Incident['state'], Tone> = { open: 'danger', acknowledged: 'warn', resolved: 'done', merged: 'muted' };
export function StateChip({ state }: { state: Incident['state'] }) {
  return <Chip tone={STATE_TONE[state]}>{state}</Chip>;
}

/**
 * A link to a signal's page at its source (a Sentry issue, a CloudWatch alarm, an alert rule),
 * opened in a new tab without handing this page to it. Only http(s): the server keeps no other
 * scheme, and the page checks again, as a payload's URL is the sender's text.
 */
export function SourceLink({ url, children }: { url: unknown; children: ReactNode }) {
  if (typeof url !== 'string' || !/^https?:\/\//i.test(url)) return <>{children}</>;
  return (
    <a href={url} target="_blank" rel="noopener noreferrer">
      {children}
    </a>
  );
}

export const SOURCE_LABEL: Record<Hook['source'], string> = { sentry: 'Sentry', cloudwatch: 'CloudWatch (SNS)', grafana: 'Grafana', alertmanager: 'Alertmanager' };

/** The full hook URL on this app's own origin (the API shares it). */
export const hookUrl = (hook: Pick<Hook, 'path'>) => `${window.location.origin}${hook.path}`;

/** How to point each source at its hook: what its operator does, step by step. */
export function SetupSteps({ hook, secret }: { hook: Hook; secret?: string | null }) {
  const url = hookUrl(hook);
  const token = secret ?? `the token shown when the hook was made (ends ${hook.secretHint ?? '…'})`;
  switch (hook.source) {
    case 'sentry':
      return (
        <ol className="steps">
          <li>In Sentry: Settings → Developer Settings → Custom Integrations → Create New Integration → Internal Integration.</li>
          <li>Webhook URL: <code>{url}</code>; turn on Alert Rule Action; subscribe to <em>issue</em> (resolutions arrive as issue.resolved).</li>
          <li>Copy the integration's Client Secret and paste it into this hook ({hook.secretHint ? `set, ends ${hook.secretHint}` : 'not set yet: deliveries are refused until it is'}).</li>
          <li>Add the integration as an action to your alert rules.</li>
        </ol>
      );
    case 'cloudwatch':
      return (
        <ol className="steps">
          <li>Create (or pick) an SNS topic in the monitored account and make your alarms notify it on ALARM and OK.</li>
          <li>Add a subscription: protocol HTTPS, endpoint <code>{url}</code>.</li>
          <li>Mosaic confirms the subscription itself once the signature checks; the hook then only takes that topic{hook.topicArn ? ` (now ${hook.topicArn})` : ''}.</li>
        </ol>
      );
    case 'grafana':
      return hook.auth === 'grafana-hmac' ? (
        <ol className="steps">
          <li>Alerting → Contact points → Add contact point → Integration: Webhook, URL <code>{url}</code>.</li>
          <li>Optional settings → HMAC Signature: secret {secret ? <code>{secret}</code> : token}, header <code>X-Grafana-Alerting-Signature</code>, timestamp header <code>X-Grafana-Alerting-Signature-Timestamp</code>.</li>
          <li>Route your notification policies to it. Grafana before 8 (legacy alerting) is understood too.</li>
        </ol>
      ) : (
        <ol className="steps">
          <li>Alerting → Contact points → Add contact point → Integration: Webhook, URL <code>{url}</code>.</li>
          <li>Optional settings → Authorization header: scheme Bearer, credentials {secret ? <code>{secret}</code> : token}.</li>
          <li>Route your notification policies to it.</li>
        </ol>
      );
    case 'alertmanager':
      return (
        <ol className="steps">
          <li>
            In alertmanager.yml add a receiver: <code>webhook_configs: [{'{'} url: {url}, http_config: {'{'} authorization: {'{'} credentials: …{' }'} {'}'} {'}'}]</code>, with the token {secret ? <code>{secret}</code> : token}.
          </li>
          <li>Route alerts to it; send_resolved stays on (the default), so incidents resolve.</li>
        </ol>
      );
  }
}
