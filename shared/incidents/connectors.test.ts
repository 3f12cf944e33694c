/** Connectors against a local server answering in each source's real API shapes. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SourceError, type ConnectorContext, type Fetcher } from './connector.ts';
import { connectorOf } from './connectors.ts';
import { backoffMs, MAX_BACKOFF_MS, PULL_INTERVAL_MS } from './connections.ts';

let server: Server;
let origin: string;
const fetcher: Fetcher = (url, init) => fetch(url, { headers: init.headers });
const context: ConnectorContext = { connectionId: 'c1', fetcher, now: () => new Date(), sleep: async () => {} };
const since = new Date(Date.now() - 3600_000);
const recent = new Date(Date.now() - 60_000).toISOString();

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const json = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.headers.authorization !== 'Bearer good') return json(401, { message: 'Unauthorized' });
    switch (url.pathname) {
      case '/grafana/api/health':
        return json(200, { commit: 'abc', database: 'ok', version: '11.2.0' });
      case '/grafana/api/alertmanager/grafana/api/v2/alerts':
        return json(200, [
          { labels: { alertname: 'DiskFull', grafana_folder: 'infra', severity: 'warning' }, annotations: { summary: 'Disk 95%' }, startsAt: recent, endsAt: '2099-01-01T00:00:00Z', fingerprint: 'aa11', status: { state: 'active', silencedBy: [], inhibitedBy: [] }, receivers: [{ name: 'x' }], updatedAt: recent, generatorURL: 'https://g/alerting/1' },
          { labels: { alertname: 'Quiet' }, annotations: {}, startsAt: recent, fingerprint: 'bb22', status: { state: 'suppressed', silencedBy: ['s1'], inhibitedBy: [] } },
        ]);
      case '/sentry/api/0/projects/acme/web/':
        return json(200, { id: '1', slug: 'web', name: 'Web' });
      case '/sentry/api/0/projects/acme/web/issues/':
        expect(url.searchParams.get('query')).toBe('is:unresolved');
        return json(200, [
          { id: '501', shortId: 'WEB-1', title: 'TypeError: x is undefined', culprit: 'app.js in render', level: 'error', status: 'unresolved', count: '12', lastSeen: recent, permalink: 'https://sentry.io/organizations/acme/issues/501/' },
          { id: '400', title: 'Old', level: 'error', status: 'unresolved', lastSeen: '2020-01-01T00:00:00Z' },
        ]);
      case '/k8s/version':
        return json(200, { major: '1', minor: '30', gitVersion: 'v1.30.2' });
      case '/k8s/api/v1/events':
        expect(url.searchParams.get('fieldSelector')).toBe('type=Warning');
        return json(200, {
          kind: 'EventList',
          apiVersion: 'v1',
          items: [
            { metadata: { name: 'api.17f', namespace: 'shop', uid: 'u1', creationTimestamp: recent }, involvedObject: { kind: 'Pod', namespace: 'shop', name: 'api-7d9' }, reason: 'BackOff', message: 'Back-off restarting failed container', type: 'Warning', count: 5, lastTimestamp: recent },
          ],
        });
    }
    json(404, {});
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('connectors', () => {
  it('Grafana: tests health and alert access, pulls active alerts (not suppressed ones)', async () => {
    const input = { config: { url: `${origin}/grafana` }, credentials: { token: 'good' } };
    await expect(connectorOf('grafana').test(input, context)).resolves.toMatch(/Grafana 11\.2\.0 answered/);
    const { pulled } = await connectorOf('grafana').pull(input, context, { since });
    expect(pulled.map((p) => p.signal.identity)).toEqual(['aa11']);
    expect(pulled[0]!.signal).toMatchObject({ source: 'grafana', status: 'firing', severity: 'medium' });
    await expect(connectorOf('grafana').test({ ...input, credentials: { token: 'bad' } }, context)).rejects.toThrow(SourceError);
  });

  it('Sentry: unresolved issues seen since the last pull', async () => {
    const input = { config: { url: `${origin}/sentry`, organization: 'acme', project: 'web' }, credentials: { token: 'good' } };
    await expect(connectorOf('sentry').test(input, context)).resolves.toBe('Sentry project “Web” answered.');
    const { pulled } = await connectorOf('sentry').pull(input, context, { since });
    expect(pulled).toHaveLength(1);
    expect(pulled[0]!.signal).toMatchObject({ identity: 'issue:501', service: 'web', severity: 'high', url: 'https://sentry.io/organizations/acme/issues/501/' });
  });

  it('Kubernetes: Warning events with the service account token', async () => {
    const input = { config: { apiServer: `${origin}/k8s` }, credentials: { token: 'good' } };
    await expect(connectorOf('kubernetes').test(input, context)).resolves.toMatch(/v1\.30\.2/);
    const {
      pulled: [event],
    } = await connectorOf('kubernetes').pull(input, context, { since });
    expect(event!.signal).toMatchObject({ source: 'kubernetes', severity: 'high', service: 'shop', resource: 'Pod/api-7d9', identity: 'shop/Pod/api-7d9/BackOff' });
  });

  it('says clearly when a source cannot be reached, and backs off up to 6 h', async () => {
    await expect(connectorOf('docker').test({ config: { url: 'http://127.0.0.1:9' }, credentials: {} }, context)).rejects.toThrow(/Could not reach/);
    expect(backoffMs(1)).toBe(PULL_INTERVAL_MS);
    expect(backoffMs(3)).toBe(4 * PULL_INTERVAL_MS);
    expect(backoffMs(30)).toBe(MAX_BACKOFF_MS);
  });

  it('CloudWatch is a connector like the others: its own input check, and AWS access from the context', async () => {
    const cloudwatch = connectorOf('cloudwatch');
    expect(cloudwatch).toMatchObject({ configFields: ['region'], secretField: 'roleArn' });
    const input = { config: { region: 'eu-west-1' }, credentials: { roleArn: 'arn:aws:iam::123456789012:role/read', externalId: 'ext-1' } };
    expect(cloudwatch.checkInput?.(input)).toBeUndefined();
    expect(cloudwatch.checkInput?.({ ...input, config: { region: 'Ireland' } })).toMatch(/config\.region/);
    expect('checkInput' in connectorOf('grafana')).toBe(false);
    await expect(cloudwatch.test(input, context)).rejects.toThrow(/no CloudWatch access/);
  });
});
