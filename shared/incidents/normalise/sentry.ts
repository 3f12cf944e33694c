/**
 * Sentry: the integration platform's webhooks (`Sentry-Hook-Resource`: issue, event_alert,
 * activity_alert, metric_alert, error, installation, comment, seer, preprod_artifact) and the
 * legacy "WebHooks" plugin (top-level `id`, `project`, `culprit`, `level`, `url`, `event`; no
 * action). Issue alerts only ever say `triggered`; resolution comes as `issue.resolved`; both
 * carry the issue id, which is the identity. The service is the Sentry project's slug, however
 * the payload spells it.
 */
import { UnprocessableError } from '../../kit/errors.ts';
import type { Signal } from '../model.ts';
import { absoluteUrl, arr, instant, isObject, labels, message, obj, severityWord, str, title, type Json } from './read.ts';

const ISSUE_RESOLVED = new Set(['resolved', 'ignored', 'archived']);

/** Resources Sentry sends that carry nothing to correlate (an install, a comment, Seer's fixes, builds). */
const NO_SIGNAL_RESOURCES = new Set(['installation', 'comment', 'seer', 'preprod_artifact']);

/** The project slug inside a Sentry API or web URL (`…/projects/<org>/<project>/…`). */
function projectSlugOf(url: unknown): string | undefined {
  return /\/projects\/[^/]+\/([^/?#]+)/.exec(str(url) ?? '')?.[1];
}

function eventSignal(event: Json, extra: Record<string, string>, at: string): Signal {
  const issueId = str(event.issue_id) ?? str(event.groupID);
  const meta = obj(event.metadata);
  const tags: Record<string, string> = Object.fromEntries(
    arr(event.tags)
      .filter(Array.isArray)
      .map((t): [string, string] => [str((t as unknown[])[0]) ?? '', str((t as unknown[])[1]) ?? ''])
      .filter(([k]) => k),
  );
  return {
    source: 'sentry',
    kind: 'event',
    status: 'firing',
    severity: severityWord(str(event.level), 'high'),
    title: title(str(event.title) ?? str(meta.type) ?? 'Sentry event'),
    message: message([str(meta.value), str(event.culprit)].filter(Boolean).join(' — ') || str(event.message)),
    ...(str(tags.environment) ? { resource: str(tags.environment) } : {}),
    labels: { ...labels({ level: event.level, platform: event.platform, release: event.release, environment: tags.environment }), ...extra },
    ...(issueId ? { identity: `issue:${issueId}` } : {}),
    at: instant(event.datetime) ?? instant(event.timestamp) ?? at,
    ...(absoluteUrl(event.web_url) ? { url: absoluteUrl(event.web_url)! } : {}),
  };
}

export function normaliseSentry(body: unknown, headers: Record<string, string | undefined>, receivedAt: string): Signal[] {
  if (!isObject(body)) throw new UnprocessableError('unrecognised_payload', 'A Sentry webhook body is a JSON object.');
  const data = obj(body.data);
  const action = str(body.action);
  const resource =
    headers['sentry-hook-resource'] ??
    (isObject(data.issue) ? 'issue' : isObject(data.metric_alert) ? 'metric_alert' : isObject(data.event) ? 'event_alert' : isObject(data.error) ? 'error' : data.comment !== undefined ? 'comment' : isObject(data.installation) || (body.installation && !body.data) ? 'installation' : undefined);

  if (action === undefined && str(body.id) && (isObject(body.event) || str(body.culprit) !== undefined)) {
    // The legacy WebHooks plugin: one event of one issue, always firing.
    const event = obj(body.event);
    const signal = eventSignal(event, labels({ plugin: 'webhooks', rules: arr(body.triggering_rules).map(str).filter(Boolean).join(', ') }), receivedAt);
    return [
      {
        ...signal,
        kind: 'issue',
        severity: severityWord(str(body.level) ?? str(event.level), 'high'),
        title: title(str(event.title) ?? str(body.message) ?? str(body.culprit) ?? 'Sentry issue'),
        service: str(body.project_slug) ?? str(body.project),
        identity: `issue:${str(body.id)}`,
        ...(absoluteUrl(body.url) ? { url: absoluteUrl(body.url)! } : {}),
      },
    ];
  }

  if (resource && NO_SIGNAL_RESOURCES.has(resource)) return [];
  switch (resource) {
    case 'issue':
    case 'activity_alert': {
      // An assignment is not an occurrence: it neither fires nor resolves anything.
      if (action === 'assigned') return [];
      const issue = obj(data.issue);
      const id = str(issue.id);
      if (!id) throw new UnprocessableError('unrecognised_payload', 'A Sentry issue webhook without data.issue.id.');
      const resolved = ISSUE_RESOLVED.has(action ?? '') || ISSUE_RESOLVED.has(str(issue.status) ?? '');
      const meta = obj(issue.metadata);
      const project = obj(issue.project);
      return [
        {
          source: 'sentry',
          kind: 'issue',
          status: resolved && action !== 'unresolved' && action !== 'created' ? 'resolved' : 'firing',
          severity: resolved ? 'info' : severityWord(str(issue.level), 'high'),
          title: title(str(issue.title) ?? 'Sentry issue'),
          message: message([str(meta.value), str(issue.culprit)].filter(Boolean).join(' — ')),
          ...(str(project.slug) ? { service: str(project.slug)! } : {}),
          labels: labels({ action, level: issue.level, platform: issue.platform, shortId: issue.shortId, substatus: issue.substatus }),
          identity: `issue:${id}`,
          at: (resolved ? undefined : instant(issue.lastSeen)) ?? receivedAt,
          ...(absoluteUrl(issue.permalink) ?? absoluteUrl(issue.web_url) ? { url: (absoluteUrl(issue.permalink) ?? absoluteUrl(issue.web_url))! } : {}),
        },
      ];
    }
    case 'event_alert':
    case 'error': {
      const event = obj(resource === 'error' ? data.error : data.event);
      if (!Object.keys(event).length) throw new UnprocessableError('unrecognised_payload', `A Sentry ${resource} webhook without its event.`);
      const rule = str(data.triggered_rule) ?? str(obj(data.issue_alert).title);
      const signal = eventSignal(event, labels({ rule }), receivedAt);
      const project = str(event.project_slug) ?? str(obj(body.project).slug) ?? projectSlugOf(event.url);
      return [{ ...signal, ...(project ? { service: project } : {}) }];
    }
    case 'metric_alert': {
      const alert = obj(data.metric_alert);
      const rule = obj(alert.alert_rule);
      const ruleId = str(rule.id) ?? str(alert.id);
      if (!ruleId) throw new UnprocessableError('unrecognised_payload', 'A Sentry metric alert without data.metric_alert.alert_rule.id.');
      const status = action === 'resolved' ? 'resolved' : 'firing';
      return [
        {
          source: 'sentry',
          kind: 'metric_alert',
          status,
          severity: action === 'critical' ? 'critical' : action === 'warning' ? 'medium' : 'info',
          title: title(str(rule.name) ?? str(data.description_title) ?? 'Sentry metric alert'),
          message: message(str(data.description_text)?.replace(/\\n/g, '\n')),
          ...(str(arr(rule.projects)[0]) ? { service: str(arr(rule.projects)[0])! } : {}),
          labels: labels({ action, aggregate: rule.aggregate, query: rule.query }),
          identity: `metric_alert:${ruleId}`,
          at: instant(status === 'resolved' ? alert.date_closed : alert.date_started) ?? receivedAt,
          ...(absoluteUrl(data.web_url) ? { url: absoluteUrl(data.web_url)! } : {}),
        },
      ];
    }
    default:
      throw new UnprocessableError(
        'unrecognised_payload',
        `This is not a Sentry webhook Mosaic understands${resource ? ` (Sentry-Hook-Resource: ${resource.slice(0, 40)})` : ''}: expected an integration webhook (issue, event_alert, metric_alert, error, installation, comment) or the legacy WebHooks plugin.`,
      );
  }
}

/**
 * Parts of a Sentry event that describe the application's end users or their requests (their
 * IP address, e-mail, cookies, headers, device, breadcrumbs, a stack frame's local variables):
 * Mosaic reads none of them, so the payload it keeps for reference leaves them out.
 */
const END_USER_KEYS = new Set([
  'user',
  'request',
  'contexts',
  'breadcrumbs',
  'extra',
  'vars',
  'sdk',
  'modules',
  'cookies',
  'headers',
  'env',
  'ip_address',
  'sentry.interfaces.User',
  'sentry.interfaces.Http',
  'sentry.interfaces.Breadcrumbs',
]);

/** Tags that repeat an end user's data (`user`, `user.email`, …) or a request's URL. */
const isEndUserTag = (key: unknown) => typeof key === 'string' && (key === 'url' || key === 'user' || key.startsWith('user.'));

function withoutEndUserData(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value
      .filter((item) => !(Array.isArray(item) && item.length === 2 && isEndUserTag(item[0])) && !(isObject(item) && isEndUserTag(item.key) && 'value' in item))
      .map(withoutEndUserData);
  }
  if (!isObject(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([k]) => !END_USER_KEYS.has(k)).map(([k, v]) => [k, withoutEndUserData(v)]));
}

/**
 * A Sentry delivery as Mosaic keeps it (the signals bucket, 30 days): its parsed JSON without its
 * end users' data (see END_USER_KEYS).
 */
export function keptSentryPayload(body: unknown): Buffer {
  return Buffer.from(JSON.stringify(withoutEndUserData(body)), 'utf8');
}
