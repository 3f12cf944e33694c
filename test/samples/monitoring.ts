/**
 * Monitoring section of `npm run test:samples`: every real payload of `monitoring/` goes through
 * the real hook path of a fresh local runtime (signed as its sender would sign it), and the
 * incidents they form are compared with what an operator would expect. SNS samples are checked
 * twice: as they are (their signatures are redacted, truncated or need a certificate only AWS
 * serves, so the hook must refuse them with 401), and with their content re-signed by the
 * runtime's own SNS signer (so the CloudWatch messages inside are normalised for real). The
 * aws-sdk-ruby messages, whose certificate is in the samples, are verified offline in-process
 * with the production host rule.
 */
import { createHmac } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AWS_SNS_TRUST, readSnsMessage, verifySnsMessage } from '../../shared/incidents/sns.ts';
import { as, call, eventually, newUser, queuesDrained, type TestUser } from '../support/http-client.ts';
import { startMosaic, tempDataDir } from '../support/local-process.ts';
import type { Check, SampleSection } from './harness.ts';

const SENTRY_SECRET = 'conformance-client-secret';
const hmac = (secret: string, body: Buffer) => createHmac('sha256', secret).update(body).digest('hex');

/** Sentry's resource header per sample (the legacy plugin sends none). */
const SENTRY_RESOURCE: Record<string, string | undefined> = {
  'sentry_event_alert_triggered.sentry-docs.json': 'event_alert',
  'sentry_issue_created.sentry-docs.json': 'issue',
  'sentry_issue_created.zulip.json': 'issue',
  'sentry_issue_resolved.zulip.json': 'issue',
  'sentry_metric_alert_resolved.sentry-docs.json': 'metric_alert',
  'sentry_legacy_webhooks_plugin_event.zulip.json': undefined,
};

/** Pairs go firing first, then resolved, as their senders sent them. */
const ORDER = (a: string, b: string) => Number(/resolved|_ok\./.test(a)) - Number(/resolved|_ok\./.test(b)) || a.localeCompare(b);

type Incident = { id: string; title: string; state: string; severity: string; members: Array<{ identity?: string; status: string; source: string; service?: string }> };

export const monitoring: SampleSection = {
  name: 'monitoring: hooks → signals → incidents',
  folder: 'monitoring',
  async run(dir, check) {
    const mosaic = await startMosaic(tempDataDir('samples'), { MOSAIC_RETRY_BASE_MS: '100' });
    const base = mosaic.info.url;
    try {
      const owner = await newUser(base);
      const o = as(base, owner);
      const newProject = async (name: string) => (await o.post('/v1/projects', { name, groupWaitSeconds: 0 })).body.id as string;
      const hook = async (projectId: string, body: Record<string, unknown>) => (await o.post(`/v1/projects/${projectId}/hooks`, body)).body as { hook: { path: string }; secret: string | null };
      const list = async (projectId: string, state: string): Promise<Incident[]> => (await o.get(`/v1/projects/${projectId}/incidents?state=${state}&limit=100`)).body.items;
      const all = async (projectId: string) => [...(await list(projectId, 'active')), ...(await list(projectId, 'resolved'))];
      const byIdentity = (incidents: Incident[], identity: string) => incidents.find((i) => i.members.some((m) => m.identity === identity));
      const post = (path: string, body: Buffer | string, headers: Record<string, string>) => call(base, 'POST', path, { raw: body, headers });

      await sentry(join(dir, 'sentry'), check, { newProject, hook, all, byIdentity, post, base, owner });
      await sns(join(dir, 'sns'), check, { newProject, hook, all, byIdentity, post, base, owner });
      await alerts(join(dir, 'grafana'), 'grafana', check, { newProject, hook, all, byIdentity, post, base, owner });
      await alerts(join(dir, 'alertmanager'), 'alertmanager', check, { newProject, hook, all, byIdentity, post, base, owner });
    } finally {
      await mosaic.stop();
    }
  },
};

interface Ctx {
  base: string;
  owner: TestUser;
  newProject(name: string): Promise<string>;
  hook(projectId: string, body: Record<string, unknown>): Promise<{ hook: { path: string }; secret: string | null }>;
  all(projectId: string): Promise<Incident[]>;
  byIdentity(incidents: Incident[], identity: string): Incident | undefined;
  post(path: string, body: Buffer | string, headers: Record<string, string>): ReturnType<typeof call>;
}

async function settled(ctx: Ctx, projectId: string, want: number): Promise<Incident[]> {
  await queuesDrained(ctx.base);
  return eventually(() => ctx.all(projectId), (items) => items.length >= want, 10_000).catch(() => ctx.all(projectId));
}

async function sentry(dir: string, check: Check, ctx: Ctx) {
  const projectId = await ctx.newProject('Sentry samples');
  const { hook } = await ctx.hook(projectId, { source: 'sentry', secret: SENTRY_SECRET });
  let n = 0;
  for (const [file, resource] of Object.entries(SENTRY_RESOURCE)) {
    const raw = readFileSync(join(dir, file));
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'sentry-hook-signature': hmac(SENTRY_SECRET, raw),
      'sentry-hook-timestamp': String(Math.floor(Date.now() / 1000)),
      'request-id': `conformance${String(++n).padStart(21, '0')}`,
      ...(resource ? { 'sentry-hook-resource': resource } : {}),
    };
    const res = await ctx.post(hook.path, raw, headers);
    check(`sentry/${file}: signed over the raw body → 202`, res.status === 202, res.body);
    const again = await ctx.post(hook.path, raw, headers);
    check(`sentry/${file}: the same delivery again → dropped as a duplicate`, again.status === 202 && again.body?.duplicate === true, again.body);
  }
  // A body re-serialised after signing (the pitfall of Sentry's docs snippet) no longer verifies.
  const raw = readFileSync(join(dir, 'sentry_issue_created.sentry-docs.json'));
  const reserialised = JSON.stringify(JSON.parse(raw.toString('utf8')));
  const refused = await ctx.post(hook.path, reserialised, { 'content-type': 'application/json', 'sentry-hook-signature': hmac(SENTRY_SECRET, raw) });
  check('sentry: a body that differs from what was signed → 401', refused.status === 401, refused.status);
  const unsigned = await ctx.post(hook.path, readFileSync(join(dir, 'sentry_legacy_webhooks_plugin_event.zulip.json')), { 'content-type': 'application/json' });
  check('sentry: the legacy plugin unsigned → 401 with a clear reason', unsigned.status === 401 && /legacy WebHooks plugin/.test(unsigned.body?.error?.message ?? ''), unsigned.body);

  // The real header set of sentry issue #38443: its Request-ID is the delivery id.
  const real = JSON.parse(readFileSync(join(dir, 'sentry_webhook_headers.sentry-issue-38443.json'), 'utf8')) as Record<string, string>;
  const body = Buffer.from(JSON.stringify({ action: 'created', data: { error: { issue_id: '38443', title: 'Header check', level: 'error' } } }));
  const withHeaders = await ctx.post(hook.path, body, { ...real, 'sentry-hook-signature': hmac(SENTRY_SECRET, body) });
  check('sentry: the real header names (resource "error", request-id) are read', withHeaders.status === 202 && withHeaders.body?.deliveryId === `sentry-${real['request-id']}`, withHeaders.body);

  const incidents = await settled(ctx, projectId, 4);
  const expect = (identity: string, want: Partial<{ state: string; severity: string; service: string }>) => {
    const found = ctx.byIdentity(incidents, identity);
    const member = found?.members.find((m) => m.identity === identity);
    const ok = !!found && (!want.state || found.state === want.state) && (!want.severity || found.severity === want.severity) && (!want.service || member?.service === want.service);
    check(`sentry: ${identity} → ${JSON.stringify(want)}`, ok, found);
  };
  expect('issue:1117540176', { state: 'open', severity: 'high', service: 'front-end' });
  expect('issue:1170820242', { state: 'open', severity: 'high', service: 'front-end' });
  expect('issue:1635244907', { state: 'open', service: 'zulip-integration-testing' });
  expect('issue:1972208801', { state: 'open', service: 'foo-live' });
  expect('issue:38443', { state: 'open' });
  check('sentry: a resolution of an issue never seen firing opens nothing (issue 1638821441, metric alert 7)', !ctx.byIdentity(incidents, 'issue:1638821441') && !ctx.byIdentity(incidents, 'metric_alert:7'), incidents.map((i) => [i.title, i.members.map((m) => m.identity)]));
  // The issue alert's event names its project in its URL: both front-end issues are one service's, grouped.
  check('sentry: the two front-end issues (event_alert and issue.created) share one incident', ctx.byIdentity(incidents, 'issue:1117540176')?.id === ctx.byIdentity(incidents, 'issue:1170820242')?.id, incidents.map((i) => [i.title, i.members.map((m) => m.identity)]));
  check('sentry: 4 incidents in all', incidents.length === 4, incidents.map((i) => i.title));
}

/** An SNS sample's body: a .json file, or the body of a .http request (after its blank line). */
function snsBody(dir: string, file: string): { body: string; headers: Record<string, string> } {
  const text = readFileSync(join(dir, file), 'utf8');
  if (!file.endsWith('.http')) return { body: text, headers: { 'content-type': 'text/plain; charset=UTF-8' } };
  const [head, ...rest] = text.split(/\r?\n\r?\n/);
  const headers = Object.fromEntries(
    head!.split(/\r?\n/).slice(1).map((l) => [l.slice(0, l.indexOf(':')).trim().toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]).filter(([k]) => k && k !== 'host' && k !== 'content-length' && k !== 'connection'),
  );
  return { body: rest.join('\n\n'), headers };
}

async function sns(dir: string, check: Check, ctx: Ctx) {
  // Offline verification of the really signed messages, with the production host rule.
  const pem = readFileSync(join(dir, readdirSync(dir).find((f) => f.endsWith('.pem'))!), 'utf8');
  const fetched: string[] = [];
  const offline = { ...AWS_SNS_TRUST, fetchText: (url: string) => (fetched.push(url), Promise.resolve(pem)) };
  for (const file of ['sns_notification_sigv1.aws-sdk-ruby.json', 'sns_notification_sigv2.aws-sdk-ruby.json', 'sns_notification_sigv1_lambda_key_casing.aws-sdk-ruby.json']) {
    const message = readSnsMessage(JSON.parse(readFileSync(join(dir, file), 'utf8')));
    let ok = false;
    let detail: unknown;
    try {
      if (message) await verifySnsMessage(message, offline);
      ok = !!message;
    } catch (error) {
      detail = (error as Error).message;
    }
    check(`sns/${file}: verifies offline (SignatureVersion ${message?.SignatureVersion}) against the sample certificate`, ok, detail);
    if (message) {
      let refused = false;
      await verifySnsMessage({ ...message, Message: `${message.Message}!` }, offline).catch(() => (refused = true));
      check(`sns/${file}: the same message changed → refused`, refused);
    }
  }
  check('sns: the certificate was fetched from the sns.<region>.amazonaws.com URL only, once (cached)', fetched.length === 1 && /^https:\/\/sns\.us-east-2\.amazonaws\.com\//.test(fetched[0]!), fetched);

  const projectId = await ctx.newProject('AWS samples');
  const { hook } = await ctx.hook(projectId, { source: 'cloudwatch' });
  const files = readdirSync(dir).filter((f) => (f.endsWith('.json') && !f.endsWith('.body.json')) || f.endsWith('.http')).sort();
  const envelopes: Array<{ file: string; message: Record<string, unknown> }> = [];
  for (const file of files) {
    const { body, headers } = snsBody(dir, file);
    const res = await ctx.post(hook.path, body, headers);
    check(`sns/${file}: as received (signature not verifiable here) → 401`, res.status === 401, res.body);
    const parsed = JSON.parse(body) as Record<string, unknown>;
    const sns = (parsed.Records as Array<{ Sns: Record<string, unknown> }> | undefined)?.[0]?.Sns ?? parsed;
    envelopes.push({ file, message: sns });
  }
  check('sns: nothing unverified reached an incident', (await ctx.all(projectId)).length === 0);

  // The same content, signed by the runtime's own SNS signer: normalised for real. A hook is
  // pinned to the topic it confirmed, so each topic of the samples gets its own hook.
  const hooks = new Map<unknown, string>();
  for (const { file, message } of envelopes) {
    if (!hooks.has(message.TopicArn)) hooks.set(message.TopicArn, (await ctx.hook(projectId, { source: 'cloudwatch', name: `Topic ${hooks.size + 1}` })).hook.path);
    const path = hooks.get(message.TopicArn)!;
    const type = message.Type === 'SubscriptionConfirmation' ? 'SubscriptionConfirmation' : 'Notification';
    if (message.Type === 'UnsubscribeConfirmation') continue;
    const env = (
      await call(ctx.base, 'POST', '/_local/sns/envelope', {
        json: { type, message: message.Message, ...(typeof message.Subject === 'string' ? { subject: message.Subject } : {}), topicArn: message.TopicArn },
      })
    ).body;
    const res = await ctx.post(path, JSON.stringify(env), { 'content-type': 'text/plain; charset=UTF-8' });
    check(`sns/${file}: its content re-signed locally → 202`, res.status === 202, res.body);
  }
  const incidents = await settled(ctx, projectId, 4);
  const alarm = (name: string) => incidents.find((i) => i.title === name);
  check('cloudwatch: EC2-CPU ALARM (null description) → open, high, keyed by its AlarmArn', alarm('EC2-CPU')?.state === 'open' && alarm('EC2-CPU')?.severity === 'high' && alarm('EC2-CPU')?.members[0]?.identity === 'arn:aws:cloudwatch:ap-northeast-2:123456789012:alarm:EC2-CPU', alarm('EC2-CPU'));
  check('cloudwatch: bucketbytesAlarm ALARM without an ARN → open, keyed by account, region and name', alarm('bucketbytesAlarm')?.state === 'open' && /:EU \(Ireland\):bucketbytesAlarm$/.test(alarm('bucketbytesAlarm')?.members[0]?.identity ?? ''), alarm('bucketbytesAlarm'));
  check('cloudwatch: INSUFFICIENT_DATA → open at low severity', alarm('notificationCountAlarm')?.severity === 'low', alarm('notificationCountAlarm'));
  check('cloudwatch: an OK never seen in ALARM (anomaly band, Lambda form) opens nothing', !alarm('ContainerInsight-pod_cpu_utilization') && !alarm('DBMigrationRequired'), incidents.map((i) => i.title));
  check('sns: plain topic messages become notification incidents', incidents.some((i) => i.members[0]?.source === 'cloudwatch' && /Hello world/.test(i.title)), incidents.map((i) => i.title));
  const confirmed = (await call(ctx.base, 'GET', '/_local/sns/confirmed')).body as Record<string, string[]>;
  check('sns: re-signed SubscriptionConfirmations were confirmed at their (local) SubscribeURL', Object.keys(confirmed).some((t) => t.includes('ap-southeast-2')), confirmed);
}

const ALERT_EXPECT: Record<'grafana' | 'alertmanager', Array<[string, (incidents: Incident[]) => boolean]>> = {
  grafana: [
    ['firing → resolved pair (fingerprint d8a21484c9c25a60) → one incident, resolved', (xs) => xs.filter((i) => i.members.some((m) => m.identity === 'd8a21484c9c25a60')).length === 1 && xs.find((i) => i.members.some((m) => m.identity === 'd8a21484c9c25a60'))?.state === 'resolved'],
    ['the grouped notification (2 alerts, one groupKey) → one incident with 2 members', (xs) => xs.some((i) => i.members.length === 2 && i.members.some((m) => m.identity === 'c6eadffa33fcdf37') && i.members.some((m) => m.identity === 'bc97ff14869b13e3'))],
    ['Grafana 11 values → an open incident', (xs) => xs.some((i) => i.state === 'open' && i.members.some((m) => m.identity === 'e6349a25f5ef0e9e'))],
    ['a Grafana 12 test notification opens nothing', (xs) => !xs.some((i) => i.members.some((m) => m.identity === 'c4edaaf9f9f839b0'))],
    ['legacy dashboard alerting → understood: rule 7 alerting then ok → resolved', (xs) => xs.find((i) => i.members.some((m) => m.identity === 'rule:7'))?.state === 'resolved'],
    ['4 incidents in all', (xs) => xs.length === 4],
  ],
  alertmanager: [
    ['firing → resolved pair without fingerprints (labels hash) → resolved', (xs) => xs.find((i) => i.title.startsWith('Fire'))?.state === 'resolved'],
    ['no per-alert status (2018) → firing by the group status, warning → medium, job as service', (xs) => xs.some((i) => i.title.startsWith('high_memory_load') && i.state === 'open' && i.severity === 'medium' && i.members[0]?.service === 'docker_nodes')],
    ['OnCall grouped InstanceDown ×2 (extra keys tolerated) → one critical incident, 2 members', (xs) => xs.some((i) => i.title.startsWith('InstanceDown') && i.members.length === 2 && i.severity === 'critical')],
    ['zulip grouped (2 fingerprints, one groupKey) → one incident, 2 members', (xs) => xs.some((i) => i.title.startsWith('High CPU Temperature') && i.members.length === 2)],
    ['a resolution never seen firing (truncatedAlerts) opens nothing', (xs) => !xs.some((i) => i.title.startsWith('Deployment'))],
    ['4 incidents in all', (xs) => xs.length === 4],
  ],
};

async function alerts(dir: string, source: 'grafana' | 'alertmanager', check: Check, ctx: Ctx) {
  const projectId = await ctx.newProject(`${source} samples`);
  const created = await ctx.hook(projectId, { source });
  const auth = { 'content-type': 'application/json', authorization: `Bearer ${created.secret}` };
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort(ORDER)) {
    const raw = readFileSync(join(dir, file));
    const res = await ctx.post(created.hook.path, raw, auth);
    check(`${source}/${file}: bearer token → 202 (${res.body?.signals ?? '?'} signal(s))`, res.status === 202, res.body);
    const again = await ctx.post(created.hook.path, raw, auth);
    check(`${source}/${file}: again → duplicate`, again.body?.duplicate === true, again.body);
    await queuesDrained(ctx.base);
  }
  const incidents = await settled(ctx, projectId, 4);
  for (const [label, holds] of ALERT_EXPECT[source]) check(`${source}: ${label}`, holds(incidents), incidents.map((i) => ({ title: i.title, state: i.state, severity: i.severity, members: i.members.map((m) => m.identity) })));
}
