/**
 * Pull connectors: each reads one monitoring source through its own HTTP API (the shapes those
 * APIs answer with) and turns what it finds into signals. `test` makes the cheapest call that
 * proves the URL and credentials work. Every call has a time budget and no redirects.
 */
import { cloudwatch } from './cloudwatch-pull.ts';
import { SourceError, type Connector, type Fetcher, type Pulled } from './connector.ts';
import type { ConnectionSource } from './model.ts';
import { normaliseAlerts } from './normalise/alerts.ts';
import { arr, instant, isObject, labels, message, obj, severityWord, str, title } from './normalise/read.ts';

async function getJson(fetcher: Fetcher, url: string, headers: Record<string, string>): Promise<unknown> {
  let res;
  try {
    res = await fetcher(url, { headers: { accept: 'application/json', ...headers } });
  } catch (error) {
    throw new SourceError(`Could not reach ${new URL(url).host}: ${(error as Error).message}`);
  }
  if (res.status === 401 || res.status === 403) throw new SourceError(`${new URL(url).host} refused the credentials (HTTP ${res.status}).`);
  if (res.status < 200 || res.status >= 300) throw new SourceError(`${new URL(url).host} answered HTTP ${res.status}.`);
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    throw new SourceError(`${new URL(url).host} did not answer JSON.`);
  }
}

const base = (url: string) => url.replace(/\/+$/, '');
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Alertmanager's v2 API alerts (Grafana serves the same under its own Alertmanager). */
function v2Alerts(source: 'grafana' | 'alertmanager', body: unknown, at: string): Pulled[] {
  const alerts = arr(body).filter(isObject);
  const asWebhook = {
    status: 'firing',
    alerts: alerts
      .filter((a) => str(obj(a.status).state) !== 'suppressed')
      .map((a) => ({ status: 'firing', labels: a.labels, annotations: a.annotations, startsAt: a.startsAt, fingerprint: a.fingerprint, generatorURL: a.generatorURL })),
  };
  return normaliseAlerts(source, asWebhook, at).map((signal) => ({ key: `${signal.identity}:${signal.at}`, signal }));
}

const grafana: Connector = {
  configFields: ['url'],
  secretField: 'token',
  async test({ config, credentials }, { fetcher }) {
    const health = obj(await getJson(fetcher, `${base(config.url!)}/api/health`, bearer(credentials.token ?? '')));
    await getJson(fetcher, `${base(config.url!)}/api/alertmanager/grafana/api/v2/alerts?active=true`, bearer(credentials.token ?? ''));
    return `Grafana ${str(health.version) ?? ''} answered; the token may read alerts.`.replace('  ', ' ');
  },
  async pull({ config, credentials }, { fetcher, now }) {
    const body = await getJson(fetcher, `${base(config.url!)}/api/alertmanager/grafana/api/v2/alerts?active=true&silenced=false&inhibited=false`, bearer(credentials.token ?? ''));
    return { pulled: v2Alerts('grafana', body, now().toISOString()) };
  },
};

const alertmanager: Connector = {
  configFields: ['url'],
  secretField: 'token',
  async test({ config, credentials }, { fetcher }) {
    const status = obj(await getJson(fetcher, `${base(config.url!)}/api/v2/status`, credentials.token ? bearer(credentials.token) : {}));
    return `Alertmanager ${str(obj(status.versionInfo).version) ?? ''} answered.`.replace('  ', ' ');
  },
  async pull({ config, credentials }, { fetcher, now }) {
    const body = await getJson(fetcher, `${base(config.url!)}/api/v2/alerts?active=true&silenced=false&inhibited=false`, credentials.token ? bearer(credentials.token) : {});
    return { pulled: v2Alerts('alertmanager', body, now().toISOString()) };
  },
};

const sentry: Connector = {
  configFields: ['organization', 'project'],
  secretField: 'token',
  async test({ config, credentials }, { fetcher }) {
    const project = obj(await getJson(fetcher, `${base(config.url ?? 'https://sentry.io')}/api/0/projects/${encodeURIComponent(config.organization!)}/${encodeURIComponent(config.project!)}/`, bearer(credentials.token ?? '')));
    return `Sentry project “${str(project.name) ?? config.project}” answered.`;
  },
  async pull({ config, credentials }, { fetcher }, { since }) {
    const url = `${base(config.url ?? 'https://sentry.io')}/api/0/projects/${encodeURIComponent(config.organization!)}/${encodeURIComponent(config.project!)}/issues/?query=${encodeURIComponent('is:unresolved')}&statsPeriod=24h`;
    const issues = arr(await getJson(fetcher, url, bearer(credentials.token ?? ''))).filter(isObject);
    const pulled = issues
      .filter((i) => (instant(i.lastSeen) ?? '') >= since.toISOString())
      .map((i) => ({
        key: `issue:${str(i.id)}:${str(i.lastSeen)}`,
        signal: {
          source: 'sentry' as const,
          kind: 'issue',
          status: 'firing' as const,
          severity: severityWord(str(i.level), 'high'),
          title: title(str(i.title) ?? 'Sentry issue'),
          message: message(str(i.culprit)),
          service: config.project!,
          labels: labels({ level: i.level, shortId: i.shortId, count: i.count }),
          identity: `issue:${str(i.id)}`,
          at: instant(i.lastSeen) ?? new Date().toISOString(),
          ...(str(i.permalink) ? { url: str(i.permalink)! } : {}),
        },
      }));
    return { pulled };
  },
};

const kubernetes: Connector = {
  configFields: ['apiServer'],
  secretField: 'token',
  async test({ config, credentials }, { fetcher }) {
    const version = obj(await getJson(fetcher, `${base(config.apiServer!)}/version`, bearer(credentials.token ?? '')));
    await getJson(fetcher, `${base(config.apiServer!)}/api/v1/events?fieldSelector=type%3DWarning&limit=1`, bearer(credentials.token ?? ''));
    return `Kubernetes ${str(version.gitVersion) ?? ''} answered; the service account may list events.`.replace('  ', ' ');
  },
  async pull({ config, credentials }, { fetcher }, { since }) {
    const ns = config.namespace ? `/namespaces/${encodeURIComponent(config.namespace)}` : '';
    const list = obj(await getJson(fetcher, `${base(config.apiServer!)}/api/v1${ns}/events?fieldSelector=type%3DWarning&limit=500`, bearer(credentials.token ?? '')));
    const pulled = arr(list.items)
      .filter(isObject)
      .map((e) => {
        const object = obj(e.involvedObject);
        const meta = obj(e.metadata);
        const at = instant(e.lastTimestamp) ?? instant(e.eventTime) ?? instant(meta.creationTimestamp) ?? new Date().toISOString();
        const namespace = str(object.namespace) ?? str(meta.namespace) ?? '';
        return {
          key: `${str(meta.uid) ?? ''}:${str(e.count) ?? '1'}`,
          at,
          signal: {
            source: 'kubernetes' as const,
            kind: 'event',
            status: 'firing' as const,
            severity: /OOM|BackOff|Failed|Unhealthy|Evicted/i.test(str(e.reason) ?? '') ? ('high' as const) : ('medium' as const),
            title: title(`${str(e.reason) ?? 'Warning'}: ${str(object.kind) ?? ''} ${str(object.name) ?? ''}`.trim()),
            message: message(str(e.message)),
            ...(namespace ? { service: namespace } : {}),
            resource: `${str(object.kind) ?? ''}/${str(object.name) ?? ''}`,
            labels: labels({ reason: e.reason, namespace, count: e.count }),
            identity: `${namespace}/${str(object.kind) ?? ''}/${str(object.name) ?? ''}/${str(e.reason) ?? ''}`,
            at,
          },
        };
      })
      .filter((p) => p.at >= since.toISOString())
      .map(({ key, signal }) => ({ key, signal }));
    return { pulled };
  },
};

const DOCKER_ACTIONS = ['die', 'oom', 'health_status'];

const docker: Connector = {
  configFields: ['url'],
  secretField: 'token',
  async test({ config, credentials }, { fetcher }) {
    const version = obj(await getJson(fetcher, `${base(config.url!)}/version`, credentials.token ? bearer(credentials.token) : {}));
    return `Docker Engine ${str(version.Version) ?? ''} (API ${str(version.ApiVersion) ?? '?'}) answered.`;
  },
  async pull({ config, credentials }, { fetcher }, { since }) {
    const filters = encodeURIComponent(JSON.stringify({ type: ['container'], event: DOCKER_ACTIONS }));
    const until = Math.floor(Date.now() / 1000);
    const url = `${base(config.url!)}/events?since=${Math.floor(since.getTime() / 1000)}&until=${until}&filters=${filters}`;
    let res;
    try {
      res = await fetcher(url, { headers: credentials.token ? bearer(credentials.token) : {} });
    } catch (error) {
      throw new SourceError(`Could not reach the Docker Engine: ${(error as Error).message}`);
    }
    if (res.status < 200 || res.status >= 300) throw new SourceError(`The Docker Engine answered HTTP ${res.status}.`);
    // The events endpoint streams one JSON object per line.
    const events = (await res.text()).split('\n').filter((l) => l.trim()).map((l) => obj(JSON.parse(l)));
    const pulled = events
      .map((e) => {
        const action = str(e.Action) ?? str(e.status) ?? '';
        const attrs = obj(obj(e.Actor).Attributes);
        const name = str(attrs.name) ?? str(e.id)?.slice(0, 12) ?? 'container';
        const unhealthy = action.startsWith('health_status') && action.includes('unhealthy');
        const healthy = action.startsWith('health_status') && !unhealthy;
        const at = instant(str(e.timeNano) ? Number(str(e.timeNano)) / 1e6 : e.time) ?? new Date().toISOString();
        const kind = action.startsWith('health_status') ? 'unhealthy' : action;
        return {
          key: `${str(obj(e.Actor).ID) ?? name}:${action}:${str(e.timeNano) ?? str(e.time)}`,
          signal: {
            source: 'docker' as const,
            kind: 'container',
            status: healthy ? ('resolved' as const) : ('firing' as const),
            severity: action === 'oom' ? ('critical' as const) : healthy ? ('info' as const) : ('high' as const),
            title: title(action === 'oom' ? `${name} ran out of memory` : action === 'die' ? `${name} exited (code ${str(attrs.exitCode) ?? '?'})` : `${name} is ${healthy ? 'healthy' : 'unhealthy'}`),
            message: message(`${str(attrs.image) ?? ''} ${action}`.trim()),
            ...(str(attrs['com.docker.compose.service']) ? { service: str(attrs['com.docker.compose.service'])! } : {}),
            resource: name,
            labels: labels({ image: attrs.image, action }),
            identity: `${name}:${kind}`,
            at,
          },
        };
      })
      .filter((p) => DOCKER_ACTIONS.some((a) => p.signal.labels.action?.startsWith(a)));
    return { pulled };
  },
};

const CONNECTORS: Record<ConnectionSource, Connector> = { cloudwatch, grafana, alertmanager, sentry, kubernetes, docker };

/** The connector of a source (every source has one: the record is typed by ConnectionSource). */
export function connectorOf(source: ConnectionSource): Connector {
  return CONNECTORS[source];
}
