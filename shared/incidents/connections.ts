/**
 * Connections: a project's monitoring accounts that Mosaic pulls from (on a schedule and on
 * demand). Credentials are sealed (envelope encryption) and never returned: a masked hint only;
 * re-entering them rotates. Each connection is pulled by its own job, so one failing source never
 * blocks another; a failure backs off (5 min × 2^failures, at most 6 h) and its status is shown.
 */
import { createHash } from 'node:crypto';
import { BadRequestError, LimitReachedError, NotFoundError } from '../kit/errors.ts';
import { targetUrlProblem } from '../kit/target-url.ts';
import type { SealedSecret, SecretBox } from '../secrets/envelope.ts';
import type { CloudWatchApi } from './cloudwatch-pull.ts';
import { SourceError, type ConnectorContext, type ConnectorInput, type Fetcher } from './connector.ts';
import { connectorOf } from './connectors.ts';
import { MAX_CONNECTIONS } from './limits.ts';
import type { ConnectionSource, SignalBatch } from './model.ts';
import { access, type Caller, type ProjectDeps } from './projects.ts';

export const PULL_INTERVAL_MS = 5 * 60_000;
export const MAX_BACKOFF_MS = 6 * 3600_000;

export interface ConnectionStatus {
  state: 'never' | 'ok' | 'error';
  lastPulledAt?: string;
  lastError?: string;
  failures: number;
  nextPullAt: string;
  lastTest?: { at: string; ok: boolean; detail: string };
}

export interface Connection {
  id: string;
  projectId: string;
  source: ConnectionSource;
  name: string;
  config: Record<string, string>;
  sealedCredentials: string;
  hint: string;
  createdAt: string;
  status: ConnectionStatus;
  /** Where the next pull starts (CloudWatch: alarms seen firing, each log group's position), JSON. */
  checkpoint?: string;
}

export interface ConnectionRepository {
  list(projectId: string): Promise<Connection[]>;
  get(projectId: string, id: string): Promise<Connection | undefined>;
  put(connection: Connection): Promise<void>;
  remove(projectId: string, id: string): Promise<void>;
  /** Connections whose next pull is due (at most `limit`), soonest first. */
  due(now: Date, limit: number): Promise<Array<{ projectId: string; id: string }>>;
}

export interface ConnectionDeps extends Pick<ProjectDeps, 'projects' | 'newId' | 'now'> {
  connections: ConnectionRepository;
  box: Pick<SecretBox, 'seal' | 'open'>;
  fetcher: Fetcher;
  allowLocalHttp: boolean;
  /** AWS access for CloudWatch connections (only the functions that test and pull carry it). */
  cloudwatch?: CloudWatchApi;
  sleep?: (ms: number) => Promise<void>;
}

/** What a connector's test or pull may use, from the function's deps. */
function connectorContext(deps: ConnectionDeps, connectionId: string): ConnectorContext {
  return {
    connectionId,
    fetcher: deps.fetcher,
    now: deps.now,
    sleep: deps.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms))),
    ...(deps.cloudwatch ? { cloudwatch: deps.cloudwatch } : {}),
  };
}

/** A source's own checks of what was entered (CloudWatch: region, role ARN, external id). */
function checkInput(source: ConnectionSource, input: ConnectorInput) {
  const problem = connectorOf(source).checkInput?.(input);
  if (problem) throw new BadRequestError('invalid_config', problem);
}

const context = (projectId: string, id: string) => ({ projectId, connectionId: id, purpose: 'connection-credentials' });

export function publicConnection(c: Connection) {
  return { id: c.id, source: c.source, name: c.name, config: c.config, credentialsHint: c.hint, createdAt: c.createdAt, status: c.status };
}

function checkUrls(config: Record<string, string>, local: boolean) {
  for (const [key, value] of Object.entries(config)) {
    if (!/url|server/i.test(key)) continue;
    const problem = targetUrlProblem(value, local);
    if (problem) throw new BadRequestError('invalid_config', `config.${key} ${problem}.`);
  }
}

export async function createConnection(
  deps: ConnectionDeps,
  projectId: string,
  userId: string,
  body: { source: ConnectionSource; name?: string; config: Record<string, string>; credentials: Record<string, string> },
) {
  await access(deps, projectId, userId, 'owner');
  const connector = connectorOf(body.source);
  const missing = connector.configFields.filter((f) => !body.config[f]);
  if (missing.length) throw new BadRequestError('invalid_config', `${body.source} needs config ${missing.join(', ')}.`);
  checkUrls(body.config, deps.allowLocalHttp);
  checkInput(body.source, body);
  if ((await deps.connections.list(projectId)).length >= MAX_CONNECTIONS) throw new LimitReachedError(`A project has at most ${MAX_CONNECTIONS} connections.`, MAX_CONNECTIONS);
  const id = deps.newId();
  const now = deps.now().toISOString();
  const secret = body.credentials[connector.secretField] ?? '';
  const connection: Connection = {
    id,
    projectId,
    source: body.source,
    name: body.name ?? body.source,
    config: body.config,
    sealedCredentials: JSON.stringify(await deps.box.seal(JSON.stringify(body.credentials), context(projectId, id))),
    hint: secret ? `…${secret.slice(-4)}` : '(none)',
    createdAt: now,
    status: { state: 'never', failures: 0, nextPullAt: now },
  };
  await deps.connections.put(connection);
  return publicConnection(connection);
}

async function load(deps: ConnectionDeps, projectId: string, id: string): Promise<Connection> {
  const c = await deps.connections.get(projectId, id);
  if (!c) throw new NotFoundError('The connection');
  return c;
}

export async function listConnections(deps: ConnectionDeps, projectId: string, userId: Caller) {
  await access(deps, projectId, userId, 'viewer');
  return (await deps.connections.list(projectId)).map(publicConnection);
}

/** Rotates by re-entry: the new credentials replace the old ones; the status starts afresh. */
export async function rotateCredentials(deps: ConnectionDeps, projectId: string, userId: string, id: string, credentials: Record<string, string>) {
  await access(deps, projectId, userId, 'owner');
  const c = await load(deps, projectId, id);
  checkInput(c.source, { config: c.config, credentials });
  const secret = credentials[connectorOf(c.source).secretField] ?? '';
  const next: Connection = {
    ...c,
    sealedCredentials: JSON.stringify(await deps.box.seal(JSON.stringify(credentials), context(projectId, id))),
    hint: secret ? `…${secret.slice(-4)}` : '(none)',
    status: { state: 'never', failures: 0, nextPullAt: deps.now().toISOString() },
  };
  await deps.connections.put(next);
  return publicConnection(next);
}

export async function deleteConnection(deps: ConnectionDeps, projectId: string, userId: string, id: string) {
  await access(deps, projectId, userId, 'owner');
  await load(deps, projectId, id);
  await deps.connections.remove(projectId, id);
}

async function credentialsOf(deps: ConnectionDeps, c: Connection): Promise<Record<string, string>> {
  return JSON.parse(await deps.box.open(JSON.parse(c.sealedCredentials) as SealedSecret, context(c.projectId, c.id))) as Record<string, string>;
}

/** "Test connection": the cheapest call that proves URL and credentials, with a clear outcome. */
export async function testConnection(deps: ConnectionDeps, projectId: string, userId: string, id: string) {
  await access(deps, projectId, userId, 'responder');
  const c = await load(deps, projectId, id);
  const at = deps.now().toISOString();
  let result: { ok: boolean; detail: string };
  try {
    const credentials = await credentialsOf(deps, c);
    const detail = await connectorOf(c.source).test({ config: c.config, credentials }, connectorContext(deps, c.id));
    result = { ok: true, detail };
  } catch (error) {
    if (!(error instanceof SourceError)) throw error;
    result = { ok: false, detail: error.message };
  }
  await deps.connections.put({ ...c, status: { ...c.status, lastTest: { at, ...result } } });
  return { ...result, at };
}

/** `POST /v1/projects/{id}/fetch`: one pull job per connection, now. */
export async function requestFetch(deps: ConnectionDeps & { sendPulls(jobs: Array<{ projectId: string; connectionId: string }>): Promise<void> }, projectId: string, userId: string) {
  await access(deps, projectId, userId, 'responder');
  const connections = await deps.connections.list(projectId);
  await deps.sendPulls(connections.map((c) => ({ projectId, connectionId: c.id })));
  return { queued: connections.length };
}

/** The scheduled fan-out: a pull job for each connection whose next pull is due. */
export async function fanOutDuePulls(deps: Pick<ConnectionDeps, 'connections' | 'now'> & { sendPulls(jobs: Array<{ projectId: string; connectionId: string }>): Promise<void> }) {
  const due = await deps.connections.due(deps.now(), 500);
  await deps.sendPulls(due.map((d) => ({ projectId: d.projectId, connectionId: d.id })));
  return { queued: due.length };
}

export const backoffMs = (failures: number) => Math.min(MAX_BACKOFF_MS, PULL_INTERVAL_MS * 2 ** Math.max(0, failures - 1));

/**
 * Pulls one connection: its signals go to the signals queue, one delivery per pulled item (its id
 * derives from the item's stable key, so pulling the same item again adds nothing). A source
 * error is recorded with back-off, not thrown: the next pull is scheduled later, and the other
 * connections are not held up.
 */
export async function pullConnection(deps: ConnectionDeps & { enqueue(batches: SignalBatch[]): Promise<void> }, job: { projectId: string; connectionId: string }) {
  const c = await deps.connections.get(job.projectId, job.connectionId);
  if (!c) return { pulled: 0, state: 'gone' as const };
  const now = deps.now();
  const since = new Date(Math.min(now.getTime() - PULL_INTERVAL_MS, Date.parse(c.status.lastPulledAt ?? new Date(now.getTime() - 3600_000).toISOString()) - 60_000));
  try {
    const credentials = await credentialsOf(deps, c);
    const { pulled, checkpoint = c.checkpoint } = await connectorOf(c.source).pull({ config: c.config, credentials }, connectorContext(deps, c.id), {
      since,
      ...(c.checkpoint ? { checkpoint: c.checkpoint } : {}),
    });
    const receivedAt = now.toISOString();
    await deps.enqueue(
      pulled.map((p) => ({
        projectId: c.projectId,
        deliveryId: `pull-${c.id}-${createHash('sha256').update(p.key).digest('hex').slice(0, 32)}`,
        receivedAt,
        signals: [p.signal],
      })),
    );
    // The checkpoint is written only after the signals are enqueued: a crash in between reads again, and the ids drop repeats.
    await deps.connections.put({
      ...c,
      ...(checkpoint ? { checkpoint } : {}),
      status: { ...c.status, state: 'ok', failures: 0, lastPulledAt: receivedAt, nextPullAt: new Date(now.getTime() + PULL_INTERVAL_MS).toISOString() },
    });
    return { pulled: pulled.length, state: 'ok' as const };
  } catch (error) {
    if (!(error instanceof SourceError)) throw error;
    const failures = c.status.failures + 1;
    await deps.connections.put({
      ...c,
      status: { ...c.status, state: 'error', failures, lastError: error.message, nextPullAt: new Date(now.getTime() + backoffMs(failures)).toISOString() },
    });
    return { pulled: 0, state: 'error' as const };
  }
}
