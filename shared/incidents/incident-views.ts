/**
 * Reading incidents, and the people's actions as routes see them: each checks the caller's
 * role first (viewers read; responders and owners act), and announces what changed on the bus.
 */
import type { EventPublisher } from '../events/domain-events.ts';
import { NotFoundError } from '../kit/errors.ts';
import type { Page } from '../kit/schemas.ts';
import { acknowledge, comment, merge, reopen, resolveByHand, split, type ActionDeps, type ActionResult, type Actor } from './actions.ts';
import { publicIncident, type IncidentReader } from './incident-repository.ts';
import type { Incident, Severity, TimelineEntry } from './model.ts';
import { access, callerId, type Caller } from './projects.ts';
import type { ProjectRepository } from './project-repository.ts';
import { incidentEvent } from './incident-events.ts';

export interface ViewDeps extends ActionDeps {
  projects: ProjectRepository;
  reader: IncidentReader;
  bus: EventPublisher;
}

export interface IncidentDetail {
  incident: Incident;
  related: Array<{ id: string; title: string; state: string; relation: 'previous' | 'merged_from' | 'merged_into' | 'split_from' }>;
}

const MAX_RELATED = 10;

export async function listIncidents(
  deps: ViewDeps,
  projectId: string,
  caller: Caller,
  query: { state: 'active' | 'resolved' | 'merged'; severity?: Severity; limit: number; cursor?: string },
): Promise<Page<Incident>> {
  await access(deps, projectId, caller, 'viewer');
  const page = await deps.reader.list(projectId, query.state, { limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) });
  return query.severity ? { ...page, items: page.items.filter((i) => i.severity === query.severity) } : page;
}

async function detail(deps: ViewDeps, projectId: string, incident: Incident): Promise<IncidentDetail> {
  type Relation = IncidentDetail['related'][number]['relation'];
  const links: Array<readonly [string, Relation]> = [
    ...(incident.previousId ? [[incident.previousId, 'previous'] as const] : []),
    ...(incident.mergedInto ? [[incident.mergedInto, 'merged_into'] as const] : []),
    ...(incident.splitFrom ? [[incident.splitFrom, 'split_from'] as const] : []),
    ...incident.mergedFrom.map((id) => [id, 'merged_from'] as const),
  ].slice(0, MAX_RELATED);
  const related = await Promise.all(
    links.map(async ([id, relation]) => {
      const other = await deps.store.getIncident(projectId, id);
      return other ? { id, title: other.title, state: other.state, relation } : undefined;
    }),
  );
  return { incident: publicIncident(incident), related: related.filter((r) => r !== undefined) };
}

export async function getIncident(deps: ViewDeps, projectId: string, caller: Caller, incidentId: string): Promise<IncidentDetail> {
  await access(deps, projectId, caller, 'viewer');
  const incident = await deps.store.getIncident(projectId, incidentId);
  if (!incident) throw new NotFoundError('The incident');
  return detail(deps, projectId, incident);
}

export async function timeline(deps: ViewDeps, projectId: string, caller: Caller, incidentId: string, page: { limit: number; cursor?: string }): Promise<Page<TimelineEntry>> {
  await access(deps, projectId, caller, 'viewer');
  if (!(await deps.store.getIncident(projectId, incidentId))) throw new NotFoundError('The incident');
  return deps.reader.timeline(projectId, incidentId, page);
}

export type ActionName = 'acknowledge' | 'resolve' | 'reopen' | 'merge' | 'split';

/** Runs an action as a member with at least the responder role, and announces the changes. */
export async function act(
  deps: ViewDeps,
  projectId: string,
  caller: Caller,
  incidentId: string,
  action: ActionName,
  input: { into?: string; fingerprints?: string[] } = {},
): Promise<IncidentDetail> {
  const { member } = await access(deps, projectId, caller, 'responder');
  const userId = callerId(caller);
  const actor: Actor = { id: userId, name: member.displayName || member.email || 'someone' };
  let result: ActionResult;
  switch (action) {
    case 'acknowledge':
      result = await acknowledge(deps, projectId, incidentId, actor);
      break;
    case 'resolve':
      result = await resolveByHand(deps, projectId, incidentId, actor);
      break;
    case 'reopen':
      result = await reopen(deps, projectId, incidentId, actor);
      break;
    case 'merge':
      result = await merge(deps, projectId, incidentId, input.into!, actor);
      break;
    case 'split':
      result = await split(deps, projectId, incidentId, input.fingerprints!, actor);
      break;
  }
  if (result.changes.length) await deps.bus.publish(result.changes.map((c) => incidentEvent(c.change, c.incident, userId)));
  return detail(deps, projectId, result.incident);
}

export async function addComment(deps: ViewDeps, projectId: string, caller: Caller, incidentId: string, text: string): Promise<TimelineEntry> {
  const { member } = await access(deps, projectId, caller, 'responder');
  return comment(deps, projectId, incidentId, { id: callerId(caller), name: member.displayName || member.email }, text);
}
