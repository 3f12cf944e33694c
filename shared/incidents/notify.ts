/**
 * Notify: incident events become in-app notifications for every member, and one job per
 * outgoing webhook of the project (Slack-compatible JSON), delivered by its own consumer with
 * retries and a dead-letter queue, so one failing endpoint holds up no other.
 *
 * Pacing, as Alertmanager does it: an opened incident is posted after the project's group wait
 * (signals arriving together are announced together, the post reads the incident as it then
 * stands); an update is posted only when the severity rises; a resolution at once.
 */
import * as z from 'zod/mini';
import type { ReceivedEventOf } from '../events/event-spec.ts';
import { pickEvents } from '../events/event-spec.ts';
import { incidentEvents } from '../events/incidents.ts';
import { notification } from '../notifications/notifications.ts';
import type { NotificationRepository } from '../notifications/notification-repository.ts';
import { BadRequestError, LimitReachedError, NotFoundError } from '../kit/errors.ts';
import type { SealedSecret, SecretBox } from '../secrets/envelope.ts';
import { DEFAULT_GROUP_WAIT_SECONDS, MAX_GROUP_WAIT_SECONDS, MAX_OUTGOING } from './limits.ts';
import { SEVERITY_RANK, type Incident, type Member, type Project } from './model.ts';
import { access, type Caller, type ProjectDeps } from './projects.ts';
import { plural } from '../kit/plural.ts';
import { targetUrlProblem } from '../kit/target-url.ts';

export const notifiedIncidentEvents = pickEvents(incidentEvents, ['incident.opened', 'incident.updated', 'incident.resolved']);
export type IncidentEventIn = ReceivedEventOf<typeof notifiedIncidentEvents>;

/** One outgoing webhook delivery: a job of the outgoing queue. */
export const OutgoingJob = z.object({
  projectId: z.string(),
  webhookId: z.string(),
  incidentId: z.string(),
  change: z.enum(['opened', 'escalated', 'resolved']),
  eventId: z.string(),
});
export type OutgoingJob = z.infer<typeof OutgoingJob>;

export interface OutgoingWebhook {
  id: string;
  projectId: string;
  name: string;
  /** The URL sealed (Slack webhook URLs are secrets); only a hint is shown. */
  sealedUrl: string;
  urlHint: string;
  createdAt: string;
  lastStatus?: { at: string; ok: boolean; detail: string };
}

export interface OutgoingRepository {
  list(projectId: string): Promise<OutgoingWebhook[]>;
  get(projectId: string, id: string): Promise<OutgoingWebhook | undefined>;
  put(webhook: OutgoingWebhook): Promise<void>;
  remove(projectId: string, id: string): Promise<void>;
  recordStatus(projectId: string, id: string, status: NonNullable<OutgoingWebhook['lastStatus']>): Promise<void>;
}

export interface NotifyDeps {
  members(projectId: string): Promise<Member[]>;
  project(projectId: string): Promise<Project | undefined>;
  notifications: NotificationRepository;
  outgoing: Pick<OutgoingRepository, 'list'>;
  /** Sends outgoing jobs, each delayed by `delaySeconds`. */
  sendJobs(jobs: OutgoingJob[], delaySeconds: number): Promise<void>;
  now: () => Date;
}

/**
 * Notify's deps for one consumer batch: a project's record, members and outgoing webhooks are
 * read once per batch (its events are mostly of the same few projects), not once per event.
 */
export function batchNotifyDeps(base: NotifyDeps): NotifyDeps {
  const memo = <T>(read: (projectId: string) => Promise<T>) => {
    const seen = new Map<string, Promise<T>>();
    return (projectId: string) => {
      let value = seen.get(projectId);
      if (!value) seen.set(projectId, (value = read(projectId)));
      return value;
    };
  };
  const list = memo((projectId) => base.outgoing.list(projectId));
  return { ...base, members: memo((id) => base.members(id)), project: memo((id) => base.project(id)), outgoing: { list } };
}

type Change = OutgoingJob['change'];

/** What an event means for people: opened, escalated, resolved; other updates are quiet. */
export function changeOf(event: IncidentEventIn): Change | undefined {
  if (event.type === 'incident.opened') return 'opened';
  if (event.type === 'incident.resolved') return 'resolved';
  const before = event.detail.previousSeverity;
  return before && SEVERITY_RANK[event.detail.severity] > SEVERITY_RANK[before] ? 'escalated' : undefined;
}

const CHANGE_WORDS: Record<Change, string> = { opened: 'Incident opened', escalated: 'Incident escalated', resolved: 'Incident resolved' };

export async function notifyIncident(deps: NotifyDeps, event: IncidentEventIn): Promise<{ notified: number; jobs: number }> {
  const change = changeOf(event);
  if (!change) return { notified: 0, jobs: 0 };
  const d = event.detail;
  const project = await deps.project(d.projectId);
  if (!project) return { notified: 0, jobs: 0 };
  const now = deps.now();
  const date = event.time.slice(0, 10);
  const members = await deps.members(d.projectId);
  for (const m of members) {
    await deps.notifications.add(
      m.userId,
      notification(
        'incident',
        date,
        `${d.incidentId}.${change}`,
        `${CHANGE_WORDS[change]}: ${d.title}`.slice(0, 200),
        `${project.name} · ${d.severity}${d.occurrence > 1 ? ` · seen ${d.occurrence} times` : ''} · ${d.signalCount} ${plural(d.signalCount, 'signal')}`,
        { projectId: d.projectId, incidentId: d.incidentId, change, severity: d.severity },
        now,
      ),
    );
  }
  const webhooks = await deps.outgoing.list(d.projectId);
  if (webhooks.length) {
    const delay = change === 'opened' ? Math.min(MAX_GROUP_WAIT_SECONDS, project.groupWaitSeconds ?? DEFAULT_GROUP_WAIT_SECONDS) : 0;
    await deps.sendJobs(
      webhooks.map((w) => ({ projectId: d.projectId, webhookId: w.id, incidentId: d.incidentId, change, eventId: event.id })),
      delay,
    );
  }
  return { notified: members.length, jobs: webhooks.length };
}

const COLORS: Record<Incident['severity'], string> = { info: '#8a8f98', low: '#4a90d9', medium: '#e5a50a', high: '#e66100', critical: '#c01c28' };

/** The Slack-compatible message of an incident (`text` for any receiver, an attachment for Slack). */
export function slackMessage(project: Pick<Project, 'name'>, incident: Incident, change: Change, link?: string) {
  const firing = incident.members.filter((m) => m.status === 'firing').length;
  const text = `${CHANGE_WORDS[change]} [${incident.severity.toUpperCase()}] ${incident.title} — ${project.name}`;
  return {
    text,
    attachments: [
      {
        color: change === 'resolved' ? '#2ec27e' : COLORS[incident.severity],
        title: incident.title,
        ...(link ? { title_link: link } : {}),
        fields: [
          { title: 'Severity', value: incident.severity, short: true },
          { title: 'State', value: incident.state, short: true },
          { title: 'Signals', value: String(incident.signalCount), short: true },
          { title: 'Firing members', value: `${firing} of ${incident.members.length}`, short: true },
          ...(incident.occurrence > 1 ? [{ title: 'Seen', value: `${incident.occurrence} times`, short: true }] : []),
        ],
        ts: Math.floor(Date.parse(incident.lastSignalAt) / 1000),
      },
    ],
  };
}

export interface DeliverDeps {
  outgoing: Pick<OutgoingRepository, 'get' | 'recordStatus'>;
  project(projectId: string): Promise<Project | undefined>;
  incident(projectId: string, incidentId: string): Promise<Incident | undefined>;
  box: Pick<SecretBox, 'open'>;
  post(url: string, body: unknown): Promise<{ status: number }>;
  now: () => Date;
}

const urlContext = (projectId: string, id: string) => ({ projectId, webhookId: id, purpose: 'outgoing-webhook' });

/** Posts one incident change to one outgoing webhook; throws (→ retry, then dead letter) on failure. */
export async function deliverOutgoing(deps: DeliverDeps, job: OutgoingJob): Promise<'sent' | 'gone'> {
  const [webhook, project, incident] = await Promise.all([deps.outgoing.get(job.projectId, job.webhookId), deps.project(job.projectId), deps.incident(job.projectId, job.incidentId)]);
  if (!webhook || !project || !incident) return 'gone';
  const url = await deps.box.open(JSON.parse(webhook.sealedUrl) as SealedSecret, urlContext(job.projectId, job.webhookId));
  const at = deps.now().toISOString();
  let status: number;
  try {
    status = (await deps.post(url, slackMessage(project, incident, job.change))).status;
  } catch (error) {
    await deps.outgoing.recordStatus(job.projectId, job.webhookId, { at, ok: false, detail: (error as Error).message.slice(0, 200) });
    throw error;
  }
  const ok = status >= 200 && status < 300;
  await deps.outgoing.recordStatus(job.projectId, job.webhookId, { at, ok, detail: `HTTP ${status}` });
  if (!ok) throw new Error(`The webhook answered ${status}`);
  return 'sent';
}

export function publicOutgoing(w: OutgoingWebhook) {
  return { id: w.id, name: w.name, urlHint: w.urlHint, createdAt: w.createdAt, lastStatus: w.lastStatus ?? null };
}

export async function createOutgoing(
  deps: Pick<ProjectDeps, 'projects' | 'newId' | 'now'> & { outgoing: OutgoingRepository; box: Pick<SecretBox, 'seal'>; allowLocalHttp: boolean },
  projectId: string,
  userId: string,
  body: { name: string; url: string },
) {
  await access(deps, projectId, userId, 'owner');
  const problem = targetUrlProblem(body.url, deps.allowLocalHttp);
  if (problem) throw new BadRequestError('invalid_url', `url ${problem}.`);
  if ((await deps.outgoing.list(projectId)).length >= MAX_OUTGOING) throw new LimitReachedError(`A project has at most ${MAX_OUTGOING} outgoing webhooks.`, MAX_OUTGOING);
  const id = deps.newId();
  const url = new URL(body.url);
  const webhook: OutgoingWebhook = {
    id,
    projectId,
    name: body.name,
    sealedUrl: JSON.stringify(await deps.box.seal(body.url, urlContext(projectId, id))),
    urlHint: `${url.protocol}//${url.host}/…${body.url.slice(-4)}`,
    createdAt: deps.now().toISOString(),
  };
  await deps.outgoing.put(webhook);
  return publicOutgoing(webhook);
}

export async function listOutgoing(deps: Pick<ProjectDeps, 'projects'> & { outgoing: OutgoingRepository }, projectId: string, userId: Caller) {
  await access(deps, projectId, userId, 'viewer');
  return (await deps.outgoing.list(projectId)).map(publicOutgoing);
}

export async function deleteOutgoing(deps: Pick<ProjectDeps, 'projects'> & { outgoing: OutgoingRepository }, projectId: string, userId: string, id: string) {
  await access(deps, projectId, userId, 'owner');
  if (!(await deps.outgoing.get(projectId, id))) throw new NotFoundError('The outgoing webhook');
  await deps.outgoing.remove(projectId, id);
}
